"""Which script a string is written in, and so which language an article is in.

Counting letters is enough here: the tracker reads Hindi, English and
Russian, which use three different scripts, so the majority script names
the language. Only letters and Devanagari signs count (digits and punctuation do not),
so "S-400" is Latin and "एस-400" Devanagari.
"""

from __future__ import annotations

import re

__all__ = ["script_of", "detect_language", "SCRIPT_SHARE", "MIN_LETTERS"]

# A string is "in" a script when more than this share of its letters are.
SCRIPT_SHARE = 0.6
# Fewer letters than this and detect_language will not say.
MIN_LETTERS = 3

# Letters, plus Devanagari vowel signs and other marks: without them a Hindi
# word counts fewer "letters" than its English transliteration.
_NOT_LETTER = re.compile(r"(?:[^\w\u0900-\u0963\u0971-\u097f]|[\d_])+")
_SCRIPTS = {
    # Devanagari and Devanagari Extended; Latin up to Latin Extended-B plus
    # Latin Extended Additional; Cyrillic and Cyrillic Supplement.
    "deva": re.compile(r"[\u0900-\u097f\ua8e0-\ua8ff]"),
    "latn": re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
    "cyrl": re.compile(r"[\u0400-\u052f]"),
}
_LANGUAGE = {"deva": "hi", "latn": "en", "cyrl": "ru"}
LANGUAGE_SAMPLE = 2000


def _majority(text: str, share: float) -> tuple[str, int]:
    letters_only = _NOT_LETTER.sub("", text)
    total = len(letters_only)
    if not total:
        return "", 0
    for name, pattern in _SCRIPTS.items():
        if len(pattern.findall(letters_only)) > share * total:
            return name, total
    return "mixed", total


def script_of(text: str) -> str:
    """"deva" | "latn" | "cyrl" when over 60% of the letters are in it, "mixed", or "" (no letters)."""
    return _majority(text, SCRIPT_SHARE)[0]


def detect_language(text: str) -> str:
    """"hi", "en" or "ru" by the script of most letters; "" when unknown or too few letters."""
    # The first few thousand characters decide: the share does not change further on, and
    # counting a whole long article would be wasted work on the ingestion path.
    script, total = _majority(text[:LANGUAGE_SAMPLE], 0.5)
    if total < MIN_LETTERS:
        return ""
    return _LANGUAGE.get(script, "")
