"""The parts of a scraped page that are not the article: its title line and the page furniture.

A news page saved as text keeps more than the report. Above it sit lines such as "Share This
Article", a bare date ("Monday, March 3, 2025") or a menu heading ("Top 5 This Week");
below it, a heading such as "Related Posts" or "ये भी पढ़ें" followed by a list of other
headlines. Two things follow from that:

* The **title** is the first line near the top that reads like a headline: not a date line,
  not a share or menu line, with a few letters in it. When none of the first lines qualifies,
  the first non-empty line is used, as before.
* The **furniture tail** starts at a furniture heading after the title that is followed only
  by short lines (a list of links, their dates, more furniture) up to the end. The body is kept
  whole; callers match entities and suggest claims only before `furniture_from`.

A furniture heading followed by a real paragraph is not a tail: it was a heading inside the
report, and the report goes on. Lines are compared without case, nukta (ख़बरें = खबरें),
punctuation or extra spaces.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass

from .dates import find_dateline

__all__ = ["Layout", "is_date_line", "is_furniture", "layout"]

# Whole lines that are page furniture, in English and Hindi.
_FURNITURE = """
share | share this | share this article | share this story | share this post | share on
facebook | share on x | share on twitter | share on whatsapp | tweet | print | email |
related | related posts | related articles | related stories | related news | popular |
popular articles | popular posts | popular news | most read | most popular | trending |
trending now | recent posts | latest posts | latest news | latest stories | more stories |
more news | more from this section | you may also like | you might also like | recommended |
recommended for you | read more | also read | read also | read next | follow us |
follow us on | subscribe | subscribe now | advertisement | sponsored | tags | leave a reply |
comments | previous article | next article | previous post | next post | home | menu |
शेयर | शेयर करें | इसे शेयर करें | यह लेख शेयर करें | संबंधित खबरें | संबंधित लेख |
संबंधित पोस्ट | संबंधित समाचार | लोकप्रिय | लोकप्रिय खबरें | लोकप्रिय लेख | ताजा खबरें |
ताजा समाचार | ताजा लेख | और पढ़ें | ये भी पढ़ें | यह भी पढ़ें | इसे भी पढ़ें | जरूर पढ़ें |
विज्ञापन | हमें फॉलो करें | टैग | पिछला लेख | अगला लेख | ट्रेंडिंग
"""
# Lines that *start* like this are furniture whatever follows ("Also read: <a headline>").
_FURNITURE_PREFIXES = """
also read | read also | read more | ये भी पढ़ें | यह भी पढ़ें | इसे भी पढ़ें | जरूर पढ़ें
"""


# Stripped from both ends of each word: ASCII punctuation, dandas, dashes, quotes, bullets.
_PUNCTUATION = string.punctuation + "।॥‐‑‒–—―‘’“”…•·«»"


def _key(line: str) -> str:
    """The line in lower case, without nukta or punctuation, words joined by single spaces.

    Lighter than ``fold_alias`` on purpose: this runs on every short line of every article,
    and a furniture line has no designations ("S-400") whose spellings need folding. NFC
    splits a precomposed ख़ into ख and the nukta, which is then dropped: ख़बरें = खबरें.
    """
    line = unicodedata.normalize("NFC", line).casefold().replace("\u093c", "")
    return " ".join(w for w in (w.strip(_PUNCTUATION) for w in line.split()) if w)


_FURNITURE_KEYS = frozenset(_key(p) for p in _FURNITURE.split("|"))
_PREFIX_KEYS = tuple(_key(p) + " " for p in _FURNITURE_PREFIXES.split("|"))
# "Top 5 This Week", "Top 10 stories", "टॉप 5 खबरें": a menu heading, not "Top 5 reasons why…".
_TOP_N = re.compile(r"^(?:top|टॉप) ?[0-9]+")
_TOP_N_MAX_WORDS = 4

# A dateline's place prefix is at most 48 characters (text.dates), the date some 30 more.
_DATE_LINE_MAX = 120
# How far down a title is looked for, in non-empty lines.
TITLE_LINES = 8
# A headline has at least this many letters or digits: "|" or "—" alone is not one.
_TITLE_MIN_CHARS = 3
# Lines of a furniture list (links to other headlines, their dates) are short; a line longer
# than this is a paragraph of the report, so the heading above it was not a tail.
TAIL_LINE_MAX = 160


def is_furniture(line: str) -> bool:
    """A share, menu or "more stories" line: never a title, and a possible start of the tail."""
    if len(line) > TAIL_LINE_MAX:
        return False  # a paragraph; also spares folding every long line of a long body
    key = _key(line)
    if not key:
        return False
    if key in _FURNITURE_KEYS or key.startswith(_PREFIX_KEYS):
        return True
    return bool(_TOP_N.match(key)) and len(key.split()) <= _TOP_N_MAX_WORDS


def is_date_line(line: str) -> bool:
    """A dateline on its own ("Monday, March 3, 2025", "चिंगदाओ, चीन | 26 जून 2025")."""
    if len(line) > _DATE_LINE_MAX:
        return False  # a place, a date and an agency fit; a longer line says more than a date
    return find_dateline(line, max_lines=1, max_chars=len(line)) is not None


def _reads_like_headline(line: str) -> bool:
    return (sum(c.isalnum() for c in line[:_TITLE_MIN_CHARS * 4]) >= _TITLE_MIN_CHARS
            and not is_furniture(line) and not is_date_line(line))


@dataclass(frozen=True)
class Layout:
    title: str                   # the headline line, stripped; "" for a body without text
    furniture_from: int | None   # offset in the body where the furniture tail starts, if any


def _lines(body: str):
    """(start offset, line without its newline) of every non-blank line."""
    start = 0
    for line in body.split("\n"):
        if line.strip():
            yield start, line
        start += len(line) + 1


def layout(body: str) -> Layout:
    """The title line and the start of the furniture tail of `body` (stored form). Pure."""
    lines = list(_lines(body))
    if not lines:
        return Layout(title="", furniture_from=None)
    at = next((i for i, (_, line) in enumerate(lines[:TITLE_LINES])
               if _reads_like_headline(line)), 0)
    return Layout(title=lines[at][1].strip(), furniture_from=_tail_start(lines[at + 1:]))


def _tail_start(lines) -> int | None:
    """Where the furniture tail starts among `lines` (those below the title), if it does."""
    tail, report_seen = None, False
    for start, line in lines:
        if tail is None:
            if is_furniture(line):
                # A heading right under the title, with no report above it, is top furniture
                # (seen on pages that print the menu between the title and the text).
                tail = start if report_seen else None
            else:
                report_seen = True
        elif len(line.strip()) > TAIL_LINE_MAX:
            tail, report_seen = None, True  # a paragraph follows: the report goes on
    return tail
