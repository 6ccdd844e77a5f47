"""The dashboard: every programme's status, freshness and conflicts; latest articles; a chart."""

import datetime

from procurement.models import Review

from ..conftest import make_article, make_claim
from .conftest import mention, page, squash


def test_it_serves_the_dashboard_with_each_status(client, programme):
    """/ lists every programme with its derived status and units delivered of ordered."""
    make_claim(programme, status="in_delivery", occurred_on=datetime.date(2023, 1, 1),
               units_delivered=3)
    html = squash(page(client.get("/")))
    assert "S-400 Triumf" in html and "in delivery" in html and "3 of 5 squadrons" in html


def test_it_serves_the_dashboard_empty(client, db):
    """A fresh database still answers 200, saying there is nothing yet."""
    html = page(client.get("/"))
    assert "No programmes yet." in html and "No articles yet." in html


def test_it_flags_a_programme_without_a_recent_confirmed_claim_as_stale(client, programme, today):
    """No confirmed claim reported in the last 12 months: the row says "stale"."""
    make_claim(programme, occurred_on=today - datetime.timedelta(days=400))
    assert "flag-stale" in page(client.get("/"))


def test_it_does_not_flag_a_fresh_programme(client, programme, today):
    """A claim confirmed last month keeps the programme fresh, and its date is shown."""
    make_claim(programme, occurred_on=today - datetime.timedelta(days=30))
    html = page(client.get("/"))
    assert "flag-stale" not in html
    assert (today - datetime.timedelta(days=30)).isoformat() in html  # <time datetime=…>


def test_it_ignores_unreviewed_claims_for_freshness_and_status(client, programme, today):
    """A machine-found claim neither sets the status nor makes the programme fresh."""
    make_claim(programme, status="delivered", occurred_on=today, review=Review.MACHINE)
    html = page(client.get("/"))
    assert "no confirmed claim" in html and "flag-stale" in html


def test_it_flags_conflicting_sources(client, programme):
    """Two confirmed claims of the same date that disagree are flagged, not overwritten."""
    make_claim(programme, status="in_delivery", occurred_on=datetime.date(2025, 6, 1))
    make_claim(programme, status="stalled", occurred_on=datetime.date(2025, 6, 1))
    assert "sources disagree" in page(client.get("/"))


def test_it_lists_the_latest_articles_and_charts_mentions_per_week(client, s400, outlet):
    """Latest articles are listed with their mention counts, and the chart has a bar."""
    article = make_article(outlet=outlet, published_on=datetime.date(2025, 6, 26))
    mention(article, s400, "S-400")
    html = page(client.get("/"))
    assert article.title in html and "1 mention" in html
    assert "<svg" in html and "<rect" in html and "Mentions per week" in html
