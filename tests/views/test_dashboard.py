"""The dashboard: every programme's status, freshness and conflicts; latest articles; a chart."""

import datetime

from django.utils import timezone

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


def _received(article, day: datetime.date):
    """The article as if it had come in on `day` (its publication date left as it is)."""
    article.created = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    article.save()
    return article


def test_it_lists_an_undated_article_by_the_day_it_was_received(client, outlet):
    """An article with no publication date is listed at the day it came in, marked received."""
    make_article(title="Older", hash="1" * 64, outlet=outlet, published_on=datetime.date(2025, 6, 1))
    make_article(title="Newer", hash="2" * 64, outlet=outlet, published_on=datetime.date(2025, 6, 20))
    _received(make_article(title="Undated", hash="3" * 64, outlet=outlet),
              datetime.date(2025, 6, 10))
    html = squash(page(client.get("/")))
    assert html.index("Newer") < html.index("Undated") < html.index("Older")
    assert '<time class="received" datetime="2025-06-10">received June 10, 2025</time>' in html
    assert "date unknown" not in html


def test_it_charts_mentions_of_an_undated_article_in_the_week_received(client, s400, outlet, today):
    """Mentions in an article with no publication date count in the week it came in."""
    mention(make_article(outlet=outlet), s400, "S-400")
    response = client.get("/")
    assert response.status_code == 200
    chart = response.context["chart"]
    assert chart.total == 1 and chart.buckets[-1].count == 1


def test_it_charts_the_same_weeks_from_the_recent_mentions_as_from_all_of_them(client, s400,
                                                                               outlet):
    """The chart reads only the weeks it draws; its bars are those all mentions would give,
    including the week the window's first bar starts in and nothing of older, hidden ones."""
    from procurement import selectors
    from procurement.views import charts

    latest = datetime.date(2025, 6, 26)
    days = [latest, latest - datetime.timedelta(days=3), latest - datetime.timedelta(weeks=25),
            latest - datetime.timedelta(weeks=25, days=6), latest - datetime.timedelta(weeks=26),
            latest - datetime.timedelta(weeks=40)]
    for n, day in enumerate(days):
        mention(make_article(outlet=outlet, hash=f"{n}" * 64, published_on=day), s400, "S-400")
    hidden = make_article(outlet=outlet, hash="h" * 64, published_on=latest
                          + datetime.timedelta(days=5))
    mention(hidden, s400, "S-400", review=Review.REJECTED)

    response = client.get("/")
    assert response.status_code == 200
    recent = selectors.mention_counts_recent(weeks=26)
    assert recent[-1][0] == latest  # the rejected mention's later day is not the chart's end
    assert min(day for day, _ in recent) > latest - datetime.timedelta(weeks=26)
    everything = selectors.mention_counts_by_day()
    assert response.context["chart"] == charts.recent_weeks(everything, today=latest, weeks=26)
    assert response.context["chart"].total == 3  # the two nearest days and the 25th week back
