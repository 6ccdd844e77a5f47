"""Shared fixtures, chained by meaning: country → platform → programme → claim; outlet → article."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache

from procurement import services
from procurement.models import (Agreement, Article, Country, Forum, Meeting, Mention,
                                Organisation, Outcome, Outlet, Person, Platform, Programme, Review,
                                StatusClaim, Story)
from procurement.roles import ANALYSTS, EDITORS


@pytest.fixture(autouse=True)
def fresh_rate_counters():
    """Throttles and page rate limits count in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def india(db):
    return Country.objects.create(slug="india", name="India", iso="IN")


@pytest.fixture
def russia(db):
    return Country.objects.create(slug="russia", name="Russia", iso="RU")


@pytest.fixture
def s400(russia):
    platform = Platform.objects.create(slug="s-400", name="S-400 Triumf", origin=russia,
                                       category=Platform.Category.AIR_DEFENCE)
    for text in ("S-400", "एस-400", "С-400"):
        services.alias_create(entity=platform, text=text)
    return platform


@pytest.fixture
def belousov(russia):
    person = Person.objects.create(slug="andrei-belousov", name="Andrei Belousov", nation=russia)
    services.alias_create(entity=person, text="बेलौसोव", kind="surname")
    return person


@pytest.fixture
def programme(india, russia, s400):
    return Programme.objects.create(slug="india-s-400-purchase", buyer=india, supplier=russia,
                                    platform=s400, kind=Programme.Kind.PURCHASE, units_ordered=5,
                                    unit="squadrons")


def make_claim(programme, **overrides) -> StatusClaim:
    fields = dict(programme=programme, status=StatusClaim.Status.IN_DELIVERY,
                  occurred_on=datetime.date(2023, 1, 1), source="Public record",
                  review=Review.CONFIRMED)
    fields.update(overrides)
    return StatusClaim.objects.create(**fields)


@pytest.fixture
def outlet(db):
    return Outlet.objects.create(slug="demo-desk", name="Demo Desk", language="en")


def make_article(**overrides) -> Article:
    fields = dict(title="S-400 talks", body="India and Russia discussed the S-400 on Thursday.",
                  hash="0" * 64, language="en")
    fields.update(overrides)
    return Article.objects.create(**fields)


@pytest.fixture
def article(outlet):
    return make_article(outlet=outlet)


def _user(username, group=None, **flags):
    user = User.objects.create_user(username, f"{username}@example.org", "pw-for-tests-only",
                                    **flags)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return _user("editor", EDITORS, is_staff=True)


@pytest.fixture
def analyst(db):
    return _user("analyst", ANALYSTS, is_staff=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def world(programme, article, belousov):
    """One record of every resource, linked as in life: what permission matrices read."""
    platform, india, russia = programme.platform, programme.buyer, programme.supplier
    sco = Forum.objects.create(slug="sco", name="Shanghai Cooperation Organisation",
                               category=Forum.Category.MULTILATERAL)
    sco.members.set([india, russia])
    meeting = Meeting.objects.create(slug="sco-defence-ministers-meeting-2025",
                                     name="SCO Defence Ministers' Meeting 2025", parent_forum=sco,
                                     starts_on=datetime.date(2025, 6, 25),
                                     ends_on=datetime.date(2025, 6, 26), place="Qingdao")
    meeting.participants.set([belousov])
    agreement = Agreement.objects.create(slug="s-400-contract", name="S-400 contract",
                                         category=Agreement.Category.CONTRACT,
                                         status=Agreement.Status.SIGNED,
                                         signed_on=datetime.date(2018, 10, 5))
    agreement.parties.set([india, russia])
    agreement.platforms.set([platform])
    programme.agreements.set([agreement])
    Organisation.objects.create(slug="rosoboronexport", name="Rosoboronexport",
                                category=Organisation.Category.COMPANY, nation=russia)
    Outcome.objects.create(meeting=meeting, subject=platform, result=Outcome.Result.DISCUSSED,
                           article=article, source="Demo Desk")
    start = article.body.index("S-400")
    make_claim(programme, article=article, quote="S-400", quote_start=start, quote_end=start + 5)
    Mention.objects.create(article=article, entity=platform, start=start, end=start + 5,
                           text="S-400")
    article.story = Story.objects.create(title=article.title)
    article.save()
    return programme
