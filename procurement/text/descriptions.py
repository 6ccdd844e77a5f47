"""Meetings and agreements that an article describes instead of naming.

"the SCO meeting in Qingdao", "the 2018 deal", "the annual summit", "2018 में हुए सौदे",
"चिंगदाओ में एससीओ की बैठक": none of these is a name of the meeting or agreement, but each
carries enough to find it in the record. ``find_descriptions`` reads such phrases and returns
what they say (a forum, a place, people, a platform, a year, an ordinal, a value); which
meeting or agreement that is, if any, is for the caller to decide against its records.

How a phrase is read:

1. Trigger nouns (meeting, summit, talks, deal, contract, communique, बैठक, शिखर सम्मेलन, वार्ता,
   सौदे, अनुबंध, समझौता, संयुक्त बयान…) are found with the alias Matcher, so with the same
   folding and word boundaries as names ("deal" is not in "dealer"; plurals are other words,
   and a plural describes no one meeting). Nothing else runs on a text without one.
2. From the noun, the words before it are read right to left while they are modifiers
   (defence, ministers', annual, रक्षा, मंत्रियों, की, में हुए…), names the caller found (a forum,
   a place, a person, a platform, a country), a year, an ordinal ("23rd", "23वें") or a value
   ("$5.43 billion", "5.43 अरब डॉलर"). Any other word ends the phrase: "the", "a", a verb.
   English also puts things after the noun ("the meeting of SCO defence ministers in
   Qingdao", "talks with Belousov", "the contract for the S-400"): the words after it are read
   the same way, and the phrase ends at the last forum, place, person, platform or year.
3. A word that points away from a known event — next, upcoming, last, previous, new, another,
   अगले, आगामी, पिछले, नए — drops the phrase: "the next annual summit" is not the one on record.
4. A phrase is kept only with something to resolve it by: a forum, place, person, year,
   ordinal or "annual" for a meeting; a platform, year, value, forum or place for an
   agreement. A joint communique (संयुक्त घोषणा पत्र) needs nothing more: the caller places it
   by the article's date. "a meeting next year" and "the deal" alone describe nothing.

Spans are offsets into the text given, as for matches: ``text[d.start:d.end] == d.text``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .match import Matcher
from .normalise import DASHES, Folded, fold, fold_alias, is_word_char

__all__ = ["Description", "Hint", "find_descriptions", "noun_matcher"]

MEETING = "meeting"
AGREEMENT = "agreement"

# Folded noun → (what it describes, the noun's sense). Inflected Hindi forms are listed
# because nouns, like aliases, only match whole words.
NOUNS: dict[str, tuple[str, str]] = {
    "meeting": (MEETING, "meeting"), "meet": (MEETING, "meeting"),
    "conclave": (MEETING, "meeting"), "conference": (MEETING, "meeting"),
    "summit": (MEETING, "summit"), "talks": (MEETING, "talks"), "dialogue": (MEETING, "talks"),
    "बैठक": (MEETING, "meeting"), "सम्मेलन": (MEETING, "meeting"),
    "मुलाकात": (MEETING, "talks"), "शिखर सम्मेलन": (MEETING, "summit"),
    "शिखर बैठक": (MEETING, "summit"), "वार्ता": (MEETING, "talks"),
    "बातचीत": (MEETING, "talks"),
    "deal": (AGREEMENT, "deal"), "contract": (AGREEMENT, "contract"),
    "agreement": (AGREEMENT, "agreement"), "pact": (AGREEMENT, "agreement"),
    "accord": (AGREEMENT, "agreement"), "communique": (AGREEMENT, "communique"),
    "communiqué": (AGREEMENT, "communique"), "joint statement": (AGREEMENT, "communique"),
    "joint declaration": (AGREEMENT, "communique"),
    "सौदा": (AGREEMENT, "deal"), "सौदे": (AGREEMENT, "deal"), "डील": (AGREEMENT, "deal"),
    "अनुबंध": (AGREEMENT, "contract"), "करार": (AGREEMENT, "agreement"),
    "समझौता": (AGREEMENT, "agreement"), "समझौते": (AGREEMENT, "agreement"),
    "घोषणा पत्र": (AGREEMENT, "communique"), "घोषणापत्र": (AGREEMENT, "communique"),
    "संयुक्त बयान": (AGREEMENT, "communique"), "संयुक्त वक्तव्य": (AGREEMENT, "communique"),
}

# Words that may stand between the names and the noun without changing what it is.
_MODIFIERS = frozenset("""
    defence defense foreign ministers minister ministerial heads head chiefs chief leaders leader
    level high bilateral trilateral multilateral joint summit military technical
    intergovernmental inter governmental government commission state states cooperation
    air missile missiles system systems arms weapons weapon purchase procurement supply
    supplies delivery deliveries acquisition two day official
    रक्षा विदेश मंत्रियों मंत्री मंत्रिस्तरीय स्तर स्तरीय उच्च द्विपक्षीय बहुपक्षीय संयुक्त शिखर
    सैन्य तकनीकी सहयोग प्रमुखों नेताओं राष्ट्राध्यक्षों शासनाध्यक्षों वायु रक्षा मिसाइल प्रणाली
    सिस्टम हथियार हथियारों खरीद आपूर्ति रक्षामंत्रियों दो दिवसीय
""".split())
_ANNUAL = frozenset(["annual", "वार्षिक", "सालाना"])
# What a modifier says of the meeting's scale: many ministers or leaders meet at a forum's
# meeting; a bilateral one is two sides' talks (the caller tells them apart by their forums).
_MULTILATERAL, _BILATERAL = "multilateral", "bilateral"
_SCALE = dict.fromkeys("""
    ministers heads chiefs leaders multilateral मंत्रियों रक्षामंत्रियों प्रमुखों नेताओं
    राष्ट्राध्यक्षों शासनाध्यक्षों बहुपक्षीय
""".split(), _MULTILATERAL) | dict.fromkeys("bilateral द्विपक्षीय".split(), _BILATERAL)
# "<person> से मुलाकात", "talks with": the Hindi postposition joins a person to the noun.
_WITH = "से"
_MONTHS = frozenset(fold_alias(m) for m in """
    january february march april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर सितम्बर अक्टूबर नवंबर नवम्बर दिसंबर दिसम्बर
""".split())
# Joining words on the left: "of", "and" in English; postpositions and "held" in Hindi
# ("2018 में हुए सौदे", "एससीओ की बैठक").
_JOINERS_LEFT = frozenset("of and की के का में हुए हुई हुआ आयोजित".split())
# Joining words after the noun (English only: Hindi puts its modifiers first).
_JOINERS_RIGHT = frozenset("of in at with held hosted by the between and for signed on".split())
# Words that point away from the event on record: drop the phrase. (वाले, वाली: "होने वाली
# बैठक", the meeting to come.)
_AWAY = frozenset("""
    next upcoming forthcoming future proposed planned possible potential prospective last previous
    earlier another new fresh second third
    अगले अगला अगली आगामी पिछले पिछला पिछली प्रस्तावित संभावित नए नया नई नयी दूसरे दूसरा वाले वाली
    वाला
""".split())
_ORDINAL_SUFFIXES = frozenset(fold_alias(s) for s in "st nd rd th वां वाँ वें वीं वा वे वी".split())
_UNITS = {"billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6, "crore": 1e7, "crores": 1e7,
          "lakh": 1e5, "अरब": 1e9, "बिलियन": 1e9, "मिलियन": 1e6, "करोड़": 1e7, "लाख": 1e5}
_CURRENCY_BEFORE = {"$": "USD", "usd": "USD", "₹": "INR", "rs": "INR", "inr": "INR"}
_CURRENCY_AFTER = {"dollar": "USD", "dollars": "USD", "डॉलर": "USD", "rupees": "INR",
                   "rupee": "INR", "रुपये": "INR", "रुपए": "INR"}

# Kinds of names (the caller's hints) and what each tells.
_FORUM, _PLACE, _PERSON, _PLATFORM, _COUNTRY = "forum", "place", "person", "platform", "country"
_NAMED = frozenset([MEETING, AGREEMENT])  # a name of the thing itself: nothing to describe

_NEAR = 16  # folded characters read around a noun first
_WINDOW = 120  # ... and at most: a phrase is a handful of words


@dataclass(frozen=True)
class Hint:
    """A name the caller found in the text (an alias match): entity key, its kind, its span."""

    key: Hashable
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Description:
    """A phrase describing one meeting or agreement, and what it says about it."""

    kind: str  # MEETING or AGREEMENT
    noun: str  # meeting, summit, talks / deal, contract, agreement, communique
    start: int
    end: int
    text: str
    forum: Hashable | None = None
    places: tuple = ()
    people: tuple = ()
    platforms: tuple = ()
    year: int | None = None
    ordinal: int | None = None
    annual: bool = False
    scale: str = ""  # multilateral ("ministers' meeting"), bilateral, or not said
    value: float | None = None  # in units of the currency, e.g. 5.43e9
    tolerance: float = 0.0  # half a unit of the last digit given: "$5.4 billion" is 5.35–5.45
    currency: str = ""  # ISO 4217 when the phrase says it

    @property
    def identified(self) -> bool:
        """Whether the phrase says enough to be resolved at all."""
        if self.kind == MEETING:
            return bool(self.forum or self.places or self.people or self.year or self.ordinal
                        or self.annual)
        return bool(self.platforms or self.year or self.value or self.forum or self.places
                    or self.noun == "communique")


@dataclass(slots=True)
class _Token:
    a: int  # folded span
    b: int
    text: str
    kind: str  # word, num, punct, hint, ordinal, value
    hint: Hint | None = None
    number: float = 0.0
    tolerance: float = 0.0
    currency: str = ""


@dataclass
class _Reading:
    forum: Hashable | None = None
    places: list = field(default_factory=list)
    people: list = field(default_factory=list)
    platforms: list = field(default_factory=list)
    year: int | None = None
    ordinal: int | None = None
    annual: bool = False
    scale: str = ""
    value: _Token | None = None
    dropped: bool = False
    left_edge: bool = False  # the walk ran out of words before it ended
    right_edge: bool = False


@lru_cache(maxsize=1)
def noun_matcher() -> Matcher:
    """The matcher of trigger nouns (keys: their folded forms, as in NOUNS)."""
    return Matcher([(form, form) for form in NOUNS], case_sensitive_acronyms=False)


def find_descriptions(text: str, hints: Iterable[Hint] = (), folded: Folded | None = None
                      ) -> list[Description]:
    """Descriptive phrases in ``text``, in text order.

    ``hints``: the names already found in ``text`` (source spans), of kinds forum, place, person,
    platform, country, meeting, agreement (others are read as ordinary words). ``folded``:
    ``fold(text)`` when the caller has it. Costs one automaton pass when no noun is present.
    """
    if not text:
        return []
    if folded is None:
        folded = fold(text)
    nouns = noun_matcher().find(text, folded)
    if not nouns:
        return []
    hints = sorted(hints, key=lambda h: h.start)
    around = _Around([h.start for h in hints], [h.end for h in hints])
    spans = None
    found = []
    for noun in nouns:
        # A communique needs nothing more to be placed: even a bare one is read.
        if NOUNS[noun.key][1] != "communique" and _bare(text, around, noun.start, noun.end):
            continue
        if spans is None:  # folded offsets of the names: only for a noun that needs them
            spans = _folded_hints(folded, hints)
        a, b = folded.to_folded(noun.start), folded.to_folded(noun.end)
        description = _read(folded, spans, noun.key, a, b)
        if description is not None:
            found.append(description)
    return found


@dataclass
class _Around:
    """Where the names start and end in the text as given (matches never overlap)."""

    starts: list
    ends: list

    def inside(self, i: int) -> bool:
        """Whether position ``i`` is within a name."""
        k = bisect_right(self.starts, i) - 1
        return k >= 0 and i < self.ends[k]


_ENDS = ".,;:?!।"
_BLANKS = " \n"
_UNFOLDED = frozenset("\u093c\u0901")  # nukta, candrabindu: the folded word may differ


def _bare(text: str, around: _Around, start: int, end: int) -> bool:
    """True when the noun at text[start:end] surely stands alone ("the talks covered…", "।
    बैठक में…"): the word before it would end the phrase on the left, the word after it on
    the right. Read on the text as given, before any offset is mapped to the folded form:
    most nouns are settled here. Anything unusual (a name, a number, punctuation inside a
    word, letters folding would change) is left to the full reading."""
    if around.inside(start):
        return False  # inside a name: a forum's ("India–Russia annual summit"), or a meeting's
    if start > 0:
        if text[start - 1] not in _BLANKS or around.inside(start - 2):
            return False
        gap = max(text.rfind(" ", max(0, start - 32), start - 1),
                  text.rfind("\n", max(0, start - 32), start - 1))
        before = text[gap + 1:start - 1]
        if before[-1:] not in _ENDS:
            word = _TOKEN.fullmatch(before)
            if word is None or word.lastindex != 2 or before.lower() in _GOES_ON \
                    or not _UNFOLDED.isdisjoint(before):
                return False
    if end < len(text):
        if text[end] in _BLANKS:
            if around.inside(end + 1):
                return False
            word = _TOKEN.match(text, end + 1)
            if word is None or word.lastindex == 2 and (
                    word.group().lower() in _GOES_ON_RIGHT
                    or not _UNFOLDED.isdisjoint(word.group())):
                return False
        elif is_word_char(text[end]) or text[end] in DASHES:
            return False  # "deal2018", "summit-level": read in full
    return True


@dataclass
class _Spans:
    """The hints as folded spans, in text order (matches never overlap)."""

    starts: list
    rows: list  # (folded start, folded end, hint)

    def containing(self, a: int, b: int) -> tuple[int, int, Hint] | None:
        i = bisect_right(self.starts, a) - 1
        if i >= 0 and self.rows[i][1] >= b:
            return self.rows[i]
        return None

    def within(self, lo: int, hi: int) -> list:
        return self.rows[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]


def _folded_hints(folded: Folded, hints: Iterable[Hint]) -> _Spans:
    # to_folded, not a search of folded.offsets: that list costs more to build (one entry per
    # character) than all the look-ups of an article together.
    to_folded = folded.to_folded
    rows = []
    for hint in hints:
        a, b = to_folded(hint.start), to_folded(hint.end)
        if a < b:
            rows.append((a, b, hint))
    rows.sort(key=lambda row: (row[0], -row[1]))
    kept, end = [], -1
    for row in rows:  # the longest where several start together; never overlapping
        if row[0] >= end:
            kept.append(row)
            end = row[1]
    return _Spans([row[0] for row in kept], kept)


# A number (2018, 5.43, 40,000), a word (letters and combining marks: Devanagari matras are
# parts of words), or one other character.
def _mark_ranges() -> str:
    """Combining marks of the BMP as a regex class body of ranges (matras, virama, accents)."""
    marks = [c for c in range(0x10000) if unicodedata.category(chr(c)).startswith("M")]
    ranges, first = [], marks[0]
    for previous, c in zip(marks, marks[1:] + [None]):
        if c != previous + 1:
            ranges.append(f"{re.escape(chr(first))}-{re.escape(chr(previous))}")
            first = c
    return "".join(ranges)


_TOKEN = re.compile("([0-9](?:[0-9]|[.,](?=[0-9]))*)|((?:[^\\W\\d_]|[" + _mark_ranges()
                    + "])+)|(\\S)")
_TOKEN_KINDS = (None, "num", "word", "punct")  # by the group that matched
# Words a walk reads on through (or drops the phrase at), on either side of the noun.
_GOES_ON = (_MODIFIERS | _JOINERS_LEFT | _MONTHS | _ANNUAL | _AWAY | frozenset(_UNITS)
            | frozenset(_CURRENCY_AFTER) | frozenset(_CURRENCY_BEFORE) | {_WITH})
_GOES_ON_RIGHT = _JOINERS_RIGHT | _MODIFIERS | _MONTHS


def _tokens(folded: Folded, spans: _Spans, lo: int, hi: int) -> list[_Token]:
    """Words, numbers, punctuation and hints of folded[lo:hi], values and ordinals merged."""
    ft = folded.text
    tokens: list[_Token] = []
    at = lo
    for a, b, hint in spans.within(lo, hi):
        tokens += _tokens_of(ft, at, a)
        tokens.append(_Token(a, b, ft[a:b], "hint", hint))
        at = b
    if at < hi:
        tokens += _tokens_of(ft, at, hi)
    # A word cut by the window's edge is no word: a walk that reaches it has run off the edge.
    if tokens and lo > 0 and tokens[0].a == lo and is_word_char(ft[lo - 1]):
        del tokens[0]
    if tokens and hi < len(ft) and tokens[-1].b == hi and is_word_char(ft[hi]):
        del tokens[-1]
    return _merged(folded, tokens)


def _tokens_of(ft: str, lo: int, hi: int) -> list[_Token]:
    # One comprehension: a dozen tokens around every noun, a function call each cost a third.
    kinds = _TOKEN_KINDS
    return [_Token(m.start(), m.end(), m.group(), kinds[m.lastindex])
            for m in _TOKEN.finditer(ft, lo, hi)]


def _glued(folded: Folded, left: _Token, right: _Token) -> bool:
    """Written as one word in the source ("23rd"), not joined by folding ("2018 deal")."""
    return left.b == right.a and not folded.joined_at(right.a)


def _merged(folded: Folded, tokens: list[_Token]) -> list[_Token]:
    out: list[_Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if t.kind == "num" and nxt and nxt.kind == "word" and _glued(folded, t, nxt) \
                and nxt.text in _ORDINAL_SUFFIXES and t.text.isdigit():
            out.append(_Token(t.a, nxt.b, t.text + nxt.text, "ordinal", number=int(t.text)))
            i += 2
            continue
        if t.kind == "num":
            value = _value(tokens, i, out)
            if value is not None:
                token, i = value
                out.append(token)
                continue
        out.append(t)
        i += 1
    return out


def _value(tokens: list[_Token], i: int, out: list[_Token]) -> tuple[_Token, int] | None:
    """A sum of money at tokens[i] ("$5.43 billion", "5.43 अरब डॉलर", "Rs 40,000 crore"), and
    the index after it; earlier currency tokens already in ``out`` are taken back."""
    t = tokens[i]
    digits = t.text.replace(",", "")
    try:
        amount = float(digits)
    except ValueError:
        return None
    step = 10 ** -(len(digits) - digits.index(".") - 1) if "." in digits else 1
    currency, start, j = "", t.a, i + 1
    # "$5.43", "US$5.43", "Rs. 40,000", "₹40,000": the sign belongs to the sum.
    if out and out[-1].text == "." and len(out) > 1 and out[-2].text == "rs":
        out.pop()
    if out and out[-1].text in _CURRENCY_BEFORE:
        currency, start = _CURRENCY_BEFORE[out[-1].text], out.pop().a
        if currency == "USD" and out and out[-1].text == "us" and out[-1].b == start:
            start = out.pop().a
    unit = 1.0
    if j < len(tokens) and tokens[j].text in _UNITS:
        unit, j = _UNITS[tokens[j].text], j + 1
    if j < len(tokens) and tokens[j].text in _CURRENCY_AFTER:
        currency, j = _CURRENCY_AFTER[tokens[j].text], j + 1
    if unit == 1.0 and not currency:
        return None  # a bare number: a year, a count
    return _Token(start, tokens[j - 1].b, "", "value", number=amount * unit,
                  tolerance=step * unit / 2, currency=currency), j


def _read(folded: Folded, spans: _Spans, noun: str, a: int, b: int) -> Description | None:
    kind, sense = NOUNS[noun]
    # A noun inside a name: a forum's name ("India–Russia annual summit") is read as the forum
    # and the noun; the name of a meeting or agreement names it, there is nothing to describe.
    centre_a, centre_b, forum = a, b, None
    holder = spans.containing(a, b)
    if holder is not None:
        if holder[2].kind != _FORUM:
            return None
        centre_a, centre_b, forum = holder[0], holder[1], holder[2].key
    # Most nouns stand after "the" or a verb: a few words around them settle it, and only a
    # phrase still going at the edge of those is read again with the wider window.
    for size in (_NEAR, _WINDOW):
        lo, hi = max(0, centre_a - size), min(len(folded.text), centre_b + size)
        tokens = _tokens(folded, spans, lo, hi)
        # The noun (or the forum name holding it) is one token, whatever its words.
        inside = [i for i, t in enumerate(tokens) if centre_a <= t.a and t.b <= centre_b]
        if not inside:
            return None
        centre = inside[0]
        tokens[centre:inside[-1] + 1] = [_Token(centre_a, centre_b,
                                                folded.text[centre_a:centre_b], "noun")]
        reading = _Reading(forum=forum)
        first = _walk_left(tokens, centre, kind, reading)
        last = _walk_right(tokens, centre, kind, reading)
        if reading.dropped:
            return None
        if not (reading.left_edge and lo > 0 or reading.right_edge and hi < len(folded.text)):
            break
    if not (reading.forum or reading.places or reading.people or reading.platforms
            or reading.year or reading.ordinal or reading.annual or reading.value
            or sense == "communique"):
        return None  # the usual case, settled before any offset is mapped back
    start, end = folded.source_span(tokens[first].a, tokens[last].b)
    value = reading.value
    description = Description(
        kind=kind, noun=sense, start=start, end=end, text=folded.source[start:end],
        forum=reading.forum, places=tuple(reading.places), people=tuple(reading.people),
        platforms=tuple(reading.platforms), year=reading.year, ordinal=reading.ordinal,
        annual=reading.annual, scale=reading.scale, value=value.number if value else None,
        tolerance=value.tolerance if value else 0.0, currency=value.currency if value else "")
    return description if description.identified else None


def _take_hint(hint: Hint, kind: str, reading: _Reading) -> bool:
    """Record what a name says about the phrase; False when it ends the phrase."""
    if hint.kind == _FORUM:
        if reading.forum not in (None, hint.key):
            reading.dropped = True  # two forums: not one meeting
        reading.forum = hint.key
    elif hint.kind == _PLACE:
        reading.places.append(hint.key)
    elif hint.kind == _PERSON and kind == MEETING:
        reading.people.append(hint.key)
    elif hint.kind == _PLATFORM and kind == AGREEMENT:
        reading.platforms.append(hint.key)
    elif hint.kind != _COUNTRY:
        return False
    return True


def _take_year(token: _Token, reading: _Reading) -> bool:
    if token.kind != "num" or not token.text.isdigit() or not 1950 <= int(token.text) <= 2099:
        return False
    if reading.year not in (None, int(token.text)):
        reading.dropped = True
    reading.year = int(token.text)
    return True


def _walk_left(tokens: list[_Token], centre: int, kind: str, reading: _Reading) -> int | None:
    """Index of the phrase's first token (``centre`` when nothing before the noun belongs to
    it)."""
    first = centre
    i = centre - 1
    while i >= 0 and centre - i <= 12:
        t = tokens[i]
        if t.kind == "hint":
            if not _take_hint(t.hint, kind, reading):
                break
        elif t.kind == "ordinal":
            reading.ordinal = int(t.number)
        elif t.kind == "value":
            if kind != AGREEMENT:
                break
            reading.value = t
        elif t.kind == "num":
            if not _take_year(t, reading):
                break
        elif t.text in _AWAY:
            reading.dropped = True
            break
        elif t.text in _ANNUAL:
            reading.annual = True
        elif t.text == _WITH and i == centre - 1:
            # "पुतिन से मुलाकात": the person met, and the phrase ends with them ("राष्ट्रपति",
            # "रक्षा मंत्री" before the name are theirs, not the meeting's).
            if i > 0 and tokens[i - 1].kind == "hint" and tokens[i - 1].hint.kind == _PERSON \
                    and kind == MEETING:
                reading.people.append(tokens[i - 1].hint.key)
                first = i - 1
                i -= 2
            break
        elif t.text == "s" and i > 0 and tokens[i - 1].text == "'":
            pass  # possessive: "Russia's"
        elif t.text in _SCALE:
            reading.scale = reading.scale or _SCALE[t.text]
        elif not (t.text in _MODIFIERS or t.text in _MONTHS or t.text in _JOINERS_LEFT
                  or t.text in ("'", "-")
                  # the tail of a sum the window cut ("…अरब डॉलर के सौदे"): read on
                  or t.text in _UNITS or t.text in _CURRENCY_AFTER):
            break
        first = i
        i -= 1
    reading.left_edge = i < 0
    # A phrase does not start with a joining word or a stray apostrophe ("of the…", "में").
    while first < centre and (tokens[first].text in _JOINERS_LEFT or tokens[first].kind == "punct"
                              or tokens[first].text == "s" and tokens[first - 1].text == "'"):
        first += 1
    return first


def _walk_right(tokens: list[_Token], centre: int, kind: str, reading: _Reading) -> int:
    """Index of the phrase's last token: the last name or year after the noun, or the noun."""
    last = centre
    i = centre + 1
    while i < len(tokens) and i - centre <= 10:
        t = tokens[i]
        if t.kind == "hint":
            if t.hint.kind in _NAMED or not _take_hint(t.hint, kind, reading):
                break
            if t.hint.kind != _COUNTRY:
                last = i
        elif t.kind == "num":
            # "the summit in 2018", "the deal of 2018"; not "the deal and the 2018 one".
            if tokens[i - 1].text not in ("in", "of") or not _take_year(t, reading):
                break
            last = i
        elif t.text == "and" and not (i + 1 < len(tokens) and tokens[i + 1].hint
                                      and tokens[i + 1].hint.kind == _PERSON):
            break  # "talks between Singh and Belousov"; otherwise another phrase begins
        elif t.kind != "word" or t.text in NOUNS or t.text in _AWAY:
            # "the SCO summit next year" is not the one on record; in "the meeting in Qingdao
            # last week" the time is the meeting's own.
            if t.text in _AWAY and i == centre + 1:
                reading.dropped = True
            break
        elif not (t.text in _JOINERS_RIGHT or t.text in _MODIFIERS or t.text in _MONTHS):
            break
        elif t.text in _SCALE:
            reading.scale = reading.scale or _SCALE[t.text]
        i += 1
    reading.right_edge = i >= len(tokens)
    return last
