"""An article page's text, title and date, through trafilatura (made for news pages).

trafilatura drops the navigation, share buttons, comments and "related stories" around the
report, and reads the publication date from the page's metadata or its visible text.
"""

import copy
import datetime
from dataclasses import dataclass

from trafilatura import bare_extraction
from trafilatura.settings import DEFAULT_CONFIG

NO_TEXT = "No article text could be found on the page."
TOO_SHORT = ("Only {length} characters of text were found on the page; an article has at least "
             "{least} (a sign-in page, a video or a gallery?).")
# Shorter than any report, even a brief (Chinese included, which needs no spaces); what
# trafilatura finds on a page without an article is a menu entry or a form label.
MIN_CHARS = 120

# trafilatura's own timeout uses signals, which only work in a process's main thread; the
# fetch is already bounded by FEEDS_TIMEOUT and FEEDS_MAX_BYTES.
_CONFIG = copy.deepcopy(DEFAULT_CONFIG)
_CONFIG["DEFAULT"]["EXTRACTION_TIMEOUT"] = "0"


class PageError(ValueError):
    """A page with no article on it; the message is for editors."""


@dataclass(frozen=True)
class Page:
    text: str
    title: str = ""
    date: datetime.date | None = None


def extract(html: bytes | str, url: str = "") -> Page:
    """The article on the page; PageError when trafilatura finds no article text."""
    document = bare_extraction(html, url=url or None, with_metadata=True,
                               include_comments=False, include_tables=False, config=_CONFIG)
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if not text:
        raise PageError(NO_TEXT)
    length = len("".join(text.split()))
    if length < MIN_CHARS:
        raise PageError(TOO_SHORT.format(length=length, least=MIN_CHARS))
    date = None
    if document.date:
        try:
            date = datetime.date.fromisoformat(document.date[:10])
        except ValueError:
            date = None
    return Page(text=text, title=" ".join((document.title or "").split()), date=date)
