"""Publication dates: the dateline near the top of an article, and ISO input dates.

A dateline is a full date (day, month, year) written on its own in the first
few non-empty lines: "चिंगदाओ, चीन | 26 जून 2025", "Wednesday, November 19,
2025", "19 Nov 2025", "2025-11-19", "२६ जून २०२५". Anything less is not a
dateline: "5 दिसंबर (भाषा)" has no year and we do not guess one;
"अक्टूबर 2019" has no day.

"On its own" is what tells a dateline from a date in a sentence. The date
must be preceded by nothing or by a short place/label prefix (at most
``_MAX_PREFIX`` characters, no sentence end in it) that ends in a
separator — ``,`` ``|`` ``:`` ``/`` a dash, or a label like "Published on" —
and followed by the end of the line, a separator, an agency in brackets or
a clock time. So "मुंबई | 5 दिसंबर 2025" is a dateline, while "…को 22 अप्रैल
2025 को…" and "Putin will visit on 5 December 2025" are not, even on a short
title line.

Hand-written month tables and regexes rather than ``dateparser``: the
formats are few, the tables are short enough to read, they run in
microseconds, and dateparser would happily turn half a sentence into a
date — the opposite of what a dateline finder needs.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Dateline", "find_dateline", "parse_iso_date"]


@dataclass(frozen=True)
class Dateline:
    date: datetime.date
    start: int  # span of the date (weekday included) in the text given
    end: int
    text: str


_HI_MONTHS = {
    1: ["जनवरी"],
    2: ["फ़रवरी", "फरवरी"],
    3: ["मार्च"],
    4: ["अप्रैल", "अप्रेल"],
    5: ["मई"],
    6: ["जून"],
    7: ["जुलाई"],
    8: ["अगस्त"],
    9: ["सितंबर", "सितम्बर"],
    10: ["अक्टूबर", "अक्तूबर"],
    11: ["नवंबर", "नवम्बर"],
    12: ["दिसंबर", "दिसम्बर"],
}
_EN_MONTHS = {
    1: ["january", "jan"],
    2: ["february", "feb"],
    3: ["march", "mar"],
    4: ["april", "apr"],
    5: ["may"],
    6: ["june", "jun"],
    7: ["july", "jul"],
    8: ["august", "aug"],
    9: ["september", "sept", "sep"],
    10: ["october", "oct"],
    11: ["november", "nov"],
    12: ["december", "dec"],
}
# NFC, as stored text is: the nukta of फ़रवरी is then a separate character.
_MONTH_NUMBER = {
    unicodedata.normalize("NFC", name): number
    for table in (_HI_MONTHS, _EN_MONTHS)
    for number, names in table.items()
    for name in names
}
_WEEKDAYS = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "सोमवार", "मंगलवार", "बुधवार", "गुरुवार", "बृहस्पतिवार", "शुक्रवार", "शनिवार", "रविवार",
]


def _alternation(words: list[str]) -> str:
    # Longest first, so "september" is tried before "sep".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH = rf"(?P<month>{_alternation(list(_MONTH_NUMBER))})\.?"
_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[0-9]{4})"
_WEEKDAY = rf"(?:(?:{_alternation(_WEEKDAYS)})\.?,?\s+)?"
# Letters (and Devanagari signs) must not touch the date on either side.
_NOT_AFTER_WORD = r"(?<![\w\u0900-\u097f])"
_NOT_BEFORE_WORD = r"(?![\w\u0900-\u097f])"
_DATE = re.compile(
    _NOT_AFTER_WORD
    + _WEEKDAY
    + "(?:"
    + rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}"  # 26 जून 2025, 19 Nov 2025
    + "|"
    + _MONTH.replace("month", "month2") + r"\s+" + _DAY.replace("day", "day2") + r",?\s+" + _YEAR.replace("year", "year2")
    + "|"
    + r"(?P<year3>[0-9]{4})-(?P<month3>[0-9]{2})-(?P<day3>[0-9]{2})"  # 2025-11-19
    + ")"
    + _NOT_BEFORE_WORD,
    re.IGNORECASE,
)

_MAX_PREFIX = 48
_SEPARATOR_END = re.compile(r"[,|:/;\-–—•·(\[]\s*$")
_LABEL_END = re.compile(
    r"(?:published|updated|posted|dated|last updated)(?:\s+on)?\s*$|(?:प्रकाशित|अपडेटेड|अपडेट|दिनांक|तारीख)\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[।॥?!]|\.\s")
_ALLOWED_AFTER = re.compile(
    r"\s*(?:$|[,|:/;\-–—•·(\[]|[0-9]{1,2}[:.][0-9]{2}\b)"
)
_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_DEVANAGARI_DIGIT = re.compile("[०-९]")


def find_dateline(text: str, *, max_lines: int = 6, max_chars: int = 400) -> Dateline | None:
    """The publication date written near the top of ``text``, or None."""
    # Devanagari digits -> ASCII keeps positions, so spans index ``text``.
    # Only the top of the text can hold a dateline; translating the whole body would cost
    # as much as the rest of the search.
    scan = text[: max_chars + 200]
    if _DEVANAGARI_DIGIT.search(scan):  # str.translate looks up every character: only if needed
        scan = scan.translate(_DIGITS)
    lines_seen = 0
    line_start = 0
    while lines_seen < max_lines and line_start < min(len(scan), max_chars):
        line_end = scan.find("\n", line_start)
        if line_end == -1:
            line_end = len(scan)
        line = scan[line_start:line_end]
        if line.strip():
            lines_seen += 1
            found = _dateline_in_line(line, max_chars - line_start)
            if found is not None:
                date, start, end = found
                return Dateline(date, line_start + start, line_start + end, text[line_start + start : line_start + end])
        line_start = line_end + 1
    return None


def _dateline_in_line(line: str, budget: int) -> tuple[datetime.date, int, int] | None:
    for m in _DATE.finditer(line):
        if m.start() >= min(_MAX_PREFIX + 1, budget):
            break
        prefix = line[: m.start()]
        if prefix.strip() and not (
            (_SEPARATOR_END.search(prefix) or _LABEL_END.search(prefix))
            and not _SENTENCE_END.search(prefix)
        ):
            continue
        if not _ALLOWED_AFTER.match(line, m.end()):
            continue
        date = _date_of(m)
        if date is not None:
            return date, m.start(), m.end()
    return None


def _date_of(m: re.Match) -> datetime.date | None:
    if m.group("year3"):
        year, month, day = m.group("year3"), int(m.group("month3")), m.group("day3")
    elif m.group("year2"):
        year, month, day = m.group("year2"), _MONTH_NUMBER[m.group("month2").lower()], m.group("day2")
    else:
        year, month, day = m.group("year"), _MONTH_NUMBER[m.group("month").lower()], m.group("day")
    try:
        return datetime.date(int(year), month, int(day))
    except ValueError:  # 31 February and friends
        return None


_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_iso_date(value: str) -> datetime.date:
    """A ``YYYY-MM-DD`` string as a date; ``ValueError`` with a readable message otherwise."""
    if isinstance(value, str) and _ISO.fullmatch(value):
        try:
            return datetime.date(int(value[:4]), int(value[5:7]), int(value[8:]))
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD)")
