"""Pieces of article text as HTML: the sentence around a mention or quote, with it marked.

Pure functions over strings and spans (no queries); every piece of source text is escaped.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..text.claims import sentence_around

_ENDS_SENTENCE = re.compile(r"(?:[.!?।॥]\s*|\n\s*)$")
ELLIPSIS = "…"


def sentence_bounds(body: str, start: int, end: int, *, reach: int = 240) -> tuple[int, int]:
    """[a, b) of the sentence holding body[start:end], at most `reach` characters either side.

    Sentences are the text engine's, the same ones claims are suggested from, so the dots of
    "Dr. S. Jaishankar" or "1.5" do not end one.
    """
    first = sentence_around(body, start) or (start, end)
    last = sentence_around(body, end - 1) if end > start else first
    a = max(first[0], start - reach)
    b = min(max((last or first)[1], end), end + reach)
    while a < start and body[a].isspace():
        a += 1
    return a, max(b, end)


def highlight(body: str, spans, a: int, b: int) -> SafeString:
    """body[a:b] as HTML with each (start, end) span inside it wrapped in <mark>."""
    out, pos = [], a
    for start, end in sorted(spans):
        if start < pos or end > b:
            continue  # overlapping or outside the window: the earlier span wins
        out.append(escape(body[pos:start]))
        out.append(f"<mark>{escape(body[start:end])}</mark>")
        pos = end
    out.append(escape(body[pos:b]))
    # An ellipsis only where the window cuts a sentence, not at a sentence or paragraph edge.
    lead = ELLIPSIS if a > 0 and not _ENDS_SENTENCE.search(body, max(0, a - 4), a) else ""
    tail = ELLIPSIS if b < len(body) and body[b - 1] not in ".!?।॥" and body[b] != "\n" else ""
    return mark_safe(lead + "".join(out).strip() + tail)


def around(body: str, spans) -> SafeString:
    """The sentence around the first span, with every span inside it marked."""
    spans = sorted(spans)
    if not spans:
        return mark_safe("")
    a, b = sentence_bounds(body, *spans[0])
    return highlight(body, spans, a, b)


def words_pattern(words) -> re.Pattern | None:
    words = [w for w in words if w]
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)),
                      re.IGNORECASE)


def search_snippet(body: str, words, mention_spans=()) -> SafeString:
    """The sentence with the first hit of any search word (or else the first mention), marked."""
    pattern = words_pattern(words)
    hits = [m.span() for m in pattern.finditer(body)] if pattern else []
    if hits:
        a, b = sentence_bounds(body, *hits[0])
        return highlight(body, hits + list(mention_spans), a, b)
    if mention_spans:
        return around(body, mention_spans)
    return highlight(body, [], 0, min(len(body), 200))


def marked_body(body: str, mentions) -> SafeString:
    """The whole body as HTML with each mention wrapped in <mark> linking to its entity.

    `mentions` in start order with their entities loaded; where spans overlap the first (the
    longest, as the selector orders them) wins.
    """
    out, pos = [], 0
    for m in mentions:
        if m.start < pos:
            continue
        out.append(escape(body[pos:m.start]))
        out.append(f'<a href="{escape(m.entity.get_absolute_url())}" title="{escape(m.entity.name)}">'
                   f"<mark>{escape(body[m.start:m.end])}</mark></a>")
        pos = m.end
    out.append(escape(body[pos:]))
    return mark_safe("".join(out))


def report_and_furniture(body: str, mentions, furniture_from: int | None
                         ) -> tuple[SafeString, str]:
    """The report with its mentions marked, and the page furniture after it as plain text.

    Nothing in the furniture is marked: it was not matched, and a mention an editor confirmed
    there before the tail was measured is not shown as if it were part of the report.
    """
    if furniture_from is None:
        return marked_body(body, mentions), ""
    report = [m for m in mentions if m.end <= furniture_from]
    return marked_body(body[:furniture_from], report), body[furniture_from:]
