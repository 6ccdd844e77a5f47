import pytest

from procurement.text import Matcher, fold
from procurement.text.candidates import designation_key, find_candidates


def names(text: str, matched=()) -> list[tuple[str, str, str]]:
    found = find_candidates(text, matched)
    for c in found:
        assert text[c.start:c.end] == c.text
    return [(c.key, c.text, c.kind) for c in found]


def texts(text: str, matched=()) -> list[str]:
    return [t for _, t, _ in names(text, matched)]


# --- designations ------------------------------------------------------------------------------

def test_it_finds_designations_written_every_way():
    """Letters then digits, with a dash, glued or after a single capital and a space."""
    text = ("Russia showed the S-500, the Su-57, the Tu-160M, the MiG-29K, the Ka-226T, the "
            "Kh-47M2 and the KR-417; the S500 and S 500 are the same system.")
    assert names(text) == [
        ("s500", "S-500", "platform"), ("su57", "Su-57", "platform"),
        ("tu160m", "Tu-160M", "platform"), ("mig29k", "MiG-29K", "platform"),
        ("ka226t", "Ka-226T", "platform"), ("kh47m2", "Kh-47M2", "platform"),
        ("kr417", "KR-417", "platform"), ("s500", "S500", "platform"),
        ("s500", "S 500", "platform")]


def test_it_folds_a_devanagari_designation_with_its_latin_spelling():
    """एस-500 is S-500 and एसयू-57 is Su-57: one key for both scripts."""
    assert names("रूस ने एस-500 और एसयू-57 की पेशकश की। मिग-29के भी।") == [
        ("s500", "एस-500", "platform"), ("su57", "एसयू-57", "platform"),
        ("mig29k", "मिग-29के", "platform")]
    assert designation_key("एस-५००") == designation_key("S–500") == "s500"


def test_it_reads_an_english_plural_as_the_designation():
    """"S-500s" names the S-500."""
    assert texts("Two S-500s were shown.") == ["S-500"]


@pytest.mark.parametrize("text", [
    "The deal was signed on 26-Jun-2025 in Qingdao.",
    "The G20 and the G-20 summit, and the जी-20 बैठक.",
    "COVID-19 slowed the work; कोविड-19 के कारण देरी हुई।",
    "It costs Rs-500 crore, or USD 5 billion, or INR 400 crore.",
    "Phase-2 starts after the Under-19 final and the T20 match.",
    "A 500-strong force moved under Article 370 in FY25.",
    "Q3 results for H1 were due at 10:30 on 5 May 2025.",
    "A4 paper and F1 cars.",
    "वर्ष-2025 में बैठक होगी।",
])
def test_it_does_not_take_dates_money_groups_or_numbered_words_for_designations(text):
    """Months, currencies, G20-style groups, COVID-19, quarters and Title-case words."""
    assert names(text) == []


# --- titled people -----------------------------------------------------------------------------

def test_it_finds_english_names_after_titles():
    """1–4 capitalised words after a title; the possessive ends the name."""
    text = ("Defence Minister Rajnath Singh met Russian Defence Minister Andrei Belousov. "
            "Prime Minister Narendra Modi's visit was noted by External Affairs Minister "
            "S. Jaishankar and Air Chief Marshal A P Singh.")
    assert names(text) == [
        ("rajnath singh", "Rajnath Singh", "person"),
        ("andrei belousov", "Andrei Belousov", "person"),
        ("narendra modi", "Narendra Modi", "person"),
        ("s. jaishankar", "S. Jaishankar", "person"),
        ("a p singh", "A P Singh", "person")]


def test_it_finds_hindi_names_after_titles_up_to_a_postposition():
    """1–3 words after the title, ending where ने, से, को… or punctuation begins."""
    text = ("रक्षा मंत्री राजनाथ सिंह ने कहा। रूसी रक्षा मंत्री आंद्रेई बेलौसोव से मुलाकात हुई। "
            "प्रधानमंत्री श्री नरेंद्र मोदी, राष्ट्रपति पुतिन और विदेश मंत्री डॉ. एस. जयशंकर "
            "ने भाग लिया।")
    assert names(text) == [
        ("राजनाथ सिंह", "राजनाथ सिंह", "person"), ("आंद्रेई बेलौसोव", "आंद्रेई बेलौसोव", "person"),
        ("नरेंद्र मोदी", "नरेंद्र मोदी", "person"), ("पुतिन", "पुतिन", "person"),
        ("एस. जयशंकर", "एस. जयशंकर", "person")]


@pytest.mark.parametrize("text", [
    "the defence minister said so.",
    "Defence Minister Meets Russian Counterpart In Qingdao",
    "General Electric and General Motors won contracts.",
    "The President of Russia spoke.",
    "रक्षा मंत्री ने कहा कि बातचीत जारी है।",
    "रक्षा मंत्री इस साथ काम योजना पर बोले।",
])
def test_it_takes_no_name_from_descriptions_headlines_or_companies(text):
    """A lower-case title, a Title-Case headline, General Electric, ordinary Hindi words."""
    assert names(text) == []


# --- organisations -----------------------------------------------------------------------------

def test_it_finds_organisation_like_phrases():
    """Capitalised words before a head word, and "Ministry of X"."""
    text = ("The Defence Acquisition Council approved it, said the Russian Ministry of Foreign "
            "Affairs. The Indian Air Force and the Russian Navy took part.")
    assert names(text) == [
        ("defence acquisition council", "Defence Acquisition Council", "organisation"),
        ("russian ministry of foreign affairs", "Russian Ministry of Foreign Affairs",
         "organisation"),
        ("indian air force", "Indian Air Force", "organisation"),
        ("russian navy", "Russian Navy", "organisation")]


def test_it_finds_hindi_organisation_phrases():
    """Words before मंत्रालय, परिषद…; armed services only after a demonym."""
    text = "रक्षा अधिग्रहण परिषद ने मंजूरी दी। भारतीय वायुसेना और रूसी नौसेना। इस सेना की बात।"
    assert names(text) == [
        ("रक्षा अधिग्रहण परिषद", "रक्षा अधिग्रहण परिषद", "organisation"),
        ("भारतीय वायुसेना", "भारतीय वायुसेना", "organisation"),
        ("रूसी नौसेना", "रूसी नौसेना", "organisation")]


@pytest.mark.parametrize("text", [
    "the council met and the Army moved.",
    "People's Liberation Army units and the Defence Research and Development Organisation.",
    "Rajnath Singh and Defence Ministry officials met.",
])
def test_it_takes_no_head_word_alone_nor_part_of_a_longer_name(text):
    """A lone or lower-case head word, or the tail of a name the phrase cuts in half."""
    assert names(text) == []


# --- what aliases already match ----------------------------------------------------------------

def test_it_leaves_out_names_already_matched():
    """Nothing that overlaps an alias match is a candidate."""
    text = "Defence Minister Rajnath Singh saw the S-400 and the S-500."
    matched = [(m.start, m.end) for m in
               Matcher([("rs", "Rajnath Singh"), ("s400", "S-400")]).find(text)]
    assert texts(text, matched) == ["S-500"]


def test_it_ignores_what_comes_after_the_stop():
    """Page furniture after the report (`stop`) is not read."""
    text = "The S-500 was shown.\nRelated: Su-57 news"
    assert [c.text for c in find_candidates(text, stop=text.index("Related"))] == ["S-500"]


def test_it_accepts_the_fold_the_caller_has():
    """The caller's fold of the text is used as it is, and gives the same answer."""
    text = "रक्षा मंत्री राजनाथ सिंह ने एस-500 देखा।"
    assert find_candidates(text, (), fold(text)) == find_candidates(text)
