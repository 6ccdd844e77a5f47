"""Phrases that describe a meeting or an agreement instead of naming it."""

import pytest

from procurement.text import Matcher
from procurement.text.descriptions import AGREEMENT, MEETING, Hint, find_descriptions

SCO, ANNUAL_SUMMIT, QINGDAO, NEW_DELHI, S400, BELOUSOV, INDIA, RUSSIA, SCO_MEETING = (
    "sco", "annual-summit", "qingdao", "new-delhi", "s-400", "belousov", "india", "russia",
    "sco-meeting")
KINDS = {SCO: "forum", ANNUAL_SUMMIT: "forum", QINGDAO: "place", NEW_DELHI: "place",
         S400: "platform", BELOUSOV: "person", INDIA: "country", RUSSIA: "country",
         SCO_MEETING: "meeting"}
NAMES = Matcher([(SCO, "SCO"), (SCO, "एससीओ"), (ANNUAL_SUMMIT, "India-Russia annual summit"),
                 (QINGDAO, "Qingdao"), (QINGDAO, "चिंगदाओ"), (NEW_DELHI, "New Delhi"),
                 (NEW_DELHI, "नई दिल्ली"), (S400, "S-400"), (S400, "एस-400"),
                 (BELOUSOV, "Belousov"), (INDIA, "India"), (INDIA, "भारत"), (RUSSIA, "Russia"),
                 (RUSSIA, "रूस"), (SCO_MEETING, "SCO Defence Ministers' Meeting")])


def described(text):
    hints = [Hint(m.key, KINDS[m.key], m.start, m.end) for m in NAMES.find(text)]
    found = find_descriptions(text, hints)
    for d in found:
        assert text[d.start:d.end] == d.text
    return found


def only(text):
    [d] = described(text)
    return d


def test_it_reads_a_forum_and_a_place_around_a_meeting_noun():
    """The forum before the noun, "in Qingdao" after it; the span runs from one to the other."""
    d = only("Ministers gathered for the SCO meeting of defence ministers in Qingdao last week.")

    assert (d.kind, d.noun, d.text) == (MEETING, "meeting",
                                        "SCO meeting of defence ministers in Qingdao")
    assert (d.forum, d.places, d.year) == (SCO, (QINGDAO,), None)


def test_it_describes_nothing_where_the_meeting_is_named():
    """The noun inside a meeting's own name: it is named, not described."""
    assert described("The SCO Defence Ministers' Meeting in Qingdao ended early.") == []


@pytest.mark.parametrize("text, phrase, fields", [
    ("India stood by the 2018 deal with Russia.", "2018 deal", {"year": 2018}),
    ("They recalled the October 2018 contract.", "October 2018 contract", {"year": 2018}),
    ("It is Russia's 2018's deal.", "Russia's 2018's deal", {"year": 2018}),
    ("Work on the S-400 deal went on.", "S-400 deal", {"platforms": (S400,)}),
    ("Russia's S-400 air defence deal held.", "Russia's S-400 air defence deal",
     {"platforms": (S400,)}),
    ("Auditors read the contract for the S-400 twice.", "contract for the S-400",
     {"platforms": (S400,)}),
    ("the $5.43 billion deal was signed", "$5.43 billion deal",
     {"value": 5.43e9, "tolerance": 5e6, "currency": "USD"}),
    ("the US$5.4 billion contract", "US$5.4 billion contract",
     {"value": 5.4e9, "tolerance": 5e7, "currency": "USD"}),
    ("India declined the joint communique.", "joint communique", {"noun": "communique"}),
])
def test_it_reads_english_agreement_descriptions(text, phrase, fields):
    """A year, a platform, a value or "joint communique": the phrase and what it says."""
    d = only(text)

    assert d.kind == AGREEMENT
    assert d.text == phrase
    assert {name: getattr(d, name) for name in fields} == fields


@pytest.mark.parametrize("text, phrase, fields", [
    ("Leaders met at the 23rd annual summit.", "23rd annual summit",
     {"ordinal": 23, "annual": True, "noun": "summit"}),
    ("It dates from the 2018 summit.", "2018 summit", {"year": 2018}),
    ("Officials prepared the annual summit.", "annual summit", {"annual": True}),
    ("Before the 2025 India-Russia annual summit opened", "2025 India-Russia annual summit",
     {"forum": ANNUAL_SUMMIT, "year": 2025}),
    ("He held talks with Belousov in Qingdao.", "talks with Belousov in Qingdao",
     {"people": (BELOUSOV,), "places": (QINGDAO,)}),
    ("It came up at the summit in 2018.", "summit in 2018", {"year": 2018}),
])
def test_it_reads_english_meeting_descriptions(text, phrase, fields):
    """Ordinals, years, "annual", a forum holding the noun, people and places after it."""
    d = only(text)

    assert d.kind == MEETING
    assert d.text == phrase
    assert {name: getattr(d, name) for name in fields} == fields


@pytest.mark.parametrize("text, phrase, kind, fields", [
    ("अधिकारी 2018 के सौदे पर बोले।", "2018 के सौदे", AGREEMENT, {"year": 2018}),
    ("यह 2018 में हुए सौदे का हिस्सा है।", "2018 में हुए सौदे", AGREEMENT, {"year": 2018}),
    ("एस-400 सौदा पूरा होगा।", "एस-400 सौदा", AGREEMENT, {"platforms": (S400,)}),
    ("यह 5.43 अरब डॉलर के सौदे में है।", "5.43 अरब डॉलर के सौदे", AGREEMENT,
     {"value": 5.43e9, "currency": "USD"}),
    ("बैठक के अंत में संयुक्त घोषणा पत्र जारी हुआ।", "संयुक्त घोषणा पत्र", AGREEMENT,
     {"noun": "communique"}),
    ("23वें वार्षिक शिखर सम्मेलन में चर्चा हुई।", "23वें वार्षिक शिखर सम्मेलन", MEETING,
     {"ordinal": 23, "annual": True, "noun": "summit"}),
    ("चिंगदाओ में एससीओ के रक्षा मंत्रियों की बैठक हुई।",
     "चिंगदाओ में एससीओ के रक्षा मंत्रियों की बैठक", MEETING,
     {"forum": SCO, "places": (QINGDAO,)}),
])
def test_it_reads_hindi_descriptions(text, phrase, kind, fields):
    """Hindi modifiers come before the noun, joined by के, की, में हुए."""
    d = only(text)

    assert (d.kind, d.text) == (kind, phrase)
    assert {name: getattr(d, name) for name in fields} == fields


@pytest.mark.parametrize("text", [
    "They plan a meeting next year.",
    "The defence ministers' meeting ended.",
    "They signed a defence supply agreement of some kind.",
    "रक्षा मंत्रियों की बैठक हुई।",
    "The two sides discussed the deal.",
    "The deals were reviewed.",
    "The SCO meetings were long.",
    "Officials prepared for the next annual summit.",
    "The SCO summit next year will be in Russia.",
    "Talk of a new S-400 deal grew.",
    "A 2018 dealer sold it.",
    "आगामी वार्षिक शिखर सम्मेलन की तैयारी है।",
    "नई दिल्ली में होने वाली वार्षिक बैठक की तैयारी है।",
    "सौदा हुआ।",
    "",
])
def test_it_describes_nothing_without_a_hint_or_pointing_away_from_the_record(text):
    """A bare noun, a plural, or next/new/आगामी/होने वाली: nothing."""
    assert described(text) == []


def test_it_keeps_each_phrase_to_itself():
    """"and" after a noun starts another phrase: two descriptions, not one running on."""
    found = described("the S-400 deal and the 2018 contract")

    assert [d.text for d in found] == ["S-400 deal", "2018 contract"]
    assert [d.year for d in found] == [None, 2018]


def test_it_maps_spans_back_through_folding():
    """Spans index the text as given, through a no-break space and a double space."""
    text = "India  honoured the 2018\u00a0deal and the SCO  meeting in Qingdao."

    assert [d.text for d in described(text)] == ["2018\u00a0deal", "SCO  meeting in Qingdao"]


def test_it_ignores_hints_where_no_noun_is_present():
    """Without a trigger noun nothing else runs: names alone describe nothing."""
    assert described("SCO defence ministers gathered in Qingdao with Belousov.") == []


@pytest.mark.parametrize("text, scale", [
    ("The defence ministers' meeting in Qingdao ran late.", "multilateral"),
    ("रक्षा मंत्रियों की चिंगदाओ बैठक देर तक चली।", "multilateral"),
    ("A bilateral meeting in Qingdao followed.", "bilateral"),
    ("द्विपक्षीय बैठक चिंगदाओ में हुई।", "bilateral"),
    ("The meeting in Qingdao ran late.", ""),
])
def test_it_reads_whether_a_meeting_is_of_many_or_of_two(text, scale):
    """Ministers or heads in the plural: a forum's meeting; "bilateral": two sides'."""
    assert only(text).scale == scale


def test_it_starts_a_hindi_meeting_with_a_person_at_that_person():
    """"बेलौसोव से मुलाकात" (a meeting with Belousov): the person is read into the phrase, and
    the phrase starts there: what stands before "X से" is the sentence's, not the meeting's."""
    names = Matcher([(BELOUSOV, "बेलौसोव"), (QINGDAO, "चिंगदाओ")])
    text = "राजनाथ ने चिंगदाओ में बेलौसोव से मुलाकात की।"
    hints = [Hint(m.key, KINDS[m.key], m.start, m.end) for m in names.find(text)]
    [d] = find_descriptions(text, hints)

    assert (d.noun, d.people) == ("talks", (BELOUSOV,))
    assert d.text == "बेलौसोव से मुलाकात"
