"""Spelling variants of names (text.variants): each class of spellings, and the bounds that keep
distinct names apart."""

import pytest

from procurement.text import Matcher, fold_alias
from procurement.text.variants import (COMMON_WORDS, MAX_CHANGES, MAX_VARIANTS,
                                       devanagari_variants, is_variant_of, skeleton,
                                       variant_forms, variant_of)

# --- each class of spellings ----------------------------------------------------------------


@pytest.mark.parametrize(("alias", "written"), [
    ("बेलौसोव", "बेलोसोव"),  # ौ/ो
    ("बेलौसोव", "बैलौसोव"),  # े/ै
    ("शोइगु", "शोइगू"),  # ु/ू
    ("शोइगु", "शोईगु"),  # इ/ई
    ("पुतिन", "पुतीन"),  # ि/ी
    ("उलानोव", "ऊलानोव"),  # उ/ऊ
    ("एरमाकोव", "ऐरमाकोव"),  # ए/ऐ
    ("ओरलोवा", "औरलोवा"),  # ओ/औ
    ("बेलौसोव", "बेलौसेव"),  # the surname ending -ov/-ev
    ("बेलौसोव", "बेलोसेव"),  # two changes at once
    ("ओरलोवा", "ओरलेवा"),  # -ova/-eva
    ("नताल्या", "नतालिया"),  # a final -ya after a consonant
    ("नताल्या", "नतालीया"),
    ("झांग", "झाङ्ग"),  # anusvara before each row of stops: its nasal with virama
    ("पंचेंको", "पञ्चेंको"),
    ("कुंडेरा", "कुण्डेरा"),
    ("आंद्रे बेलौसोव", "आन्द्रे बेलौसोव"),
    ("कंबोडिया", "कम्बोडिया"),
])
def test_it_spells_a_name_in_each_way_writers_do(alias, written):
    """Each class of spellings yields the other member, with the same skeleton."""
    assert written in devanagari_variants(alias)
    assert skeleton(written) == skeleton(fold_alias(alias))


@pytest.mark.parametrize(("alias", "written"), [
    ("बेलौसोव", "बेलोसोव"), ("झाङ्ग", "झांग"), ("नतालिया", "नताल्या"), ("बेलौसेव", "बेलौसोव"),
])
def test_it_spells_a_name_the_same_ways_from_any_of_its_spellings(alias, written):
    """The classes are symmetric: the variant's variants include the alias."""
    assert written in devanagari_variants(alias)
    assert alias in devanagari_variants(written)


def test_it_takes_candrabindu_and_nukta_as_folded_already():
    """झाँग and ज़ांग fold to झांग/जांग, and are spelt from there."""
    assert "झाङ्ग" in devanagari_variants("झाँग")
    assert "जाङ्ग" in devanagari_variants("ज़ांग")


def test_it_never_changes_a_consonant():
    """Names that differ by a consonant stay apart: बेलौकोव is no spelling of बेलौसोव."""
    variants = devanagari_variants("बेलौसोव")
    assert "बेलौकोव" not in variants and "बेलौशोव" not in variants
    assert skeleton("बेलौकोव") != skeleton("बेलौसोव")
    assert all(len(v) == len("बेलौसोव") for v in variants)


def test_it_leaves_the_alias_itself_out():
    """The alias's own form is not one of its variants."""
    assert "बेलौसोव" not in devanagari_variants("बेलौसोव")


# --- the bounds -------------------------------------------------------------------------------


def test_it_changes_at_most_max_changes_spots():
    """बेलौसोव has three spots; spelling all three differently is too far from the alias."""
    variants = devanagari_variants("बेलौसोव")
    assert "बैलोसेव" not in variants
    assert all(sum(a != b for a, b in zip(v, "बेलौसोव")) <= MAX_CHANGES for v in variants)


def test_it_caps_the_number_of_variants_of_one_alias():
    """A long name with many spots yields at most MAX_VARIANTS spellings."""
    name = "इगोरी दिमीत्री सुरोवोनी कुतुज़ोवी"
    assert len(devanagari_variants(name, limit=1000)) > MAX_VARIANTS
    assert len(devanagari_variants(name)) == MAX_VARIANTS
    assert len(devanagari_variants(name, limit=5)) == 5


@pytest.mark.parametrize("alias", ["शी", "मोदी", "सिंह", "चीनी"])
def test_it_does_not_vary_the_vowels_of_a_short_name(alias):
    """Under three letters a vowel is most of the name: शी must not become शि (or match सी)."""
    assert devanagari_variants(alias) == set()


def test_it_still_spells_the_anusvara_of_a_short_name():
    """Anusvara or nasal with virama is one word however short: झांग = झाङ्ग."""
    assert devanagari_variants("झांग") == {"झाङ्ग"}


@pytest.mark.parametrize("alias", ["सकती", "सकति", "उन्होंने", "जाएगी"])
def test_it_does_not_spell_a_name_that_is_a_spelling_of_a_common_word(alias):
    """A name whose spellings include a frequent Hindi word gets no variants."""
    assert devanagari_variants(alias) == set()


def test_it_keeps_the_common_words_list_small_and_hindi():
    """The stoplist is a few hundred frequent Devanagari words, not a dictionary."""
    assert {"की", "कि", "है", "में", "से"} <= COMMON_WORDS
    assert 50 < len(COMMON_WORDS) < 500
    assert all("\u0900" <= ch <= "\u097f" for word in COMMON_WORDS for ch in word)


@pytest.mark.parametrize("alias", ["Belousov", "Белоусов", "एस-400", "सुखोई-30 एमकेआई", "एसयू30"])
def test_it_spells_only_devanagari_names_without_digits(alias):
    """Latin and Cyrillic names and designations are left as they are."""
    assert devanagari_variants(alias) == set()


# --- a whole alias table ----------------------------------------------------------------------


def test_it_maps_each_variant_to_the_alias_it_spells():
    """variant_forms gives every variant of a person's alias, keyed to that alias's form."""
    found = variant_forms([("बेलौसोव", 1, True), ("belousov", 1, True)])
    assert found["बेलोसोव"] == found["बेलौसेव"] == "बेलौसोव"
    assert set(found) == devanagari_variants("बेलौसोव")


def test_it_does_not_spell_names_of_entities_that_are_not_varied():
    """vary=False (an organisation, a platform) keeps the alias as listed."""
    assert variant_forms([("रोसोबोरोनएक्सपोर्ट", 1, False)]) == {}


def test_it_never_merges_two_entities_whose_names_are_spellings_of_each_other():
    """Two people listed as बेलौसोव and बेलोसोव: only the exact spellings tell them apart."""
    found = variant_forms([("बेलौसोव", 1, True), ("बेलोसोव", 2, True)])
    assert found == {}


def test_it_never_spells_a_name_as_another_entitys_alias_of_any_kind():
    """An organisation's alias in the same class stops a person's variants too."""
    found = variant_forms([("पुतिन", 1, True), ("पूतिन", 2, False), ("लावरोव", 3, True)])
    assert not set(found) & {"पुतीन", "पूतिन", "पूतीन"}
    assert found["लावरेव"] == "लावरोव"


def test_it_keeps_apart_two_surnames_that_differ_by_a_consonant():
    """बेलौसोव and बेलौकोव are two people; each keeps its own variants."""
    found = variant_forms([("बेलौसोव", 1, True), ("बेलौकोव", 2, True)])
    assert found["बेलोसोव"] == "बेलौसोव" and found["बेलोकोव"] == "बेलौकोव"
    assert "बेलौकोव" not in found and "बेलौसोव" not in found


def test_it_leaves_another_alias_of_the_same_entity_as_its_own_alias():
    """शोइगू is listed for Shoigu as well as शोइगु: it stays a real alias, not a variant."""
    found = variant_forms([("शोइगु", 1, True), ("शोइगू", 1, True)])
    assert "शोइगु" not in found and "शोइगू" not in found
    assert found["शोईगु"] == "शोइगु"  # the first alias given keeps a variant both yield


# --- designations -----------------------------------------------------------------------------


@pytest.mark.parametrize(("alias", "written"), [
    ("Su-30 MKI", "Su30MKI"),
    ("Su-30 MKI", "SU-30 MKI"),
    ("Su-30 MKI", "Su-30MKI"),
    ("S-400", "S400"),
    ("एस-400", "एस 400"),
    ("एस-400", "एस400"),
    ("सुखोई-30 एमकेआई", "सुखोई-30एमकेआई"),
    ("एसयू-30 एमकेआई", "एसयू-30एमकेआई"),
    ("एसयू-30 एमकेआई", "एसयू 30 एमकेआई"),
])
def test_it_folds_every_way_of_writing_a_designation_alike(alias, written):
    """Dashes and spaces at letter–digit joins fold away, so these need no variants."""
    assert fold_alias(written) == fold_alias(alias)


REFERENCE = [("su-30-mki", "Su-30 MKI"), ("su-30-mki", "सुखोई-30 एमकेआई"),
             ("su-30-mki", "एसयू-30 एमकेआई"), ("s-400", "S-400"), ("s-400", "एस-400")]


def designation_matcher() -> Matcher:
    """A matcher built as the tracker builds it: aliases plus their generated forms."""
    firsts = {fold_alias(text): key for key, text in reversed(REFERENCE)}
    found = variant_forms([(fold_alias(text), key, False) for key, text in REFERENCE])
    return Matcher(REFERENCE + [(firsts[source], form) for form, source in found.items()])


@pytest.mark.parametrize(("text", "key", "quoted"), [
    ("the Su30MKI fleet", "su-30-mki", "Su30MKI"),
    ("two SU-30 MKI jets", "su-30-mki", "SU-30 MKI"),
    ("the IAF's Su-30MKIs flew", "su-30-mki", "Su-30MKIs"),
    ("more S-400s came", "s-400", "S-400"),
    ("an S400 unit", "s-400", "S400"),
    ("एस-400 की आपूर्ति", "s-400", "एस-400"),
    ("एस 400 की आपूर्ति", "s-400", "एस 400"),
    ("सुखोई-30एमकेआई विमान", "su-30-mki", "सुखोई-30एमकेआई"),
    ("एसयू-30एमकेआई विमान", "su-30-mki", "एसयू-30एमकेआई"),
])
def test_it_finds_a_designation_however_reporting_writes_it(text, key, quoted):
    """Every spelling of S-400 and Su-30 MKI seen in reporting finds the reference alias."""
    assert [(m.key, m.text) for m in designation_matcher().find(text)] == [(key, quoted)]


def test_it_does_not_add_a_plural_to_a_designation_ending_in_a_digit():
    """S-400s is the matcher's own plural rule; "s400s" as a pattern would only duplicate it."""
    assert variant_forms([("s400", 1, False), ("su30", 2, False), ("s400 triumf", 1, False)]) == {}


# --- telling editors which spelling matched ------------------------------------------------


@pytest.mark.parametrize(("text", "alias", "expected"), [
    ("बेलोसोव", "बेलौसोव", True),
    ("बेलौसेव", "बेलौसोव", True),
    ("Su-30MKIs", "Su-30 MKI", True),
    ("बेलौसोव", "बेलौसोव", False),
    ("SU-30 MKI", "Su-30 MKI", False),
    ("बेलौकोव", "बेलौसोव", False),  # not a spelling of that alias (it was edited since, say)
])
def test_it_tells_a_generated_spelling_from_the_alias_itself(text, alias, expected):
    """is_variant_of: the text differs from the alias but is one of its spellings."""
    assert is_variant_of(text, fold_alias(alias)) is expected
    assert variant_of(text, alias, fold_alias(alias)) == (alias if expected else None)


def test_it_says_nothing_of_a_mention_whose_alias_is_gone():
    """No alias, no variant."""
    assert variant_of("बेलोसोव", None, None) is None
