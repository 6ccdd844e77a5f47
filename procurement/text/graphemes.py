"""Cut text only where a reader sees a break: between user-perceived characters (graphemes).

A snippet of an article cut at an arbitrary code point can start with a dangling vowel sign
(ि with no consonant) or split a conjunct (क्ष shown as क् + ष), which in Devanagari reads as
a different word. These functions move a cut to the nearest grapheme-cluster boundary.

The rules are the part of Unicode's extended grapheme clusters (UAX #29) that occurs in the
scripts we store — Devanagari, Latin, Cyrillic — written out here rather than taken from a
dependency: the standard library has no grapheme segmentation, and the third-party ``regex``
module (``\\X``) would be a compiled dependency for some twenty lines. No break:

* before a combining mark (vowel signs, nukta, anusvara, candrabindu, virama, accents: Mn, Mc,
  Me), before ZWJ/ZWNJ or a variation selector (GB9, GB9a);
* between CR and LF (GB3);
* after a virama — optionally followed by ZWJ/ZWNJ — when a consonant follows, so that a
  conjunct such as क्ष or स्त्र stays whole (GB9c, Unicode 15.1);
* after ZWJ (emoji sequences and explicit half forms; GB11 simplified).
"""

import re
import unicodedata

__all__ = ["cluster_end", "cluster_start", "is_boundary", "snippet"]

ZWJ, ZWNJ = "\u200d", "\u200c"
VIRAMA_CLASS = 9  # canonical combining class shared by every Indic virama (्, ্, ্, …)


def _extends(char: str) -> bool:
    return (unicodedata.category(char) in ("Mn", "Mc", "Me") or char in (ZWJ, ZWNJ)
            or "\ufe00" <= char <= "\ufe0f")


def _is_consonant(char: str) -> bool:
    # Indic consonants are letters (Lo) in the Brahmic blocks; a broad test is enough because
    # only what follows a virama is asked.
    return unicodedata.category(char) == "Lo" and "\u0900" <= char <= "\u0dff"


def is_boundary(text: str, i: int) -> bool:
    """True when a cut between text[i-1] and text[i] splits no grapheme cluster."""
    if i <= 0 or i >= len(text):
        return True
    before, after = text[i - 1], text[i]
    if before == "\r" and after == "\n":
        return False
    if _extends(after):
        return False
    if before == ZWJ:
        return False
    if _is_consonant(after):
        j = i - 1
        while j >= 0 and text[j] in (ZWJ, ZWNJ):
            j -= 1
        if j >= 0 and unicodedata.combining(text[j]) == VIRAMA_CLASS:
            return False
    return True


def cluster_start(text: str, i: int) -> int:
    """The nearest boundary at or before i (i is clamped to the text)."""
    i = max(0, min(i, len(text)))
    while not is_boundary(text, i):
        i -= 1
    return i


def cluster_end(text: str, i: int) -> int:
    """The nearest boundary at or after i (i is clamped to the text)."""
    i = max(0, min(i, len(text)))
    while not is_boundary(text, i):
        i += 1
    return i


def snippet(text: str, start: int, end: int, width: int = 60) -> tuple[str, str, str]:
    """(before, text[start:end], after): about `width` characters either side of a span,
    widened to whole graphemes and, where a space lies within the first few characters, to the
    next whole word. Line breaks become spaces so the snippet reads as one line."""
    left = cluster_start(text, start - width)
    right = cluster_end(text, end + width)
    # A word cut in half reads as a different word; drop the partial one when it is short.
    space = text.find(" ", left, start)
    if left > 0 and space != -1 and space - left <= 12:
        left = space + 1
    space = text.rfind(" ", end, right)
    if right < len(text) and space != -1 and right - space <= 12:
        right = space
    return _flat(text[left:start]), text[start:end], _flat(text[end:right])


def _flat(part: str) -> str:
    return re.sub(r"\s+", " ", part)
