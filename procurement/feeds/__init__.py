"""Reading outlets' feeds from the web: a careful HTTP client, feed and sitemap parsing, and
article text from pages. No Django here: services.sources passes the settings in."""

from .fetch import AddressRefused, Fetcher, FetchError, FetchSettings, Response, refusal
from .pages import Page, PageError, extract
from .parse import Entry, ParseError, Sitemap, parse_feed, parse_sitemap

__all__ = ["AddressRefused", "Entry", "Fetcher", "FetchError", "FetchSettings", "Page",
           "PageError", "ParseError", "Response", "Sitemap", "extract", "parse_feed",
           "parse_sitemap", "refusal"]
