"""The daily mention tallies follow every change to the mentions, kept by the database itself."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection

from procurement import services
from procurement.matching import current_automaton
from procurement.models import (Article, DailyMentions, DailyMentionTotal, Mention, Organisation,
                                Platform, Review)
from procurement.services.ingest import article_ingest, article_reextract
from procurement.services.tallies import tallies_counted, tallies_kept


@pytest.fixture
def names(s400):
    jet = Platform.objects.create(slug="su-30mki", name="Su-30 MKI", category="fighter")
    maker = Organisation.objects.create(slug="sukhoi", name="Sukhoi", category="company")
    for entity in (jet, maker):
        services.alias_create(entity=entity, text="Sukhoi")
    return {"s400": s400, "jet": jet, "maker": maker}


def ingest(body, day):
    return article_ingest(body=body, published_on=day).article


def assert_kept_as_counted():
    kept, counted = tallies_kept(), tallies_counted()
    assert kept == counted
    return counted


def test_it_counts_each_days_visible_mentions_as_articles_come_in(names):
    """Two articles of one day, one of another; an undecided "Sukhoi" counts for no one."""
    ingest("The S-400 and the S-400 again.", "2025-06-01")
    ingest("One more S-400.", "2025-06-01")
    ingest("Sukhoi was named. So was the S-400.", "2025-06-03")

    by_entity, by_day = assert_kept_as_counted()
    assert by_day == {datetime.date(2025, 6, 1): 3, datetime.date(2025, 6, 3): 1}
    assert by_entity[(names["s400"].pk, datetime.date(2025, 6, 1))] == 3
    assert not DailyMentions.objects.filter(entity__in=[names["jet"], names["maker"]],
                                            mentions__gt=0).exists()


def test_it_follows_reviews_of_plain_and_ambiguous_mentions(names, editor):
    """Rejecting takes a mention off its day; confirming one reading of an ambiguous name puts
    it on (and rejects the other, which stays off)."""
    article = ingest("Sukhoi was named. So was the S-400.", "2025-06-03")
    s400 = Mention.objects.get(article=article, entity=names["s400"])
    services.mention_review(mention=s400, review=Review.REJECTED, editor=editor)
    jet = Mention.objects.get(article=article, entity=names["jet"])
    services.mention_review(mention=jet, review=Review.CONFIRMED, editor=editor)

    by_entity, by_day = assert_kept_as_counted()
    assert by_entity == {(names["jet"].pk, datetime.date(2025, 6, 3)): 1}
    assert by_day == {datetime.date(2025, 6, 3): 1}


def test_it_moves_an_articles_mentions_when_its_day_changes(names):
    """A corrected publication date moves every mention of the article to the new day."""
    article = ingest("The S-400 and the S-400 again.", "2025-06-01")
    article.published_on = datetime.date(2025, 5, 20)
    article.save()

    _, by_day = assert_kept_as_counted()
    assert by_day == {datetime.date(2025, 5, 20): 2}


def test_it_follows_deletes_of_articles_and_entities(names):
    first = ingest("The S-400 arrived.", "2025-06-01")
    ingest("The S-400 arrived again.", "2025-06-02")
    Article.objects.filter(pk=first.pk).delete()
    assert_kept_as_counted()
    names["s400"].delete()

    assert assert_kept_as_counted() == ({}, {})


def test_it_follows_extraction_run_again(names):
    """reextract adds the mentions a new alias finds, and the tallies with them."""
    article = ingest("The S 400 and the Triumf battery.", "2025-06-01")
    services.alias_create(entity=names["s400"], text="Triumf")
    article_reextract(article=article, automaton=current_automaton())

    by_entity, _ = assert_kept_as_counted()
    assert by_entity[(names["s400"].pk, datetime.date(2025, 6, 1))] == 2


def test_it_rebuilds_the_tallies_and_says_how_many_were_off(names):
    """`rebuild_tallies` recomputes from the mentions; a count knocked off is put right."""
    ingest("The S-400 arrived.", "2025-06-01")
    DailyMentionTotal.objects.update(mentions=7)
    out = io.StringIO()
    call_command("rebuild_tallies", stdout=out)

    assert "1 count(s) differed" in out.getvalue()
    assert assert_kept_as_counted()[1] == {datetime.date(2025, 6, 1): 1}
    out = io.StringIO()
    call_command("rebuild_tallies", stdout=out)
    assert "0 count(s) differed" in out.getvalue()


def test_it_keeps_the_tallies_with_database_triggers(db):
    """The triggers exist (a migration rebuilding a table on SQLite would drop them)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'procurement_tally%%'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                           "AND name LIKE 'procurement_tally%'")
        assert len(cursor.fetchall()) == (3 if connection.vendor == "postgresql" else 5)
