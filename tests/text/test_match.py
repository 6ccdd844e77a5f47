import pytest

from procurement.text import Match, Matcher


def found(matcher: Matcher, text: str) -> list[tuple[object, str]]:
    matches = matcher.find(text)
    for m in matches:
        assert text[m.start : m.end] == m.text
    return [(m.key, m.text) for m in matches]


S400 = Matcher([("s400", "S-400"), ("s400", "एस-400")])


# --- designations -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["S-400 deal", "the S 400 unit", "S400.", "(S–400)", "S‑400 और", "एस-४०० की"])
def test_it_finds_a_designation_however_it_is_written(text):
    """One alias S-400 finds S-400, S 400, S400, S–400 and Devanagari spellings."""
    assert [key for key, _ in found(S400, text)] == ["s400"]


def test_it_quotes_the_designation_as_written():
    """Match.text is the original spelling, not the folded one."""
    assert found(S400, "two S–400 units") == [("s400", "S–400")]


def test_it_does_not_find_s400_inside_s4000():
    """A designation does not match the start of a longer number."""
    assert found(S400, "the S-4000 prototype") == []


def test_it_does_not_find_s400_after_other_letters():
    """BS-400 is another designation."""
    assert found(S400, "a BS-400 bus") == []


def test_it_finds_the_english_plural_of_a_designation():
    """S-400s mentions S-400: a lower-case s right after the final digit is a plural."""
    assert found(S400, "more S-400s were ordered") == [("s400", "S-400")]


def test_it_does_not_take_a_capital_s_suffix_for_a_plural():
    """S-400S would be a variant name, not a plural."""
    assert found(S400, "an S-400S unit") == []


def test_it_does_not_read_a_possessive_s_and_a_number_as_a_designation():
    """"India's 400 jets" folds to india's400 but is not S-400."""
    assert found(S400, "India's 400 jets") == []


SU30 = Matcher([("su30", "Su-30"), ("su30mki", "Su-30 MKI")])


def test_it_does_not_find_su30_inside_su30sm():
    """Su-30SM is a different aircraft."""
    assert found(SU30, "the Su-30SM fleet") == []


@pytest.mark.parametrize("text", ["Su-30 MKI", "Su-30MKI", "SU 30 MKI", "एक su30mki"])
def test_it_prefers_the_longer_designation(text):
    """Su-30 MKI as its own alias wins over Su-30, however it is spaced."""
    assert [key for key, _ in found(SU30, text)] == ["su30mki"]


def test_it_finds_the_shorter_designation_when_the_longer_is_absent():
    """Plain Su-30 still matches Su-30."""
    assert found(SU30, "Su-30 अपग्रेड") == [("su30", "Su-30")]


def test_it_finds_the_base_designation_before_a_separate_variant_word():
    """Without a "Su-30 SM" alias, "Su-30 SM" mentions Su-30 (the space is a boundary)."""
    assert found(SU30, "Su-30 SM") == [("su30", "Su-30")]


# --- word boundaries ---------------------------------------------------------------------


def test_it_does_not_find_a_hindi_word_inside_a_longer_word():
    """भारत is not found inside भारतीय."""
    assert found(Matcher([("india", "भारत")]), "भारतीय सेना") == []


def test_it_prefers_the_longer_hindi_alias_when_both_exist():
    """If भारतीय is itself an alias, it wins over भारत."""
    matcher = Matcher([("india", "भारत"), ("indian", "भारतीय")])
    assert found(matcher, "भारतीय सेना और भारत") == [("indian", "भारतीय"), ("india", "भारत")]


def test_it_does_not_take_a_suffixed_form_for_the_stem():
    """रूसी (Russian) is not रूस (Russia)."""
    assert found(Matcher([("russia", "रूस")]), "रूसी मंत्री") == []


def test_it_finds_a_word_before_a_postposition():
    """Hindi postpositions are separate words: रूस के finds रूस."""
    assert found(Matcher([("russia", "रूस")]), "रूस के साथ") == [("russia", "रूस")]


def test_it_finds_both_halves_of_a_hyphen_compound():
    """भारत-रूस finds भारत and रूस."""
    matcher = Matcher([("india", "भारत"), ("russia", "रूस")])
    assert found(matcher, "भारत-रूस संबंध") == [("india", "भारत"), ("russia", "रूस")]
    assert found(matcher, "भारत–रूस") == [("india", "भारत"), ("russia", "रूस")]


def test_it_does_not_stop_at_a_matra():
    """A word ending in a vowel sign is whole: मोदी is found, मोद is not."""
    matcher = Matcher([("mod", "मोद")])
    assert found(matcher, "मोदी जी") == []


def test_it_does_not_find_sco_inside_disco():
    """SCO is not in disco."""
    assert found(Matcher([("sco", "SCO")]), "a disco night") == []


def test_it_does_not_find_modi_inside_modified():
    """Modi is not in modified."""
    assert found(Matcher([("modi", "Modi")]), "a modified plan") == []


@pytest.mark.parametrize("text", ["Lavrov's visit", "Lavrov’s visit", "Lavrov, who"])
def test_it_finds_a_name_before_a_possessive_or_punctuation(text):
    """Possessives and punctuation end a word."""
    assert found(Matcher([("lavrov", "Lavrov")]), text) == [("lavrov", "Lavrov")]


def test_it_finds_a_name_next_to_a_number():
    """Folding joins "BRICS 2025" to brics2025, but the space there is still a boundary."""
    assert found(Matcher([("brics", "BRICS")]), "BRICS 2025 में") == [("brics", "BRICS")]


def test_it_finds_an_alias_across_a_line_break():
    """A name wrapped onto the next line is still one name."""
    assert found(Matcher([("rs", "राजनाथ सिंह")]), "मंत्री राजनाथ\nसिंह ने") == [("rs", "राजनाथ\nसिंह")]


def test_it_finds_an_alias_with_punctuation_inside():
    """IRIGC-M&MTC and एस. जयशंकर match as written."""
    matcher = Matcher([("irigc", "IRIGC-M&MTC"), ("sj", "एस. जयशंकर")])
    text = "IRIGC-M&MTC की बैठक में डॉ. एस. जयशंकर"
    assert found(matcher, text) == [("irigc", "IRIGC-M&MTC"), ("sj", "एस. जयशंकर")]


def test_it_matches_through_a_nukta_and_quotes_it():
    """क़िंगदाओ in the text matches the alias किंगदाओ and is quoted with its nukta."""
    assert found(Matcher([("q", "किंगदाओ")]), "वे क़िंगदाओ पहुंचे") == [("q", "क़िंगदाओ")]


def test_it_quotes_a_trailing_nukta():
    """A match ending in ज़ keeps the nukta in its quote."""
    assert found(Matcher([("n", "नाज")]), "यह नाज़ है") == [("n", "नाज़")]


# --- case ---------------------------------------------------------------------------------


def test_it_matches_names_in_any_case():
    """Ordinary aliases are case-insensitive."""
    assert found(Matcher([("p", "Putin")]), "PUTIN and putin") == [("p", "PUTIN"), ("p", "putin")]


def test_it_matches_a_short_all_caps_alias_only_in_capitals():
    """INDRA the exercise is not Indra the deity; HAL is not "hal"."""
    matcher = Matcher([("indra", "INDRA"), ("hal", "HAL")])
    assert found(matcher, "Indra and INDRA, hal and HAL's") == [("indra", "INDRA"), ("hal", "HAL")]


def test_it_can_match_acronyms_in_any_case_when_asked():
    """case_sensitive_acronyms=False matches SCO in "Sco" too."""
    matcher = Matcher([("sco", "SCO")], case_sensitive_acronyms=False)
    assert found(matcher, "Sco") == [("sco", "Sco")]


def test_it_matches_mixed_case_and_long_capital_aliases_in_any_case():
    """MoD, IRIGC-M&MTC and designations with digits are not acronyms for the case rule."""
    matcher = Matcher([("mod", "MoD"), ("ir", "IRIGC-M&MTC"), ("s400", "S-400")])
    assert [k for k, _ in found(matcher, "the mod, irigc-m&mtc, s-400")] == ["mod", "ir", "s400"]


def test_it_falls_back_to_a_case_insensitive_alias_of_the_same_form():
    """An all-caps alias and a plain one fold alike: the plain one matches lower case."""
    matcher = Matcher([("org", "HAL"), ("name", "Hal")])
    assert found(matcher, "HAL and Hal") == [("org", "HAL"), ("name", "Hal")]


def test_it_tries_a_shorter_alias_when_the_longer_fails_the_case_rule():
    """A longer acronym refused for case does not hide a shorter alias at the same place."""
    matcher = Matcher([("mig", "mig"), ("migs", "MIGS")])
    assert found(matcher, "Migs") == []  # plural rule does not apply after a letter
    assert found(matcher, "MIGS") == [("migs", "MIGS")]


# --- bookkeeping -----------------------------------------------------------------------------


def test_it_keeps_every_key_of_aliases_that_fold_alike():
    """keys_for lists all keys of one folded form; Match.key is the first registered."""
    matcher = Matcher([(1, "S-400"), (2, "S400"), (3, "एस-400")])
    assert len(matcher) == 2
    assert matcher.keys_for("s400") == (1, 2)
    assert matcher.keys_for("nothing") == ()
    assert found(matcher, "S 400") == [(1, "S 400")]


def test_it_returns_sorted_non_overlapping_matches():
    """Leftmost-longest: overlapping hits are resolved and results come in text order."""
    matcher = Matcher([("a", "नरेंद्र मोदी"), ("b", "मोदी"), ("c", "नरेंद्र")])
    assert found(matcher, "मोदी, नरेंद्र मोदी") == [("b", "मोदी"), ("a", "नरेंद्र मोदी")]


def test_it_returns_match_objects_with_offsets():
    """Match carries key, start, end and text."""
    assert Matcher([("r", "रूस")]).find("भारत और रूस") == [Match("r", 8, 11, "रूस")]


def test_it_ignores_aliases_that_fold_to_nothing():
    """An alias of only spaces or invisibles is skipped, not matched everywhere."""
    matcher = Matcher([("blank", "  "), ("zw", "\u200b")])
    assert len(matcher) == 0
    assert matcher.find("anything") == []


def test_it_handles_empty_text():
    """Empty text has no matches."""
    assert S400.find("") == []


def test_it_does_not_read_a_dollar_currency_as_a_country():
    """US$ and A$ are currencies; "the US, $5 billion" still names the US."""
    us = Matcher([("us", "US")])
    assert found(us, "worth US$5.4 billion") == []
    assert found(us, "the US $5 billion offer") == [("us", "US")]
    assert found(us, "the US, $5 billion") == [("us", "US")]
