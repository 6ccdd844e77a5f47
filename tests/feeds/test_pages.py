"""Article text from a page: the report without the navigation, with its title and date."""

import datetime

import pytest

from procurement.feeds import PageError, extract
from tests.feeds.server import page


def test_it_takes_the_report_out_of_the_page():
    """The paragraphs are kept; the menu, the "most read" box and the footer are not."""
    found = extract(page("/news/s400-deliveries.html"), "https://news.example.org/a")
    assert "The last two S-400 squadrons are expected in India" in found.text
    assert "Payment arrangements that had slowed the programme" in found.text
    assert "Subscribe" not in found.text and "Monsoon" not in found.text
    assert "All rights reserved" not in found.text
    assert found.title.startswith("S-400 deliveries to finish next year")
    assert found.date == datetime.date(2025, 6, 26)


def test_it_refuses_a_page_without_an_article():
    """A page with no text to speak of is refused with a reason."""
    with pytest.raises(PageError, match="No article text|Only 4 characters of text"):
        extract(b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    with pytest.raises(PageError, match="^Only 8 characters of text were found on the page"):
        extract(b"<html><head><title>Sign in</title></head><body><form>Password <input>"
                b"</form></body></html>")
