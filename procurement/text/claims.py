"""Claim suggestions: a platform named in a sentence that also says what happened to it.

"एस-400 की आपूर्ति" suggests the S-400 is *in delivery*; "Su-30 MKI upgrade"
suggests an *upgrade*. These are suggestions for a reviewer, not facts: the
engine reads no tense, and assigns the sentence's strongest cue to every
platform in it.

Negation is read in one narrow way: a negation word (नहीं, not, yet to,
hasn't, no…) within three words of a cue turns that cue into what the
negated statement still says, or drops it: "not yet delivered" is still *in
delivery*, "हस्ताक्षर नहीं किए" (did not sign) is still *negotiating*,
"supplies have not begun" is *stalled*, "no delay" and "not cancelled" say
nothing specific and give way to the sentence's other cues (NEGATED below).

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
from bisect import bisect_left
from collections.abc import Container, Hashable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .match import Match, Matcher
from .normalise import Folded, is_word_char

__all__ = ["STATUSES", "CUES", "NEGATED", "NEGATIONS", "ClaimSuggestion", "sentences",
           "suggest_claims"]

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

# Words that negate a nearby cue. Not the Hindi particle न: "न केवल" means "not only".
NEGATIONS: tuple[str, ...] = (
    "not", "no", "never", "yet to", "without", "failed to", "declined to", "refused to",
    "isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "hadn't", "didn't", "doesn't",
    "don't", "won't", "cannot", "can't",
    "नहीं", "बिना", "इनकार", "इंकार",
)
# What a negated cue still says; None: nothing of its own (the sentence's other cues decide).
NEGATED: dict[str, str | None] = {
    "delivered": "in_delivery",    # not yet delivered / पूरी आपूर्ति नहीं की गई
    "in_delivery": "stalled",      # supplies have not begun / आपूर्ति नहीं हुई
    "contracted": "negotiating",   # not signed / हस्ताक्षर नहीं किए
    "negotiating": "negotiating",  # negotiations have not concluded
    "cancelled": None, "stalled": None, "upgrade": None, "proposed": None, "discussed": None,
}
# Phrases that start like a negation but negate nothing; matched so that the longer phrase
# wins over "not" / "no" and is then ignored.
NOT_NEGATIONS: tuple[str, ...] = ("not only", "not just", "no doubt", "no matter")
_NEGATION_REACH = 3  # words between a negation and its cue, either side
_NEGATION, _NEUTRAL = "negation", "neutral"


@dataclass(frozen=True)
class ClaimSuggestion:
    key: Hashable  # the Match.key of the platform mention
    status: str  # one of STATUSES
    cue: str  # the cue as written in the text
    start: int  # the sentence span in the original text
    end: int
    negation: str = ""  # the negation that changed the cue's status, as written


@lru_cache(maxsize=1)
def _cue_matcher() -> Matcher:
    cues = [(status, cue) for status, words in CUES.items() for cue in words]
    return Matcher(cues + [(_NEGATION, word) for word in NEGATIONS]
                   + [(_NEUTRAL, phrase) for phrase in NOT_NEGATIONS],
                   case_sensitive_acronyms=False)


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
_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS))


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)``, trimmed of surrounding whitespace.

    Ends at newlines, dandas (। ॥), ? and !, and at a dot followed by a
    space or the end — unless the dot ends an abbreviation or an initial
    ("डॉ. एस. जयशंकर", "Dr. S. Jaishankar") or sits inside a number (1.5).
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for end, following in _breaks(text, 0):
        _add_span(spans, text, start, end)
        start = following
    _add_span(spans, text, start, len(text))
    return spans


def sentence_around(text: str, pos: int) -> tuple[int, int] | None:
    """The span of ``sentences(text)`` that holds position ``pos``; None between sentences.

    Reads only the text near ``pos``: whether a mark ends a sentence depends on its
    neighbours alone, so the last break before ``pos`` is found in a window that grows
    back from it. Claim suggestions need the sentences of a few mentions, not all of them.
    """
    lo, window = pos, _WINDOW
    while True:
        lo = max(0, lo - window)
        window *= 2  # doubling keeps a text with no breaks at all to a few passes
        while lo > 0 and text[lo - 1] in _MARKS:
            lo -= 1  # a run of marks is read whole, as sentences() reads it
        start = 0 if lo == 0 else None
        end = len(text)
        for sentence_end, following in _breaks(text, lo):
            if following > pos:
                end = sentence_end
                break
            start = following
        if start is not None:
            break
    start, end = _trimmed(text, start, end)
    return (start, end) if start <= pos < end else None


_WINDOW = 400  # characters read back first (then twice as many); most sentences are shorter
_MARKS = ".।॥?!"


def _breaks(text: str, pos: int) -> Iterator[tuple[int, int]]:
    """(end of a sentence, start of the next) for every sentence break from ``pos`` on."""
    for m in _BREAK.finditer(text, pos):
        mark = m.group()
        if mark == "\n":
            yield m.start(), m.end()
            continue
        end = m.end()
        if mark[0] == ".":
            following = text[end : end + 1]
            if following and not (following.isspace() or following in _CLOSERS):
                continue  # 1.5, U.S, e.g
            if len(mark) == 1:
                word = _word_before(text, m.start())
                if _is_initial(word) or word.casefold() in _ABBREVIATIONS:
                    continue
        while end < len(text) and text[end] in _CLOSERS:
            end += 1
        yield end, end


def _word_before(text: str, i: int) -> str:
    # Only as far back as the longest abbreviation and one more character: a longer word is
    # no abbreviation, and its last letters alone must not look like one.
    j, stop = i, max(0, i - _LONGEST_ABBREVIATION - 1)
    while j > stop and is_word_char(text[j - 1]):
        j -= 1
    return text[j:i]


def _is_initial(word: str) -> bool:
    # A single capital Latin letter: the "S." of "S. Jaishankar", "U.S.".
    return len(word) == 1 and word.isupper()


def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    start, end = _trimmed(text, start, end)
    if start < end:
        spans.append((start, end))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- suggestions ---------------------------------------------------------------


def suggest_claims(
    text: str,
    matches: Sequence[Match],
    platform_keys: Container,
    folded: Folded | None = None,
) -> list[ClaimSuggestion]:
    """One suggestion per (platform, sentence) where the sentence has a status cue.

    ``folded``: ``fold(text)`` when the caller already has it.
    """
    platform_matches = sorted((m for m in matches if m.key in platform_keys),
                              key=lambda m: m.start)
    if not platform_matches:
        return []
    hits = _cue_matcher().find(text, folded)
    if not any(hit.key not in (_NEGATION, _NEUTRAL) for hit in hits):
        return []
    hit_starts = [hit.start for hit in hits]

    # sentence span → (rank, status, cue, negation) of its most specific cue after negation,
    # or None when it has no cue; only the sentences that name a platform are read.
    best: dict[tuple[int, int], tuple[int, str, Match, str] | None] = {}
    suggestions: list[ClaimSuggestion] = []
    seen: set[tuple[tuple[int, int], Hashable]] = set()
    span = None
    for m in platform_matches:
        if span is None or not span[0] <= m.start < span[1]:
            span = sentence_around(text, m.start)
        if span is None or m.end > span[1] or (span, m.key) in seen:
            continue  # between sentences, straddling a break, or already suggested
        if span not in best:
            best[span] = _best_cue(text, span, hits, hit_starts)
        if best[span] is None:
            continue
        seen.add((span, m.key))
        _, status, cue, negation = best[span]
        suggestions.append(ClaimSuggestion(m.key, status, cue.text, *span, negation))
    return suggestions


def _best_cue(text: str, span: tuple[int, int], hits: Sequence[Match],
              hit_starts: Sequence[int]) -> tuple[int, str, Match, str] | None:
    """(rank, status, cue, negation text) of the most specific cue of one sentence, if any."""
    cues: list[Match] = []
    negations: list[Match] = []
    for hit in hits[bisect_left(hit_starts, span[0]) : bisect_left(hit_starts, span[1])]:
        if hit.end <= span[1]:  # a hit straddling the sentence's end belongs to neither
            (negations if hit.key in (_NEGATION, _NEUTRAL) else cues).append(hit)
    negated = _negated_cues(text, cues, negations)
    # "The contract was not signed": a negated cue speaks for its whole cue family in the
    # sentence, so "contract" does not go on saying "contracted".
    by_status = {cue.key: negated[cue.start] for cue in cues if cue.start in negated}
    best = None
    for cue in cues:
        status, negation = cue.key, by_status.get(cue.key)
        if negation is not None:
            status = NEGATED[cue.key]
            if status is None:
                continue
        if best is None or _RANK[status] < best[0]:
            best = (_RANK[status], status, cue, negation.text if negation else "")
    return best


def _negated_cues(text: str, cues: Sequence[Match], negations: Sequence[Match]) -> dict:
    """{cue.start: negation} for the cues of one sentence that a negation bears on.

    A negation bears on the nearest cue within reach. On a tie, English negation reaches
    forward ("without delay") and Hindi backward ("हस्ताक्षर नहीं किए"), as the languages put it.
    """
    negated = {}
    for negation in negations:
        if negation.key == _NEUTRAL:
            continue
        forward = negation.text.isascii()
        nearest = None
        for cue in cues:
            if negation.end <= cue.start:
                words, after = len(text[negation.end : cue.start].split()), True
            elif cue.end <= negation.start:
                words, after = len(text[cue.end : negation.start].split()), False
            else:
                continue
            rank = (words, after != forward)
            if words <= _NEGATION_REACH and (nearest is None or rank < nearest[0]):
                nearest = (rank, cue)
        if nearest is not None:
            negated[nearest[1].start] = negation
    return negated
