"""Two normal forms of article text: the one we store and the one we match on.

``storage_form`` is what goes into the database. It is deliberately gentle
(NFC, LF line ends, no leading BOM) so quotes shown to a reviewer are exactly
what the source said.

``fold`` produces the *matching form*, plus a map from every folded character
back to the stored text, so a hit in the folded text can be quoted from the
original. The rules, and why:

* Latin and Cyrillic are lower-cased (``str.lower`` plus a few casefold
  extras that stay one character: ``ς``→``σ``, ``ſ``→``s``, ``İ``→``i``), and
  ``ё``→``е`` because Russian names are printed both ways.
* Devanagari: the nukta that marks Perso-Arabic sounds is dropped after
  क ख ग ज फ य (so क़िंगदाओ = किंगदाओ, ज़रूरी = जरूरी); after ड and ढ it stays,
  because ड़ and ढ़ are letters of their own in Hindi. Precomposed U+0958..U+095F
  are treated the same (U+095C/U+095D kept). Candrabindu ँ becomes anusvara ं,
  a spelling variation of the same sound (पहुँचे = पहुंचे). Digits ०-९ become 0-9.
* Invisible characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen,
  bidi marks) are dropped; every Unicode space (NBSP, thin space, newline…)
  becomes an ordinary space and runs of spaces collapse to one.
* Every dash (‐ ‑ ‒ – — ― − ﹘ ﹣ －) is treated as ``-``, and curly
  apostrophes as ``'`` (so "Lavrov’s" and "Lavrov's" fold alike).
* A *separator run* (spaces and dashes) is rewritten by what it separates:

  - letter ↔ digit (either order): removed. Designations are printed every
    way, and this makes "S-400", "S 400", "S400", "S–400" all ``s400`` and
    "Su-30 MKI", "Su-30MKI", "SU 30 MKI" all ``su30mki`` (also एस-400 → एस400).
    The place still counts as a word boundary for matching (see
    ``Folded.joined_at``), so in "S-400 और" the alias S-400 still ends cleanly.
  - letter ↔ letter: one space. A hyphen between words is a word boundary
    ("भारत-रूस" → "भारत रूस", "Al-Qaeda" = "Al Qaeda").
  - anything else (digit ↔ digit, punctuation, text edges): spaces collapse,
    dashes stay ``-`` ("2025-26" is unchanged).

  "Letter" here includes combining marks, so a Devanagari word ending in a
  vowel sign (की, 22वीं) counts as letters; "digit" means 0-9 (after ०-९
  became 0-9).

Folding keeps, replaces or deletes characters but never adds or moves one,
so every folded character comes from exactly one source character:
``Folded.to_source`` / ``Folded.offsets`` say which.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

__all__ = ["DASHES", "PUNCTUATION", "Folded", "fold", "fold_alias", "is_word_char", "storage_form"]


def storage_form(raw: str) -> str:
    """NFC, CRLF/CR → LF, a leading BOM removed. Nothing else changes."""
    # lstrip, not [1:]: storing stored text again must not change it.
    raw = raw.lstrip("\ufeff")
    return unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))


# --- character classes --------------------------------------------------------

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_APOSTROPHES = "\u2019\u2018\u02bc\u201b"
# Dropped outright: zero-width characters, soft hyphen, bidi controls.
_INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Folding is done in two passes: one-for-one replacements (positions stay
# put), then edits that delete. Invisible characters are first replaced by
# this one sentinel, so the second pass deletes them and records where.
_SENTINEL = "\u200b"
_NUKTA = "\u093c"
_NUKTA_BASES = "\u0915\u0916\u0917\u091c\u092b\u092f"  # क ख ग ज फ य

# Combining marks (Devanagari matras, virama, nukta, anusvara… and Latin
# accents) are parts of words even though str.isalnum() says no. The BMP
# holds every mark the scripts we read can use.
_MARKS = "".join(
    chr(c) for c in range(0x10000) if unicodedata.category(chr(c)).startswith("M")
)
_MARK_SET = frozenset(_MARKS) | {"\u200c", "\u200d"}


# Punctuation and symbols (Unicode P* and S*: dandas, quotes, brackets,
# ¦ & …). A positive class, not "not \w": re checks it far faster.
PUNCTUATION = re.compile(
    "["
    + re.escape("".join(chr(c) for c in range(0x10000) if unicodedata.category(chr(c))[0] in "PS"))
    + "]"
)


def is_word_char(ch: str) -> bool:
    """True for letters, digits and combining marks (the matra problem of ``\\b``)."""
    return ch.isalnum() or ch in _MARK_SET


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for c in range(0x3001):  # every Unicode space is below U+3001
        if chr(c).isspace():
            table[c] = " "
    for ch in _INVISIBLE:
        table[ord(ch)] = _SENTINEL
    for ch in DASHES:
        table[ord(ch)] = "-"
    for ch in _APOSTROPHES:
        table[ord(ch)] = "'"
    for i in range(10):
        table[0x0966 + i] = str(i)
    # Precomposed nukta letters (only reach us if the input skipped NFC).
    for precomposed, base in zip("\u0958\u0959\u095a\u095b\u095e\u095f", _NUKTA_BASES[:4] + "\u092b\u092f"):
        table[ord(precomposed)] = base
    table[0x0901] = "\u0902"  # candrabindu -> anusvara
    table[0x0130] = "i"  # İ: str.lower() would make two characters of it
    table[ord("ς")] = "σ"
    table[ord("ſ")] = "s"
    table[ord("ё")] = "е"
    table[ord("Ё")] = "е"
    return table


_TABLE = _build_table()

# The 1:1 replacements, done with one regex that only stops at characters
# that change: far faster than str.translate, which looks every character up.
_REPLACEMENTS = {chr(k): v for k, v in _TABLE.items() if chr(k) != v}
_NEWLINE = _REPLACEMENTS.pop("\n")  # the commonest by far: str.replace is quicker
_REPLACE = re.compile("[" + re.escape("".join(_REPLACEMENTS)) + "]")

_SEPARATOR = frozenset(" -" + _SENTINEL)
_NUKTA_OR_SENTINEL = frozenset(_NUKTA + _SENTINEL)
_DIGIT = frozenset("0123456789")  # Devanagari digits are ASCII by now
# Both patterns start with a literal or a class, which lets re skip ahead
# fast ("  +", not " {2,}"; "[0-9][0-9]*", not "[0-9]+").
_SPACES = re.compile("  +")
_DIGITS = re.compile("[0-9][0-9]*")


def _is_letter(ch: str) -> bool:
    return ch.isalpha() or ch in _MARK_SET


def _positions(t: str, ch: str):
    i = t.find(ch)
    while i != -1:
        yield i
        i = t.find(ch, i + 1)


def _run_edits(t: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Edits that fold the separator run t[start:end] (see module docstring).

    Characters of the run are kept or deleted, never moved, so every folded
    character still maps to the source character it came from.
    """
    before = t[start - 1] if start > 0 else ""
    after = t[end] if end < len(t) else ""
    if before and after:
        if (_is_letter(before) and after in _DIGIT) or (before in _DIGIT and _is_letter(after)):
            return [(start, end, "")]  # designation parts: S-400 -> s400
        if _is_letter(before) and _is_letter(after):
            # One space between words; keep a space of the run if it has one.
            run = t[start:end]
            keep = run.find(" ")
            if keep == -1:
                keep = run.find("-")
            if keep == -1:
                return [(start, end, "")]  # only invisibles: they sat inside a word
            keep += start
            edits = [(start, keep, ""), (keep + 1, end, "")]
            if t[keep] != " ":
                edits.append((keep, keep + 1, " "))
            return [e for e in edits if e[0] < e[1]]
    # Anything else: drop invisibles and all but the first of adjacent spaces.
    edits = []
    previous = ""
    for i in range(start, end):
        ch = t[i]
        if ch == _SENTINEL or (ch == " " and previous == " "):
            edits.append((i, i + 1, ""))
        else:
            previous = ch
    return edits


def _run_around(t: str, i: int) -> tuple[int, int]:
    """The maximal separator run containing position ``i``."""
    start = end = i
    while start > 0 and t[start - 1] in _SEPARATOR:
        start -= 1
    while end < len(t) and t[end] in _SEPARATOR:
        end += 1
    return start, end


def _edits(t: str) -> list[tuple[int, int, str]]:
    """Edits to apply to ``t``, sorted: ``(start, end, "")`` deletes t[start:end],
    ``(i, i + 1, ch)`` replaces one character.

    Hot path: plain text needs few edits, so each kind of site is found by
    the cheapest search for it and Python only runs where there is work.
    """
    edits: list[tuple[int, int, str]] = []
    runs: set[tuple[int, int]] = set()  # separator runs the general rule decides
    if _NUKTA in t:
        for i in _positions(t, _NUKTA):
            base = i - 1
            while base > 0 and t[base] in _NUKTA_OR_SENTINEL:  # क़़, क\u200b़: malformed but seen
                base -= 1
            if base >= 0 and t[base] in _NUKTA_BASES:
                edits.append((i, i + 1, ""))
    for ch in ("-", _SENTINEL):
        if ch in t:
            for i in _positions(t, ch):
                runs.add(_run_around(t, i))
    last = len(t) - 1
    if "  " in t:  # paragraph breaks, mostly
        for m in _SPACES.finditer(t):
            start, end = m.span()
            before = t[start - 1] if start else " "
            after = t[end] if end <= last else " "
            if before in _SEPARATOR or after in _SEPARATOR or before in _DIGIT or after in _DIGIT:
                runs.add(_run_around(t, start))
            else:
                edits.append((start + 1, end, ""))
    # Every other run is a single space; it only changes between a letter
    # and a digit ("S 400", "2025 में"), so look beside each number.
    for m in _DIGITS.finditer(t):
        start, end = m.span()
        if start >= 2 and t[start - 1] == " " and _is_letter(t[start - 2]):
            edits.append((start - 1, start, ""))
        if end < last and t[end] == " " and _is_letter(t[end + 1]):
            edits.append((end, end + 1, ""))
    for start, end in runs:
        edits.extend(_run_edits(t, start, end))
    edits.sort()
    return edits


# --- the folded form -------------------------------------------------------------


@dataclass(frozen=True)
class Folded:
    """Folded text and its map back to the source text.

    ``to_source(i)`` is the index in ``source`` of folded character ``i``
    (``len(source)`` for ``i == len(text)``). ``offsets`` is the same map as
    a list of ``len(text) + 1`` entries, built only when asked for: matching
    needs a handful of positions per article, not thousands.

    A folded span ``[a, b)`` covers the source span ``source_span(a, b)``:
    from ``to_source(a)`` to just past ``to_source(b - 1)``, widened over a
    trailing nukta/ZWJ/ZWNJ that folding swallowed, so a quote never ends
    with half a letter.
    """

    text: str
    source: str = field(repr=False)
    # The map is piecewise linear: folded positions from _fold_starts[k] on
    # map to source positions from _source_starts[k] on.
    _fold_starts: tuple[int, ...] = field(default=(0,), repr=False)
    _source_starts: tuple[int, ...] = field(default=(0,), repr=False)
    # What matchers found in this text, by matcher, when a ``match.Scanner`` found it for
    # several at once: their ``find`` then reads it here instead of scanning again.
    found: dict = field(default_factory=dict, repr=False, compare=False)

    def to_source(self, i: int) -> int:
        """Source index of folded character ``i``."""
        if i >= len(self.text):
            return len(self.source)
        k = bisect_right(self._fold_starts, i) - 1
        return self._source_starts[k] + i - self._fold_starts[k]

    @cached_property
    def offsets(self) -> list[int]:
        """``[to_source(i) for i in range(len(text) + 1)]``."""
        offsets: list[int] = []
        bounds = list(self._fold_starts[1:]) + [len(self.text)]
        for fold_start, source_start, fold_end in zip(self._fold_starts, self._source_starts, bounds):
            offsets.extend(range(source_start, source_start + fold_end - fold_start))
        offsets.append(len(self.source))
        return offsets

    def to_folded(self, s: int) -> int:
        """``bisect_left(offsets, s)``: the first folded character from source index ``s`` on.

        For a source span ``[start, end)`` of a match this gives back its folded span. Read off
        the piecewise map, so callers need not build ``offsets`` (a list as long as the text)
        to turn a few source positions into folded ones.
        """
        source_starts = self._source_starts
        if s >= len(self.source):
            return len(self.text) + (s > len(self.source))
        if s <= 0:
            return 0
        k = bisect_right(source_starts, s) - 1
        fold_start = self._fold_starts[k]
        fold_end = self._fold_starts[k + 1] if k + 1 < len(self._fold_starts) else len(self.text)
        i = fold_start + s - source_starts[k]
        # Past the end of its piece: s was deleted, and the next kept character follows it.
        return i if i < fold_end else fold_end

    def source_span(self, a: int, b: int) -> tuple[int, int]:
        """Source span ``(start, end)`` of the folded span ``[a, b)``."""
        text_length = len(self.text)
        if not 0 <= a < b <= text_length:
            raise ValueError(f"bad folded span [{a}, {b}) for text of length {text_length}")
        source = self.source
        fold_starts = self._fold_starts
        if len(fold_starts) == 1:  # nothing was deleted: positions are the same
            end, limit, start = b, (b if b < text_length else len(source)), a
        else:
            # to_source of a, b - 1 and b, with one search each from the piece found before:
            # the alias, cue and noun matchers all map every match they keep.
            source_starts = self._source_starts
            k = bisect_right(fold_starts, a) - 1
            start = source_starts[k] + a - fold_starts[k]
            k = bisect_right(fold_starts, b - 1, k) - 1
            end = source_starts[k] + b - fold_starts[k]  # to_source(b - 1) + 1
            if b >= text_length:
                limit = len(source)
            else:
                k = bisect_right(fold_starts, b, k) - 1
                limit = source_starts[k] + b - fold_starts[k]
        while end < limit and source[end] in _SWALLOWED_TAIL:
            end += 1
        return start, end

    def joined_at(self, i: int) -> bool:
        """True when folding removed a space or dash right before folded char ``i``.

        Such a place is a word boundary even though the folded text shows
        two word characters side by side ("s400और" from "S-400 और").
        """
        if i <= 0 or i >= len(self.text):
            return False
        lo = self.to_source(i - 1) + 1
        hi = self.to_source(i)
        return hi > lo and any(ch.isspace() or ch in DASHES for ch in self.source[lo:hi])


_SWALLOWED_TAIL = frozenset(_NUKTA + "\u200c\u200d")


def fold(text: str) -> Folded:
    """The matching form of ``text`` (assumed NFC) with the map back to it."""
    t = _REPLACE.sub(_replace_one, text.replace("\n", _NEWLINE)).lower()
    # Both steps above keep one character per character, so positions in
    # ``t`` are positions in ``text``; only the edits below delete.
    edits = _edits(t)
    if not edits:
        return Folded(t, text)
    pieces: list[str] = []
    fold_starts = [0]
    source_starts = [0]
    length = 0  # of the folded text so far
    done = 0  # t[:done] has been consumed
    for start, end, new in edits:
        pieces.append(t[done:start])
        length += start - done
        done = end
        if new:  # a one-character replacement: the map stays linear
            pieces.append(new)
            length += 1
        else:  # a deletion: a new linear piece of the map starts here
            fold_starts.append(length)
            source_starts.append(end)
    pieces.append(t[done:])
    return Folded("".join(pieces), text, tuple(fold_starts), tuple(source_starts))


def _replace_one(m: re.Match) -> str:
    return _REPLACEMENTS[m.group()]


@lru_cache(maxsize=8192)
def fold_alias(alias: str) -> str:
    """Folded form of an alias, as keyed in the automaton.

    Remembered: ingestion folds the same short names again and again (designations found in
    article after article, the places of mentions), a pure function of the string.
    """
    return fold(storage_form(alias)).text.strip()
