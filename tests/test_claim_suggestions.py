"""Claims that ingestion suggests: one per programme and status in an article, on the right line."""

import pytest

from procurement import services
from procurement.models import Article, Platform, Programme, StatusClaim
from procurement.services.ingest import article_ingest


@pytest.fixture
def su30(india, russia):
    platform = Platform.objects.create(slug="su-30mki", name="Su-30 MKI", origin=russia,
                                       category=Platform.Category.FIGHTER)
    services.alias_create(entity=platform, text="Su-30 MKI")
    return platform


@pytest.fixture
def su30_upgrade(india, russia, su30):
    return Programme.objects.create(slug="india-su-30mki-upgrade", buyer=india, supplier=russia,
                                    platform=su30, kind=Programme.Kind.UPGRADE)


def suggested(article) -> list[tuple[str, str, str]]:
    return sorted(StatusClaim.objects.filter(article=article)
                  .values_list("programme__slug", "status", "quote"))


def test_it_files_one_claim_per_programme_and_status_in_an_article(programme):
    """Two sentences and two aliases saying "in delivery" give one claim, the tightest quote."""
    body = ("S-400 deliveries continue.\n"
            "The remaining С-400 and S-400 squadrons are part of a long supply schedule.\n"
            "The S-400 supply goes on as it was planned.")
    result = article_ingest(body=body, title="Deliveries", language="en")
    assert not result.duplicate
    article = Article.objects.get()
    assert suggested(article) == [
        ("india-s-400-purchase", "in_delivery", "S-400 deliveries continue."),
    ]
    assert len(result.claims) == 1


def test_it_files_a_cue_under_the_platform_it_is_said_of(programme, su30_upgrade):
    """The S-400's deliveries are not the Su-30 MKI upgrade's; its upgrade is not the S-400's."""
    body = "S-400 deliveries were discussed, alongside an upgrade of the Su-30 MKI fleet."
    article_ingest(body=body, title="Agenda", language="en")
    article = Article.objects.get()
    assert suggested(article) == [
        ("india-s-400-purchase", "in_delivery", body),
        ("india-su-30mki-upgrade", "proposed", body),
    ]


def test_it_files_an_upgrade_cue_only_under_an_upgrade_programme(programme):
    """A platform with a purchase line alone gets no claim from an upgrade cue."""
    article_ingest(body="An S-400 upgrade is being studied.", title="Study", language="en")
    assert Article.objects.count() == 1
    assert StatusClaim.objects.count() == 0
