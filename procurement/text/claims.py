"""Claim suggestions: a platform named in a sentence that also says what happened to it.

"एस-400 की आपूर्ति" suggests the S-400 is *in delivery*; "Su-30 MKI upgrade"
suggests an *upgrade*. These are suggestions for a reviewer, not facts.

A cue speaks of one platform, not of every platform in its sentence. The
sentence is cut into clauses at commas, semicolons, colons, brackets, spaced
dashes and joining words (and, but, alongside, और, लेकिन, जबकि…), and a cue
goes to the nearest platform named in its own clause; on a tie, to the
earlier one, the clause's subject. In "S-400 की शेष खेप और Su-30 MKI का
उन्नयन" the consignment is the S-400's and the upgrade the Su-30 MKI's. A
clause that names no platform gives its cues to nobody — "supply of the
system …, alongside an upgrade of the Su-30 MKI" says nothing of the
Su-30 MKI's supply — with one exception: a bare subject that opens the
sentence ("The Su-30 MKI fleet, assembled by HAL, is being upgraded") takes
the cues of the clauses that follow it, up to the first cue. A designation
that is not a platform we know ("Tu-160", "T-90") counts as a platform
that takes cues, so that a sentence about it suggests nothing for ours.

Negation is read in one narrow way: a negation word (नहीं, not, yet to,
hasn't, no…) within three words of a cue turns that cue into what the
negated statement still says, or drops it: "not yet delivered" is still *in
delivery*, "हस्ताक्षर नहीं किए" (did not sign) is still *negotiating*,
"supplies have not begun" is *stalled*, "no delay" and "not cancelled" say
nothing specific and give way to the sentence's other cues (NEGATED below).

The future is read the same way (FUTURE below): "will be delivered next
year" and "अगले साल सौंपी जाएगी" say the delivery has not happened yet but
is under way, so they suggest *in delivery*, not *delivered*; "will sign the
contract" suggests *negotiating*; "will be scrapped" suggests nothing.

Statuses, most specific first; when a platform's clause holds several cues the
most specific wins (a "delivered" cue beats a "discussed" one):

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

__all__ = ["STATUSES", "CUES", "NEGATED", "NEGATIONS", "FUTURE", "FUTURE_MARKERS",
           "ClaimSuggestion", "cue_matcher", "sentences", "suggest_claims"]

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
        "stalled", "delayed", "delay", "delays", "on hold", "stuck", "postponed", "halted",
        "behind schedule", "slipped", "slippage",
        "अटका", "अटकी", "अटके", "रुका", "रुकी", "रुके", "देरी", "विलंब", "स्थगित",
    ),
    "delivered": (
        "delivered", "supplied", "handed over", "hand over", "hands over", "inducted",
        "सौंपा", "सौंपी", "सौंपे", "आपूर्ति की गई", "आपूर्ति कर दी", "डिलीवर किया", "डिलीवर किए",
    ),
    "in_delivery": (
        "delivery", "deliveries", "deliver", "delivering", "supply", "supplies", "supplying",
        "shipment", "shipments", "handing over", "आपूर्ति", "डिलीवरी", "खेप",
    ),
    "upgrade": (
        "upgrade", "upgrades", "upgraded", "upgrading", "upgradation", "modernisation",
        "modernization", "retrofit", "overhaul", "उन्नयन", "अपग्रेड", "आधुनिकीकरण",
    ),
    "contracted": (
        "contract", "contracts", "contracted", "signed", "sign", "signs", "signing", "ordered",
        "अनुबंध", "हस्ताक्षर", "करार",
    ),
    "negotiating": (
        "negotiation", "negotiations", "negotiating", "negotiate", "deal", "deals",
        "सौदा", "सौदे", "सौदेबाजी", "मोलभाव",
    ),
    "proposed": (
        "proposal", "proposed", "purchase", "purchases", "procure", "procurement", "acquisition",
        "acquire", "plans to buy", "buy", "buying", "offer", "offers", "offered",
        "खरीद", "खरीदने", "खरीदारी", "अधिग्रहण", "प्रस्ताव", "प्रस्तावित", "पेशकश",
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
_NEGATION, _NEUTRAL, _FUTURE = "negation", "neutral", "future"

# Words that put a cue in the future: English ones come before it ("will be delivered"),
# Hindi ones after it ("सौंपी जाएगी"), and they reach only that way, so that "the deal will be
# signed" puts the signing, not the deal, in the future.
FUTURE_MARKERS: tuple[str, ...] = (
    "will", "would", "shall", "could", "might", "to be", "expected to", "set to", "due to",
    "going to",
    "जाएगा", "जाएगी", "जाएंगे", "जाएंगी", "जाएँगे", "जाएँगी", "जायेगा", "जायेगी", "जायेंगे",
    "जायेंगी", "होगा", "होगी", "होंगे", "होंगी", "करेगा", "करेगी", "करेंगे", "करेंगी", "देगा",
    "देगी", "देंगे", "देंगी", "मिलेगा", "मिलेगी", "मिलेंगे", "मिलेंगी",
)
# What a cue in the future says; a status not listed says the same in the future.
FUTURE: dict[str, str | None] = {
    "delivered": "in_delivery",    # will be delivered next year: delivery is under way, not done
    "contracted": "negotiating",   # will sign the contract: not signed yet
    "cancelled": None,             # may be scrapped: a threat, not a status
}

# Where a clause ends inside a sentence. A hyphen or an unspaced dash belongs to a designation
# (S-400, S–400); a spaced one sets off a clause.
_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]]|\s[–—-]\s|(?<!\w)(?:and|but|while|whereas|alongside|as well as|although|"
    r"though|unlike|besides|और|तथा|एवं|लेकिन|किंतु|किन्तु|परंतु|परन्तु|मगर|जबकि|बल्कि|साथ ही)(?!\w)",
    re.IGNORECASE)
# A designation of some platform we do not track (Tu-160, T-90, मिग-29): it takes the cues near
# it, so a sentence about it suggests nothing for the platform it is compared with.
_DESIGNATION = re.compile(r"(?<![\w\-–])(?:[A-Z][A-Za-z]{0,4}|[\u0900-\u0963\u0970-\u097F]{1,6})"
                          r"[-–]?\d{1,4}"
                          r"[A-Za-z]{0,3}(?![\w\-–])")
_BARE_SUBJECT_WORDS = 2  # words besides platform names in a sentence-opening bare subject


@dataclass(frozen=True)
class ClaimSuggestion:
    key: Hashable  # the Match.key of the platform mention
    status: str  # one of STATUSES
    cue: str  # the cue as written in the text
    start: int  # the sentence span in the original text
    end: int
    negation: str = ""  # the negation that changed the cue's status, as written
    distance: int = 0  # words between the platform mention and its cue: fewer, a tighter quote


@lru_cache(maxsize=1)
def cue_matcher() -> Matcher:
    """The matcher of cue words, negations and future markers (keys: statuses and markers)."""
    cues = [(status, cue) for status, words in CUES.items() for cue in words]
    return Matcher(cues + [(_NEGATION, word) for word in NEGATIONS]
                   + [(_NEUTRAL, phrase) for phrase in NOT_NEGATIONS]
                   + [(_FUTURE, word) for word in FUTURE_MARKERS],
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


_WINDOW = 160  # characters read back first (then twice as many): about two sentences.
# Every break in the window is read, so a wider first window costs more than the rare retry.
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
    """At most one suggestion per (platform, sentence): the most specific cue said of it.

    ``matches``: every entity found in ``text``; those whose key is not in ``platform_keys``
    only keep a designation that is part of their name from counting as another platform.
    ``folded``: ``fold(text)`` when the caller already has it.
    """
    platform_matches = sorted((m for m in matches if m.key in platform_keys),
                              key=lambda m: m.start)
    if not platform_matches:
        return []
    hits = cue_matcher().find(text, folded)
    if not any(hit.key in _RANK for hit in hits):
        return []
    hit_starts = [hit.start for hit in hits]
    platform_starts = [m.start for m in platform_matches]
    entity_spans = sorted((m.start, m.end) for m in matches)

    suggestions: list[ClaimSuggestion] = []
    done: set[tuple[int, int]] = set()
    span = None
    for m in platform_matches:
        if span is None or not span[0] <= m.start < span[1]:
            span = sentence_around(text, m.start)
        if span is None or span in done:
            continue  # between sentences, or the sentence is read already
        done.add(span)
        named = [p for p in platform_matches[bisect_left(platform_starts, span[0]) :
                                             bisect_left(platform_starts, span[1])]
                 if p.end <= span[1]]
        window = hits[bisect_left(hit_starts, span[0]) : bisect_left(hit_starts, span[1])]
        suggestions += _sentence_suggestions(text, span, named, window, entity_spans)
    return suggestions


def _sentence_suggestions(text: str, span: tuple[int, int], named: Sequence[Match],
                          hits: Sequence[Match], entity_spans: Sequence[tuple[int, int]]
                          ) -> list[ClaimSuggestion]:
    """One sentence's suggestions: each cue goes to the platform nearest it in its clause."""
    cues = [hit for hit in hits if hit.end <= span[1] and hit.key in _RANK]
    if not cues or not named:
        return []
    markers = [hit for hit in hits if hit.end <= span[1] and hit.key not in _RANK]
    statuses = _read_cues(text, cues, markers)
    if not statuses:
        return []
    # Parties: our platforms, then designations of platforms we do not track (key None).
    parties: list[tuple[int, int, Hashable]] = [(m.start, m.end, m.key) for m in named]
    for d in _DESIGNATION.finditer(text, span[0], span[1]):
        if not any(s < d.end() and d.start() < e for s, e in _overlapping(entity_spans, d.start())):
            if not any(h.start < d.end() and d.start() < h.end for h in hits):
                parties.append((d.start(), d.end(), None))
    parties.sort()
    breaks = [b.start() for b in _CLAUSE_BREAK.finditer(text, span[0], span[1])
              if not any(s <= b.start() < e for s, e, _ in parties)]

    def clause(pos: int) -> int:
        return bisect_left(breaks, pos + 1)

    in_clause: dict[int, list[tuple[int, int, Hashable]]] = {}
    for party in parties:
        in_clause.setdefault(clause(party[0]), []).append(party)
    cues_in: dict[int, list[Match]] = {}
    for cue in cues:
        cues_in.setdefault(clause(cue.start), []).append(cue)

    # A bare subject opening the sentence ("The Su-30 MKI fleet, …, is being upgraded") owns the
    # cues of the party-less clauses that follow it, up to the first clause with a cue.
    heirs: dict[int, tuple[int, int, Hashable]] = {}
    first = in_clause.get(0, [])
    if first and 0 not in cues_in and first[0][2] is not None:
        end = breaks[0] if breaks else span[1]
        words = len(text[span[0]:end].split()) - sum(len(text[s:e].split()) for s, e, _ in first)
        if words <= _BARE_SUBJECT_WORDS:
            for index in range(1, len(breaks) + 1):
                if index in in_clause:
                    break
                heirs[index] = first[0]
                if index in cues_in:
                    break

    best: dict[Hashable, tuple[int, int, str, Match, str]] = {}
    for index, clause_cues in cues_in.items():
        for cue in clause_cues:
            read = statuses.get(cue.start)
            if read is None:
                continue
            status, negation = read
            if index in in_clause:
                party = min(in_clause[index], key=lambda p: (_words_between(text, p, cue), p[0]))
            elif index in heirs:
                party = heirs[index]
            else:
                continue  # a clause that names no platform: its cue is said of something else
            if party[2] is None:
                continue
            candidate = (_RANK[status], _words_between(text, party, cue), status, cue, negation)
            if party[2] not in best or candidate[:2] < best[party[2]][:2]:
                best[party[2]] = candidate
    order = {key: start for start, _, key in reversed(parties)}
    return [ClaimSuggestion(key, status, cue.text, *span, negation, distance)
            for key, (_, distance, status, cue, negation) in sorted(best.items(),
                                                                    key=lambda kv: order[kv[0]])]


def _overlapping(spans: Sequence[tuple[int, int]], pos: int) -> Sequence[tuple[int, int]]:
    # Entity spans never nest deeper than a few: the ones starting a little before pos suffice.
    i = bisect_left(spans, (pos + 1,))
    return spans[max(0, i - 4) : i + 4]


def _words_between(text: str, party: tuple[int, int, Hashable], cue: Match) -> int:
    if party[1] <= cue.start:
        return len(text[party[1] : cue.start].split())
    if cue.end <= party[0]:
        return len(text[cue.end : party[0]].split())
    return 0


def _read_cues(text: str, cues: Sequence[Match], markers: Sequence[Match]
               ) -> dict[int, tuple[str, str]]:
    """{cue.start: (status, negation text)} for the cues of a sentence that still say something."""
    negations = [m for m in markers if m.key in (_NEGATION, _NEUTRAL)]
    futures = [m for m in markers if m.key == _FUTURE]
    negated = _negated_cues(text, cues, negations)
    future = _future_cues(text, cues, futures)
    # "The contract was not signed": a negated cue speaks for its whole cue family in the
    # sentence, so "contract" does not go on saying "contracted". So does one in the future.
    negated_family = {cue.key: negated[cue.start] for cue in cues if cue.start in negated}
    future_family = {cue.key for cue in cues if cue.start in future}
    read = {}
    for cue in cues:
        status, negation = cue.key, negated_family.get(cue.key)
        if negation is not None:
            status = NEGATED[cue.key]
        if status is not None and cue.key in future_family:
            status = FUTURE.get(status, status)
        if status is not None:
            read[cue.start] = (status, negation.text if negation else "")
    return read


def _future_cues(text: str, cues: Sequence[Match], futures: Sequence[Match]) -> set[int]:
    """Starts of the cues a future marker bears on: the nearest within reach, its own way."""
    found = set()
    for marker in futures:
        forward = marker.text.isascii()
        nearest = None
        for cue in cues:
            if forward and marker.end <= cue.start:
                words = len(text[marker.end : cue.start].split())
            elif not forward and cue.end <= marker.start:
                words = len(text[cue.end : marker.start].split())
            else:
                continue
            if words <= _NEGATION_REACH and (nearest is None or words < nearest[0]):
                nearest = (words, cue)
        if nearest is not None:
            found.add(nearest[1].start)
    return found


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
