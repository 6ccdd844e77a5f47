"""API fixtures: clients for each role (session or token), no throttling unless a test asks."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from knox.models import AuthToken
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from procurement.models import (Agreement, Forum, Meeting, Mention, Organisation, Outcome,
                                Story)

from ..conftest import _user, make_claim

ROLES = ["anonymous", "analyst", "editor", "admin"]


@pytest.fixture(autouse=True)
def unthrottled(monkeypatch, settings):
    """Throttle rates are read when DRF is imported, so they are switched off on the class.

    (Also a fast password hasher: the role matrix creates hundreds of accounts.)
    """
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin(db):
    return User.objects.create_superuser("admin", "admin@example.org", "pw-for-tests-only")


def token_client(user) -> APIClient:
    """A client that sends `Authorization: Token <key>` for `user`, as scripts do."""
    _, key = AuthToken.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    client.token = key
    return client


@pytest.fixture
def api(db):
    """An anonymous client."""
    return APIClient()


@pytest.fixture
def editor_api(editor):
    return token_client(editor)


@pytest.fixture
def analyst_api(analyst):
    return token_client(analyst)


@pytest.fixture
def as_role(db):
    """as_role(name) → a token client for that role ('anonymous' gets no credentials)."""
    def make(role):
        if role == "anonymous":
            return APIClient()
        if role == "admin":
            return token_client(User.objects.create_superuser(
                "admin", "admin@example.org", "pw-for-tests-only"))
        return token_client(_user(role, {"analyst": "analysts", "editor": "editors"}[role]))
    return make


@pytest.fixture
def world(programme, article, belousov):
    """One record of every resource, linked as in life: what the permission matrix reads."""
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
