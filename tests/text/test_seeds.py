"""The engine against the real seed articles (Hindi news), read at run time when present."""

import datetime
from pathlib import Path

import pytest

from procurement.text import (
    NEAR_DUPLICATE_THRESHOLD,
    Matcher,
    body_hash,
    detect_language,
    find_dateline,
    minhash,
    sentences,
    shingles,
    similarity,
    storage_form,
    suggest_claims,
)

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not present")

ALIASES = {
    "S-400": ["S-400", "एस-400", "एस-४००", "S400"],
    "Su-30 MKI": ["Su-30 MKI", "एसयू-30 एमकेआई", "Su-30"],
    "SCO": ["SCO", "एससीओ", "शंघाई सहयोग संगठन"],
    "BRICS": ["BRICS"],
    "IRIGC-M&MTC": ["IRIGC-M&MTC"],
    "Rajnath Singh": ["राजनाथ सिंह"],
    "Andrey Belousov": ["आंद्रे बेलौसोव", "एंड्री बेलौसोव", "बेलौसोव"],
    "Vladimir Putin": ["व्लादिमीर पुतिन", "पुतिन"],
    "Narendra Modi": ["नरेंद्र मोदी", "मोदी"],
    "S. Jaishankar": ["एस. जयशंकर", "जयशंकर"],
    "Sergey Lavrov": ["सेर्गेई लावरोव", "लावरोव"],
    "Zhang Youxia": ["झांग यूक्सिया", "झांग"],
    "Sergei Shoigu": ["सर्गेई शोइगु", "शोइगु", "शोइगू"],
    "Dong Jun": ["डोंग जून"],
    "Xi Jinping": ["शी जिनपिंग"],
}
PLATFORMS = {"S-400", "Su-30 MKI"}
MATCHER = Matcher((entity, alias) for entity, aliases in ALIASES.items() for alias in aliases)

# What a careful reader finds in each seed, given the aliases above.
EXPECTED = {
    "000": {"S-400", "Su-30 MKI", "SCO", "Rajnath Singh", "Andrey Belousov"},
    "001": {"S-400", "Su-30 MKI", "SCO", "Rajnath Singh", "Andrey Belousov", "Dong Jun"},
    "002": {"SCO", "BRICS", "IRIGC-M&MTC", "Narendra Modi", "Vladimir Putin"},
    "003": {"S. Jaishankar", "Sergey Lavrov"},
    "004": {"Vladimir Putin", "Zhang Youxia", "Sergei Shoigu", "Xi Jinping"},
}


def seed(number: str) -> str:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return storage_form(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_it_finds_what_a_careful_reader_finds(number):
    """Each seed yields exactly the tracked entities a reader would mark."""
    assert {m.key for m in MATCHER.find(seed(number))} == EXPECTED[number]


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_it_quotes_every_seed_match_exactly(number):
    """Every match in a seed quotes the seed text exactly."""
    text = seed(number)
    for m in MATCHER.find(text):
        assert text[m.start : m.end] == m.text


def test_it_finds_the_designations_in_both_spellings():
    """Seed 000 writes एस-400/एसयू-30 एमकेआई, seed 001 S-400/Su-30 MKI; both are found."""
    assert {m.text for m in MATCHER.find(seed("000")) if m.key in PLATFORMS} == {"एस-400", "एसयू-30 एमकेआई"}
    assert {m.text for m in MATCHER.find(seed("001")) if m.key in PLATFORMS} >= {"S-400", "Su-30 MKI"}


def test_it_matches_through_the_nukta_of_qingdao():
    """Seed 001 spells Qingdao with a nukta; an alias without one still finds it."""
    matcher = Matcher([("qingdao", "किंगदाओ")])
    assert any(m.text.startswith("क\u093c") for m in matcher.find(seed("001")))


@pytest.mark.parametrize(
    "number, expected",
    [("000", datetime.date(2025, 6, 26)), ("001", None), ("002", None), ("003", datetime.date(2025, 11, 19)), ("004", None)],
)
def test_it_reads_the_seed_datelines(number, expected):
    """Seeds 000 and 003 carry a dateline; the others do not, and no year is guessed."""
    dateline = find_dateline(seed(number))
    assert (dateline.date if dateline else None) == expected


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_it_detects_hindi_in_every_seed(number):
    """All seeds are Hindi, even with English navigation lines."""
    assert detect_language(seed(number)) == "hi"


def test_it_keeps_the_honorific_and_initial_in_one_sentence():
    """Seed 003's "डॉ. एस. जयशंकर" does not split the sentence."""
    text = seed("003")
    (span,) = [(s, e) for s, e in sentences(text) if "जयशंकर ने मॉस्को" in text[s:e]]
    assert "डॉ. एस. जयशंकर" in text[span[0] : span[1]]


@pytest.mark.parametrize("number", ["000", "001"])
def test_it_suggests_supply_and_upgrade_claims(number):
    """Both reports of the meeting suggest S-400 supply and a Su-30 MKI upgrade."""
    text = seed(number)
    suggested = {(c.key, c.status) for c in suggest_claims(text, MATCHER.find(text), PLATFORMS)}
    assert ("S-400", "in_delivery") in suggested
    assert ("Su-30 MKI", "upgrade") in suggested


def signature(text: str) -> tuple[int, ...]:
    return minhash(shingles(text))


def test_it_keeps_two_write_ups_of_one_meeting_apart():
    """Seeds 000 and 001 report the same meeting but are different articles."""
    assert similarity(signature(seed("000")), signature(seed("001"))) < NEAR_DUPLICATE_THRESHOLD


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_it_spots_reprints_of_a_seed(number):
    """A new headline, an added paragraph or a cut last quarter stays a near-duplicate."""
    text = seed(number)
    original = signature(text)
    new_headline = "एक अलग शीर्षक जो किसी और ने लिखा\n" + text.split("\n", 1)[1]
    added = text + "\n\nयह अनुच्छेद बाद में जोड़ा गया ताकि पाठक को कुछ और पृष्ठभूमि मिल सके और बात पूरी हो।"
    trimmed = text[: len(text) * 3 // 4]
    for reprint in (new_headline, added, trimmed):
        assert similarity(original, signature(reprint)) >= NEAR_DUPLICATE_THRESHOLD


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_it_hashes_a_rewrapped_seed_alike(number):
    """Collapsing all whitespace of a seed leaves body_hash unchanged."""
    text = seed(number)
    assert body_hash(" ".join(text.split())) == body_hash(text)
