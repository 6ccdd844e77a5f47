import unicodedata

import pytest

from procurement.text import fold, fold_alias, storage_form


# --- storage_form ------------------------------------------------------------------


def test_it_composes_to_nfc():
    """Stored text is NFC: a decomposed é becomes one character."""
    assert storage_form("Cafe\u0301") == "Café"


def test_it_decomposes_precomposed_nukta_letters_as_nfc_requires():
    """NFC writes क़ (U+0958) as क + nukta, so stored Hindi has one spelling."""
    assert storage_form("\u0958") == "\u0915\u093c"


def test_it_turns_crlf_and_cr_into_lf():
    """Windows and old Mac line ends are stored as LF."""
    assert storage_form("a\r\nb\rc\n") == "a\nb\nc\n"


def test_it_drops_only_a_leading_bom():
    """A leading BOM goes; one inside the text is the folder's business."""
    assert storage_form("\ufeffराजनाथ\ufeff") == "राजनाथ\ufeff"


def test_it_changes_nothing_else_in_storage_form():
    """Dashes, spaces, case and zero-width joiners are stored as written."""
    raw = "S–400  and\u00a0Su-30\u200d MKI\tएस-४००"
    assert storage_form(raw) == raw


# --- fold: designations --------------------------------------------------------------


@pytest.mark.parametrize("variant", ["S-400", "S 400", "S400", "S–400", "S‑400", "S—400", "S−400", "s-400", "S\u00ad400"])
def test_it_folds_every_s400_spelling_alike(variant):
    """Dash, space, no separator, soft hyphen: one designation, one folded form."""
    assert fold(variant).text == "s400"


@pytest.mark.parametrize("variant", ["Su-30 MKI", "Su-30MKI", "SU 30 MKI", "su30mki", "Su–30 MKI"])
def test_it_folds_every_su30mki_spelling_alike(variant):
    """Separators between letter and digit parts of a designation vanish."""
    assert fold(variant).text == "su30mki"


@pytest.mark.parametrize("variant", ["एस-400", "एस-४००", "एस 400", "एस400", "एस–४००"])
def test_it_folds_devanagari_designations_alike(variant):
    """Devanagari designations fold like Latin ones, digits included."""
    assert fold(variant).text == "एस400"


def test_it_joins_devanagari_designation_parts_on_both_sides():
    """एसयू-30 एमकेआई folds to one token, like Su-30 MKI."""
    assert fold("एसयू-30 एमकेआई").text == "एसयू30एमकेआई"


def test_it_keeps_a_dash_between_two_numbers():
    """2025-26 is a range, not a designation: it stays as written."""
    assert fold("2025-26").text == "2025-26"


def test_it_keeps_a_space_between_two_numbers():
    """Thousands written with a space stay two tokens."""
    assert fold("1 000").text == "1 000"


# --- fold: words ------------------------------------------------------------------------


def test_it_keeps_spaces_between_words():
    """Two words of letters stay two words."""
    assert fold("Rajnath Singh").text == "rajnath singh"


@pytest.mark.parametrize("variant", ["भारत-रूस", "भारत - रूस", "भारत–रूस", "भारत — रूस", "भारत रूस"])
def test_it_turns_a_dash_between_words_into_a_space(variant):
    """A hyphen between letters is a word boundary: भारत-रूस reads as भारत रूस."""
    assert fold(variant).text == "भारत रूस"


def test_it_folds_hyphenated_and_spaced_latin_compounds_alike():
    """Al-Qaeda and Al Qaeda are one name."""
    assert fold("Al-Qaeda").text == fold("Al Qaeda").text == "al qaeda"


def test_it_lowercases_latin_and_cyrillic():
    """Case does not matter for Latin or Cyrillic."""
    assert fold("Putin ПУТИН").text == "putin путин"


def test_it_folds_yo_to_ye():
    """Russian prints ё as е half the time."""
    assert fold("Королёв").text == fold("Королев").text


def test_it_folds_dotted_capital_i_to_one_character():
    """İ would lower() to two characters; it folds to i so offsets stay simple."""
    assert fold("İNS").text == "ins"


@pytest.mark.parametrize(
    "with_nukta, without",
    [("क़िंगदाओ", "किंगदाओ"), ("ख़बर", "खबर"), ("ग़ज़ा", "गजा"), ("ज़रूरी", "जरूरी"), ("फ़ौज", "फौज"), ("य़", "य")],
)
def test_it_drops_the_perso_arabic_nukta(with_nukta, without):
    """क़ ख़ ग़ ज़ फ़ य़ fold to their plain letters."""
    assert fold(storage_form(with_nukta)).text == without


def test_it_keeps_dda_and_rha_distinct():
    """ड़ and ढ़ are letters of their own in Hindi: their nukta stays."""
    assert fold(storage_form("सड़क")).text != fold("सडक").text
    assert fold(storage_form("पढ़ाई")).text != fold("पढाई").text


def test_it_folds_precomposed_nukta_letters_even_without_nfc():
    """U+0958..U+095F (not U+095C/D) fold like their decomposed forms."""
    assert fold("\u0958\u0959\u095a\u095b\u095e\u095f").text == "कखगजफय"
    assert fold("\u095c").text == "\u095c"


def test_it_folds_candrabindu_to_anusvara():
    """पहुँचे and पहुंचे are spellings of one word."""
    assert fold("पहुँचे").text == fold("पहुंचे").text


def test_it_turns_devanagari_digits_into_ascii():
    """०-९ fold to 0-9."""
    assert fold("२०२५").text == "2025"


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_it_drops_zero_width_characters(invisible):
    """Zero-width characters and the soft hyphen vanish."""
    assert fold(f"राज{invisible}नाथ").text == "राजनाथ"


@pytest.mark.parametrize("space", ["\u00a0", "\u2009", "\u202f", "\t", "\n", "\u3000"])
def test_it_turns_every_space_into_a_plain_space(space):
    """NBSP, thin spaces, tabs and newlines are ordinary spaces."""
    assert fold(f"Rajnath{space}Singh").text == "rajnath singh"


def test_it_collapses_runs_of_whitespace():
    """Runs of whitespace become one space."""
    assert fold("Rajnath \n\n  Singh").text == "rajnath singh"


def test_it_folds_curly_apostrophes():
    """Lavrov’s and Lavrov's fold alike."""
    assert fold("Lavrov’s").text == "lavrov's"


# --- offsets ---------------------------------------------------------------------------------


def test_it_gives_one_offset_per_folded_character_plus_the_end():
    """offsets has len(text)+1 entries and the last is len(source)."""
    source = "S–400 and  एस-४०० क़"
    folded = fold(source)
    assert len(folded.offsets) == len(folded.text) + 1
    assert folded.offsets[-1] == len(source)
    assert folded.offsets == [folded.to_source(i) for i in range(len(folded.text) + 1)]


def test_it_maps_each_folded_character_to_its_source_character():
    """A folded character comes from the source character at its offset."""
    source = "Su-30 MKI, एसयू-३० and ज़रूरी"
    folded = fold(source)
    for i, ch in enumerate(folded.text):
        assert fold(source[folded.offsets[i]]).text in (ch, "")


def test_it_widens_a_span_over_a_swallowed_nukta():
    """A quote never ends with half a letter: the nukta of ज़ comes along."""
    source = storage_form("मैं नाज़ हूँ")
    folded = fold(source)
    a = folded.text.index("नाज")
    start, end = folded.source_span(a, a + 3)
    assert source[start:end] == storage_form("नाज़")


def test_it_reports_where_a_separator_was_removed():
    """joined_at is true where folding removed a space or dash, false elsewhere."""
    folded = fold("S-400 और")
    assert folded.text == "s400और"
    assert folded.joined_at(1)  # s|400
    assert folded.joined_at(4)  # 400|और
    assert not folded.joined_at(2)


def test_it_does_not_report_a_join_where_only_an_invisible_was_removed():
    """ZWJ inside a word is not a separator."""
    assert not fold("राज\u200dनाथ").joined_at(3)


def test_it_rejects_an_empty_or_reversed_span():
    """source_span needs 0 <= a < b <= len(text)."""
    with pytest.raises(ValueError):
        fold("abc").source_span(2, 2)


# --- fold_alias ------------------------------------------------------------------------------


def test_it_strips_and_normalises_aliases():
    """fold_alias = fold(storage_form(alias)).text stripped."""
    assert fold_alias("  S–400\n") == "s400"
    assert fold_alias("\u0958") == "क"


def test_it_folds_an_alias_with_an_ampersand_and_hyphen():
    """IRIGC-M&MTC keeps its ampersand; the hyphen between letters is a space."""
    assert fold_alias("IRIGC-M&MTC") == "irigc m&mtc"


def test_it_never_lengthens_the_text():
    """Folding only keeps, replaces or deletes characters."""
    source = unicodedata.normalize("NFC", "ß İ ﬁ Σς Straße ǅ")
    assert len(fold(source).text) <= len(source)
