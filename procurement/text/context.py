"""Which of several entities a shared name means, read from the words around it.

"Sukhoi" is the design bureau in "the Sukhoi design bureau said…" and the aircraft in "two
squadrons of Sukhoi jets". When one name belongs to several entries, ``choose_sense`` reads the
words next to the mention and picks the entry they speak of, or says it cannot tell.

A *sense* is an entry described by its kind and category: ``("platform", "fighter")``,
``("organisation", "company")``, ``("person", "")``. Each sense has cue words (CUES below, in
English and Hindi): those of its kind and category plus those of its kind as a whole.

The rule:

* The window is the mention's own sentence (``claims.sentence_around``), at most WINDOW (4)
  words before the mention and WINDOW after it, and no further than _REACH characters. A cue
  in the next sentence, or further along this one, says nothing of this mention.
* Words are compared in the matching form (``normalise.fold``), so case, nukta, dashes and
  Devanagari digits do not matter, in Latin and Devanagari alike. A cue may be a phrase of up
  to three words ("design bureau", "लड़ाकू विमान"); the longest cue at a place is read, so
  "aircraft maker" is one company cue, not an aircraft cue and a company cue.
* A sense is chosen when it is the only one with a cue in the window. When cues of several
  senses are there, the nearest cue decides: the word next to a name is the one that speaks of
  it ("Sukhoi built the aircraft" is the company, "the maker of Sukhoi jets" the aircraft).
  Nearness is counted in words between the cue and the mention, not counting the little words
  that carry no sense (FILLERS: "the", "has", "then", के, ने…), so "Sukhoi has shipped" is as
  near as "Sukhoi shipped". Cues of two senses equally near ("the company's Sukhoi jets") leave
  the mention undecided, as does a window with no cue, or a choice between two senses with the
  same kind and category; the caller then lets an editor decide.
* Only words count. Other names in the window (a designation such as "Su-30 MKI" next to
  "Sukhoi") decide nothing: a company is named beside its products as often as a product is.

Pure Python: folding and sentence spans come from this package.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .claims import sentence_around
from .normalise import fold, fold_alias

__all__ = ["CUES", "FILLERS", "WINDOW", "choose_sense", "window_words"]

WINDOW = 4  # words each side: close enough that a cue speaks of this name, not the next one
_LONGEST_CUE = 3  # words in the longest cue phrase
_REACH = 200  # characters read each side: WINDOW words of news copy fit in far fewer
# A word of folded text: letters and digits with their combining marks (matras, virama, nukta,
# anusvara; Latin accents), as normalise.is_word_char has it for the scripts cues are in.
_WORD = re.compile("[\\w\u0300-\u036f\u0900-\u0903\u093a-\u094f\u0951-\u0957"
                   "\u0962\u0963\u200c\u200d]+")

_AIRCRAFT = (
    "aircraft", "airframe", "airframes", "plane", "planes", "warplane", "warplanes", "jet",
    "jets", "fleet", "fleets", "squadron", "squadrons", "sortie", "sorties", "pilot", "pilots",
    "fly", "flies", "flew", "flying", "flown", "took off", "takes off", "take off", "landed",
    "lands", "crashed", "crash", "scrambled", "intercepted",
    "विमान", "विमानों", "जेट", "जेटों", "बेड़ा", "बेड़े", "बेड़ों", "स्क्वाड्रन", "स्क्वाड्रनों",
    "उड़ान", "उड़ानें", "उड़ानों", "पायलट", "पायलटों", "उतरा", "उतरे", "दुर्घटनाग्रस्त",
)

# Cue words per (kind, category); ("kind", "") holds the cues every sense of that kind shares.
CUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("platform", ""): (
        "variant", "variants", "inducted", "induction", "deployed", "deployment",
        "संस्करण", "तैनात", "तैनाती",
    ),
    ("platform", "fighter"): _AIRCRAFT + (
        "fighter", "fighters", "fighter jet", "fighter jets", "combat aircraft", "multirole",
        "लड़ाकू", "लड़ाकू विमान", "युद्धक",
    ),
    ("platform", "transport"): _AIRCRAFT + (
        "airlift", "airlifter", "airlifters", "cargo", "freighter", "मालवाहक",
    ),
    ("platform", "helicopter"): (
        "helicopter", "helicopters", "chopper", "choppers", "rotorcraft", "fleet", "sortie",
        "sorties", "pilot", "pilots", "flew", "flying",
        "हेलीकॉप्टर", "हेलिकॉप्टर", "हेलीकॉप्टरों", "हेलिकॉप्टरों", "बेड़ा", "बेड़े", "उड़ान",
    ),
    ("platform", "air_defence"): (
        "system", "systems", "battery", "batteries", "regiment", "regiments", "squadron",
        "squadrons", "interceptor", "interceptors", "launcher", "launchers", "radar", "radars",
        "air defence", "air defense", "missile", "missiles",
        "प्रणाली", "प्रणालियों", "सिस्टम", "बैटरी", "रेजिमेंट", "स्क्वाड्रन", "स्क्वाड्रनों",
        "रडार", "मिसाइल", "मिसाइलों", "वायु रक्षा",
    ),
    ("platform", "missile"): (
        "missile", "missiles", "fired", "test fired", "launched", "warhead", "range",
        "मिसाइल", "मिसाइलों", "दागी", "दागा", "परीक्षण", "मारक",
    ),
    ("platform", "ship"): (
        "ship", "ships", "vessel", "vessels", "warship", "warships", "frigate", "frigates",
        "destroyer", "destroyers", "corvette", "corvettes", "hull", "commissioned", "fleet",
        "जहाज", "जहाजों", "युद्धपोत", "युद्धपोतों", "फ्रिगेट", "पोत", "बेड़ा", "बेड़े",
    ),
    ("platform", "submarine"): (
        "submarine", "submarines", "boat", "boats", "dived", "submerged",
        "पनडुब्बी", "पनडुब्बियों", "पनडुब्बियां",
    ),
    ("platform", "armour"): (
        "tank", "tanks", "vehicle", "vehicles", "armoured", "armored", "टैंक", "टैंकों",
    ),
    ("platform", "rifle"): ("rifle", "rifles", "gun", "guns", "राइफल", "राइफलों"),
    ("platform", "space"): ("satellite", "satellites", "orbit", "उपग्रह", "कक्षा"),
    ("organisation", ""): (
        "organisation", "organization", "spokesperson", "spokesman", "संगठन", "संस्था", "प्रवक्ता",
    ),
    ("organisation", "company"): (
        "bureau", "design bureau", "company", "companies", "design", "designer", "designers",
        "corporation", "corp", "maker", "makers", "manufacturer", "manufacturers", "firm",
        "firms", "ceo", "chief executive", "shares", "subsidiary", "plant", "factory",
        "aircraft maker", "aircraft makers", "aircraft manufacturer", "aircraft manufacturers",
        "jet maker", "jetmaker", "plane maker", "planemaker", "defence company",
        "विमान निर्माता", "विमान कंपनी", "कंपनी", "कम्पनी", "कंपनियों", "ब्यूरो", "डिज़ाइन",
        "डिज़ाइन ब्यूरो", "निगम", "निर्माता", "निर्माताओं", "फर्म", "कारखाना", "कारखाने", "संयंत्र",
        "सीईओ",
        # What a maker does and who works for it: "Sukhoi shipped the kits", "Sukhoi engineers".
        "built", "builds", "manufactured", "manufactures", "designed", "designs", "shipped",
        "ships", "supplied", "supplies", "engineer", "engineers", "executive", "executives",
        "बनाया", "बनाए", "बनाती", "बनाता", "भेजे", "भेजा", "इंजीनियर", "इंजीनियरों",
    ),
    ("organisation", "government"): (
        "ministry", "department", "government", "मंत्रालय", "विभाग", "सरकार",
    ),
    ("organisation", "military"): (
        "force", "forces", "army", "navy", "command", "सेना", "वायुसेना", "नौसेना", "कमान",
    ),
    ("organisation", "agency"): ("agency", "agencies", "authority", "एजेंसी", "प्राधिकरण"),
    ("organisation", "media"): (
        "news agency", "newspaper", "channel", "reported", "समाचार", "अखबार", "चैनल",
    ),
    ("person", ""): (
        "mr", "mrs", "ms", "dr", "minister", "president", "premier", "general", "admiral",
        "marshal", "श्री", "श्रीमती", "डॉ", "मंत्री", "राष्ट्रपति", "प्रधानमंत्री", "जनरल",
    ),
    ("country", ""): ("country", "countries", "nation", "देश", "राष्ट्र"),
    ("place", ""): ("city", "town", "region", "province", "शहर", "नगर", "प्रांत", "क्षेत्र"),
    ("place", "base"): ("base", "airbase", "air base", "site", "अड्डा", "अड्डे", "बेस"),
    ("forum", ""): (
        "summit", "forum", "bloc", "grouping", "member", "members",
        "शिखर", "सम्मेलन", "मंच", "समूह", "सदस्य",
    ),
    ("meeting", ""): ("meeting", "talks", "conference", "बैठक", "वार्ता"),
    ("agreement", ""): (
        "agreement", "deal", "contract", "pact", "treaty", "accord",
        "समझौता", "समझौते", "सौदा", "सौदे", "करार", "अनुबंध",
    ),
}


# Words that carry no sense of their own, skipped when counting how near a cue is.
FILLERS = frozenset(fold_alias(word) for word in (
    "the", "a", "an", "s", "has", "have", "had", "is", "was", "are", "were", "will", "would",
    "then", "also", "now", "its", "their",
    "ने", "के", "का", "की", "को", "में", "से", "पर", "भी", "ही", "तो", "है", "था", "थे",
))


def _forms(cue: str) -> set[str]:
    """The matching forms of a cue; Hindi cues also without their nukta (लड़ाकू, often printed
    लडाकू), which folding keeps after ड and ढ."""
    forms = {fold_alias(cue)}
    if "\u093c" in cue:
        forms.add(fold_alias(cue.replace("\u093c", "")))
    return {form for form in forms if form}


@lru_cache(maxsize=None)
def cues_of(kind: str, category: str) -> frozenset[str]:
    """Folded cue words and phrases of one sense: its category's and its kind's."""
    words = CUES.get((kind, ""), ()) + (CUES.get((kind, category), ()) if category else ())
    return frozenset(form for cue in words for form in _forms(cue))


@lru_cache(maxsize=256)
def _cue_sets(senses: tuple[tuple[str, str], ...]) -> tuple[list[frozenset[str]], frozenset[str]]:
    """Each sense's cues, and all of them together (what the window is read for)."""
    cue_sets = [cues_of(kind, category) for kind, category in senses]
    return cue_sets, frozenset().union(*cue_sets)


def _words(text: str) -> list[str]:
    """Words of `text` in the matching form: runs of letters, digits and their marks."""
    return _WORD.findall(fold(text).text)


def window_words(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """(words before, words after) the mention text[start:end], WINDOW each side at most,
    within its sentence."""
    # The sentence is looked for within reach only: finding its true start can mean reading
    # back over a long paragraph, for words that would be cut off anyway.
    reach_lo, reach_hi = max(0, start - _REACH), min(len(text), end + _REACH)
    sentence = sentence_around(text[reach_lo:reach_hi], start - reach_lo)
    if sentence is None:
        return [], []
    lo, hi = reach_lo + sentence[0], reach_lo + sentence[1]
    before, after = _words(text[lo:start]), _words(text[end:max(end, hi)])
    # A cut inside a word leaves a piece of it, which is no word.
    if lo == reach_lo > 0 and before and _WORD.fullmatch(text[lo - 1:lo + 1]):
        before = before[1:]
    if hi == reach_hi < len(text) and after and _WORD.fullmatch(text[hi - 1:hi + 1]):
        after = after[:-1]
    return before[-WINDOW:], after[:WINDOW]


def _cues_in(words: list[str], cues: frozenset[str]) -> list[tuple[str, int, int]]:
    """The cues among `words` as (cue, first word, words), read left to right, the longest cue
    at each place."""
    found, i = [], 0
    while i < len(words):
        for n in range(min(_LONGEST_CUE, len(words) - i), 0, -1):
            phrase = " ".join(words[i:i + n])
            if phrase in cues:
                found.append((phrase, i, n))
                i += n
                break
        else:
            i += 1
    return found


def _apart(words: list[str]) -> int:
    """How many words of sense stand between a cue and the mention."""
    return sum(word not in FILLERS for word in words)


def choose_sense(text: str, start: int, end: int,
                 senses: Sequence[tuple[str, str]]) -> int | None:
    """The index in `senses` of the one the words around text[start:end] speak of, or None.

    `senses`: (kind, category) of each candidate entry. See the module docstring for the rule.
    """
    if len(senses) < 2:
        return 0 if senses else None
    before, after = window_words(text, start, end)
    if not before and not after:
        return None
    cue_sets, every = _cue_sets(tuple(senses))
    # Each side is read on its own: a phrase never spans the mention itself.
    seen = [(cue, _apart(before[i + n:])) for cue, i, n in _cues_in(before, every)]
    seen += [(cue, _apart(after[:i])) for cue, i, _ in _cues_in(after, every)]
    nearest = [min((apart for cue, apart in seen if cue in cues), default=None)
               for cues in cue_sets]
    scoring = [i for i, apart in enumerate(nearest) if apart is not None]
    if len(scoring) == 1:
        return scoring[0]
    if not scoring:
        return None
    closest = min(nearest[i] for i in scoring)
    winners = [i for i in scoring if nearest[i] == closest]
    return winners[0] if len(winners) == 1 else None
