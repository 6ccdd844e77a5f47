"""Claim suggestions: a platform named in a sentence that also says what happened to it.

"एस-400 की आपूर्ति" suggests the S-400 is *in delivery*; "Su-30 MKI upgrade"
suggests an *upgrade*. These are suggestions for a reviewer, not facts: the
engine does not read negation ("हस्ताक्षर नहीं किए") or tense, and assigns
the sentence's strongest cue to every platform in it.

Statuses, most specific first; when a sentence holds several cues the most
specific wins (a "delivered" cue beats a "discussed" one):

    cancelled, stalled, delivered, in_delivery, upgrade, contracted,
    negotiating, proposed, discussed

Cue words are matched with the alias Matcher, so they get the same folding
and word boundaries as entity names (ख़रीद = खरीद; "deal" is not found in
"dealer").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Container, Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .match import Match, Matcher
from .normalise import is_word_char

__all__ = ["STATUSES", "CUES", "ClaimSuggestion", "sentences", "suggest_claims"]

STATUSES = (
    "cancelled",
    "stalled",
    "delivered",
    "in_delivery",
    "upgrade",
    "contracted",
    "negotiating",
    "proposed",
    "discussed",
)

# Whole words or phrases; inflected forms are listed because cues, like
# aliases, only match whole words.
CUES: dict[str, tuple[str, ...]] = {
    "cancelled": (
        "cancelled", "canceled", "cancel", "cancels", "cancellation", "scrapped", "scrap",
        "terminated", "रद्द", "निरस्त",
    ),
    "stalled": (
        "stalled", "delayed", "delay", "delays", "on hold", "stuck", "postponed",
        "अटका", "अटकी", "अटके", "देरी", "विलंब", "स्थगित",
    ),
    "delivered": (
        "delivered", "supplied", "handed over", "inducted",
        "सौंपा", "सौंपी", "सौंपे", "आपूर्ति की गई", "आपूर्ति कर दी", "डिलीवर किया", "डिलीवर किए",
    ),
    "in_delivery": (
        "delivery", "deliveries", "deliver", "delivering", "supply", "supplies", "supplying",
        "shipment", "shipments", "आपूर्ति", "डिलीवरी", "खेप",
    ),
    "upgrade": (
        "upgrade", "upgrades", "upgraded", "upgrading", "upgradation", "modernisation",
        "modernization", "retrofit", "overhaul", "उन्नयन", "अपग्रेड", "आधुनिकीकरण",
    ),
    "contracted": (
        "contract", "contracts", "contracted", "signed", "ordered", "अनुबंध", "हस्ताक्षर", "करार",
    ),
    "negotiating": (
        "negotiation", "negotiations", "negotiating", "negotiate", "deal", "deals",
        "सौदा", "सौदे", "सौदेबाजी", "मोलभाव",
    ),
    "proposed": (
        "proposal", "proposed", "purchase", "purchases", "procure", "procurement", "acquisition",
        "acquire", "plans to buy", "खरीद", "खरीदने", "खरीदारी", "अधिग्रहण", "प्रस्ताव", "प्रस्तावित",
    ),
    "discussed": (
        "discussed", "discuss", "discussion", "discussions", "talks", "चर्चा", "बातचीत", "वार्ता",
        "विचार-विमर्श",
    ),
}
_RANK = {status: rank for rank, status in enumerate(STATUSES)}


@dataclass(frozen=True)
class ClaimSuggestion:
    key: Hashable  # the Match.key of the platform mention
    status: str  # one of STATUSES
    cue: str  # the cue as written in the text
    start: int  # the sentence span in the original text
    end: int


@lru_cache(maxsize=1)
def _cue_matcher() -> Matcher:
    return Matcher(
        ((status, cue) for status, cues in CUES.items() for cue in cues),
        case_sensitive_acronyms=False,
    )


# --- sentences -----------------------------------------------------------------

_BREAK = re.compile(r"\n|[।॥?!]+|\.+")
_CLOSERS = "\"'”’“‘)]}»"
# Words that end with a dot without ending a sentence (compared casefolded).
_ABBREVIATIONS = frozenset(
    unicodedata.normalize("NFC", word)
    for word in """
    mr mrs ms dr prof st gen lt col maj capt cdr adm brig sr jr inc ltd co corp vs no nos rs
    govt dept approx fig vol pp jan feb mar apr jun jul aug sep sept oct nov dec
    डॉ श्री श्रीमती प्रो सं लि नं मि रु
    ए बी सी डी ई एफ जी एच आई जे के एल एम एन ओ पी क्यू आर एस टी यू वी डब्ल्यू एक्स वाई जेड ज़ेड
    """.split()
)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)``, trimmed of surrounding whitespace.

    Ends at newlines, dandas (। ॥), ? and !, and at a dot followed by a
    space or the end — unless the dot ends an abbreviation or an initial
    ("डॉ. एस. जयशंकर", "Dr. S. Jaishankar") or sits inside a number (1.5).
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BREAK.finditer(text):
        mark = m.group()
        if mark == "\n":
            _add_span(spans, text, start, m.start())
            start = m.end()
            continue
        end = m.end()
        if mark[0] == ".":
            following = text[end : end + 1]
            if following and not (following.isspace() or following in _CLOSERS):
                continue  # 1.5, U.S, e.g
            if len(mark) == 1 and _word_before(text, m.start()).casefold() in _ABBREVIATIONS:
                continue
            if len(mark) == 1 and _is_initial(_word_before(text, m.start())):
                continue
        while end < len(text) and text[end] in _CLOSERS:
            end += 1
        _add_span(spans, text, start, end)
        start = end
    _add_span(spans, text, start, len(text))
    return spans


def _word_before(text: str, i: int) -> str:
    j = i
    while j > 0 and is_word_char(text[j - 1]):
        j -= 1
    return text[j:i]


def _is_initial(word: str) -> bool:
    # A single capital Latin letter: the "S." of "S. Jaishankar", "U.S.".
    return len(word) == 1 and word.isupper()


def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


# --- suggestions ---------------------------------------------------------------


def suggest_claims(
    text: str,
    matches: Sequence[Match],
    platform_keys: Container,
) -> list[ClaimSuggestion]:
    """One suggestion per (platform, sentence) where the sentence has a status cue."""
    platform_matches = [m for m in matches if m.key in platform_keys]
    if not platform_matches:
        return []
    spans = sentences(text)
    starts = [s for s, _ in spans]

    def sentence_of(m: Match) -> int | None:
        i = bisect_right(starts, m.start) - 1
        if i >= 0 and m.end <= spans[i][1]:
            return i
        return None  # straddles a sentence break

    best_cue: dict[int, Match] = {}
    for cue in _cue_matcher().find(text):
        i = sentence_of(cue)
        if i is not None and (i not in best_cue or _RANK[cue.key] < _RANK[best_cue[i].key]):
            best_cue[i] = cue

    suggestions: list[ClaimSuggestion] = []
    seen: set[tuple[int, Hashable]] = set()
    for m in sorted(platform_matches, key=lambda m: m.start):
        i = sentence_of(m)
        if i is None or i not in best_cue or (i, m.key) in seen:
            continue
        seen.add((i, m.key))
        cue = best_cue[i]
        suggestions.append(ClaimSuggestion(m.key, cue.key, cue.text, *spans[i]))
    return suggestions
