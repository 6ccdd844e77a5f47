"""article_ingest refuses what the database would choke on, with a reason, before it writes."""

import datetime

import pytest

from procurement.models import Article, Outlet
from procurement.services.ingest import IngestError, article_ingest

BODY = "India expects the last S-400 units next year."


def test_it_refuses_a_url_longer_than_its_column(db):
    """PostgreSQL said "value too long" with a 500; SQLite stored it. Now both refuse it."""
    url = "https://example.org/" + "a" * 592
    with pytest.raises(IngestError) as refused:
        article_ingest(body=BODY, url=url)
    assert Article.objects.count() == 0
    assert str(refused.value) == "The URL is 612 characters long; at most 500 are allowed."


@pytest.mark.parametrize(("given", "message"), [
    ({"title": "T" * 501}, "The title is 501 characters long; at most 500 are allowed."),
    ({"outlet": "O" * 201}, "The outlet name is 201 characters long; at most 200 are allowed."),
])
def test_it_refuses_a_title_or_outlet_longer_than_its_column(db, given, message):
    """Given fields were cut short without a word; the limits come from the models."""
    with pytest.raises(IngestError) as refused:
        article_ingest(body=BODY, **given)
    assert Article.objects.count() == 0 and Outlet.objects.count() == 0
    assert str(refused.value) == message


def test_it_stores_fields_exactly_at_their_limits(db):
    """The limit itself is allowed; a title taken from a long first line is shortened."""
    stored = article_ingest(body=BODY, title="T" * 500, outlet="O" * 200,
                            url="https://example.org/" + "a" * 480).article
    assert (len(stored.title), len(stored.url), len(stored.outlet.name)) == (500, 500, 200)
    assert len(stored.outlet.slug) == Outlet._meta.get_field("slug").max_length
    derived = article_ingest(body="W" * 700 + "\nS-400 talks.").article
    assert derived.title == "W" * 500


@pytest.mark.parametrize(("value", "kind"), [
    (20250101, "a number"), (2025.0101, "a number"), (True, "true or false"),
    (["2025-01-01"], "a list"), ({"y": 2025}, "an object"),
])
def test_it_refuses_a_published_on_that_is_not_text(db, value, kind):
    """A number was dropped silently and the dateline used instead; the API refuses it too."""
    with pytest.raises(IngestError) as refused:
        article_ingest(body="NEW DELHI, June 26 (Reuters) - S-400 talks.", published_on=value)
    assert Article.objects.count() == 0
    assert str(refused.value) == ("Field 'published_on' must be a date written as text, "
                                  f"YYYY-MM-DD (not {kind}).")


def test_it_still_takes_a_date_a_string_or_nothing_for_published_on(db):
    assert article_ingest(body="a S-400", published_on=datetime.date(2025, 1, 2)
                          ).article.published_on == datetime.date(2025, 1, 2)
    assert str(article_ingest(body="b S-400", published_on=" 2025-01-03 ").article.published_on
               ) == "2025-01-03"
    assert article_ingest(body="c S-400", published_on=None).article.published_on is None
    assert article_ingest(body="d S-400", published_on="").article.published_on is None


@pytest.mark.parametrize(("given", "message"), [
    ({"body": "S-400 \ud800 talks"}, "The body contains an unpaired surrogate (\\ud800)"),
    ({"title": "S-400 \udfff"}, "The title contains an unpaired surrogate (\\udfff)"),
    ({"outlet": "Demo\x00Desk"}, "The outlet name contains control characters"),
    ({"url": "https://example.org/\ud83d"}, "The URL contains an unpaired surrogate"),
])
def test_it_refuses_text_no_database_can_store(db, given, message):
    """"\\ud800" in JSON decodes to a lone surrogate, NUL is refused by PostgreSQL: both made
    the driver raise mid-article instead of a reason for the sender."""
    with pytest.raises(IngestError) as refused:
        article_ingest(**{"body": BODY, **given})
    assert Article.objects.count() == 0
    assert str(refused.value).startswith(message)


def test_it_gives_a_devanagari_outlet_a_slug_with_its_vowel_signs(db):
    """slugify(allow_unicode=True) made "टरकर-डम-डसक" of it: unreadable."""
    outlet = article_ingest(body=BODY, outlet="ट्रैकर डेमो डेस्क").article.outlet
    assert outlet.slug == "ट्रैकर-डेमो-डेस्क"
    again = article_ingest(body="Other S-400 news.", outlet="ट्रैकर डेमो डेस्क!").article.outlet
    assert again.slug == "ट्रैकर-डेमो-डेस्क-2"
