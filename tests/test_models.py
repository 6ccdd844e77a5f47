"""Every invariant of the record is a database constraint: these tests try to break each one."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from procurement import services
from procurement.models import (Agreement, Alias, Country, Entity, Meeting, Mention, Outlet,
                                Platform, Programme, StatusClaim)

from .conftest import make_article, make_claim


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_it_sets_the_kind_from_the_class(s400, india):
    """An entity's kind is a fact of its class, never typed."""
    assert Entity.objects.get(slug="s-400").kind == "platform"
    assert Entity.objects.get(slug="india").kind == "country"


def test_it_refuses_two_entities_with_one_slug(india):
    """Slugs are one namespace across all kinds."""
    refused(lambda: Platform.objects.create(slug="india", name="Not a country"))


def test_it_refuses_two_countries_with_one_iso_code(india):
    """ISO codes are unique."""
    refused(lambda: Country.objects.create(slug="india-2", name="India again", iso="IN"))


def test_it_refuses_a_platform_that_is_its_own_parent(s400):
    """A platform cannot be a variant of itself."""
    s400.parent_id = s400.pk
    refused(lambda: s400.save())


def test_it_refuses_a_meeting_that_ends_before_it_starts(db):
    """ends_on is on or after starts_on."""
    refused(lambda: Meeting.objects.create(slug="m", name="M", starts_on=datetime.date(2025, 6, 26),
                                           ends_on=datetime.date(2025, 6, 25)))


def test_it_refuses_an_agreement_value_without_currency(db):
    """A value means nothing without its currency."""
    refused(lambda: Agreement.objects.create(slug="a", name="A", category="contract",
                                             status="signed", value=5))


def test_it_refuses_a_negative_agreement_value(db):
    """Values are not negative."""
    refused(lambda: Agreement.objects.create(slug="a", name="A", category="contract",
                                             status="signed", value=-1, currency="USD"))


def test_it_refuses_the_same_alias_twice_on_one_entity(s400):
    """An alias text is unique per entity."""
    refused(lambda: Alias.objects.create(entity=s400, text="S-400", folded="s400"))


def test_it_refuses_an_empty_alias(s400):
    """An alias has text."""
    refused(lambda: Alias.objects.create(entity=s400, text="", folded=""))


def test_it_computes_the_script_and_matching_form_of_an_alias(s400):
    """Editors type the text; the script and folded form follow from it."""
    alias = services.alias_create(entity=s400, text="एस-४००")
    assert alias.script == "deva"
    assert alias.folded == Alias.objects.get(entity=s400, text="एस-400").folded


def test_it_refuses_an_alias_with_nothing_to_match(s400):
    """An alias of only dashes cannot be looked for."""
    with pytest.raises(ValidationError) as error:
        services.alias_create(entity=s400, text="--")
    assert services.ALIAS_FOLDS_TO_NOTHING in error.value.messages


def test_it_refuses_two_programmes_for_one_line(programme):
    """Buyer, supplier, platform and kind identify a programme."""
    refused(lambda: Programme.objects.create(
        slug="dup", buyer=programme.buyer, supplier=programme.supplier,
        platform=programme.platform, kind=programme.kind))


def test_it_refuses_a_programme_bought_from_oneself(india, s400):
    """Buyer and supplier differ."""
    refused(lambda: Programme.objects.create(slug="self", buyer=india, supplier=india,
                                             platform=s400, kind="purchase"))


def test_it_refuses_a_programme_value_without_currency(india, russia, s400):
    """A value means nothing without its currency."""
    refused(lambda: Programme.objects.create(slug="v", buyer=india, supplier=russia, platform=s400,
                                             kind="purchase", value=5))


def test_it_refuses_more_delivered_than_the_claim_total(programme):
    """A claim's N of M has N ≤ M."""
    refused(lambda: make_claim(programme, units_delivered=6, units_total=5))


def test_it_refuses_more_delivered_than_the_programme_ordered(programme):
    """Where both are known, units delivered never exceed units ordered."""
    claim = StatusClaim(programme=programme, status="in_delivery", units_delivered=6,
                        source="Public record")
    with pytest.raises(ValidationError) as error:
        services.claim_save(claim=claim)
    assert "units_delivered" in error.value.message_dict


def test_it_refuses_a_claim_without_any_source(programme):
    """Every claim names an article, a URL or a source."""
    refused(lambda: make_claim(programme, source=""))


def test_it_refuses_a_quote_span_that_ends_before_it_starts(programme, article):
    """Quote offsets are a non-empty span."""
    refused(lambda: make_claim(programme, article=article, quote_start=10, quote_end=10))


def test_it_refuses_quote_offsets_without_an_article(programme):
    """Offsets point into an article, so they need one."""
    refused(lambda: make_claim(programme, quote_start=1, quote_end=5))


def test_it_refuses_a_quote_that_is_not_the_article_text(programme, article):
    """The quote must be exactly body[start:end]."""
    claim = StatusClaim(programme=programme, status="in_delivery", article=article,
                        quote_start=0, quote_end=5, quote="Other")
    with pytest.raises(ValidationError) as error:
        services.claim_save(claim=claim)
    assert "quote" in error.value.message_dict


def test_it_copies_the_quote_from_the_article_offsets(programme, article):
    """Give offsets, get the exact words."""
    claim = services.claim_save(claim=StatusClaim(programme=programme, status="in_delivery",
                                                  article=article, quote_start=0, quote_end=5))
    assert claim.quote == article.body[:5]


def test_it_refuses_two_articles_with_one_hash(article):
    """The same normalised text is stored once."""
    refused(lambda: make_article(hash=article.hash, body="other"))


def test_it_refuses_two_articles_with_one_url(article):
    """A URL identifies one article; empty URLs may repeat."""
    Article = type(article)
    Article.objects.filter(pk=article.pk).update(url="https://example.org/a")
    make_article(hash="1" * 64)
    make_article(hash="2" * 64)
    refused(lambda: make_article(hash="3" * 64, url="https://example.org/a"))


def test_it_refuses_an_article_without_body(db):
    """An article has text."""
    refused(lambda: make_article(body=""))


def test_it_refuses_a_mention_that_ends_before_it_starts(article, s400):
    """A mention's span must be non-empty: start < end."""
    refused(lambda: Mention.objects.create(article=article, entity=s400, start=10, end=10, text=""))


def test_it_refuses_the_same_mention_twice(article, s400):
    """One mention per article, entity and span."""
    Mention.objects.create(article=article, entity=s400, start=0, end=5, text="India")
    refused(lambda: Mention.objects.create(article=article, entity=s400, start=0, end=5,
                                           text="India"))


def test_it_keeps_history_of_every_edit(s400):
    """Editors can see who changed what."""
    s400.description = "Long-range surface-to-air missile system."
    s400.save()
    assert s400.history.count() == 2
    assert s400.history.first().description.startswith("Long-range")


def test_it_links_each_entity_to_its_page(s400, programme):
    """Entities and programmes have pages."""
    assert s400.get_absolute_url() == "/systems/s-400/"
    assert programme.get_absolute_url() == "/programmes/india-s-400-purchase/"


def test_it_accepts_an_outlet_slug_that_keeps_devanagari_vowel_signs(db):
    outlet = Outlet(slug="ट्रैकर-डेमो-डेस्क", name="ट्रैकर डेमो डेस्क")

    outlet.full_clean()

    with pytest.raises(ValidationError) as refused:
        Outlet(slug="demo desk!", name="Demo Desk").full_clean()
    assert "slug" in refused.value.message_dict
