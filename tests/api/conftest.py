"""API fixtures: clients for each role (session or token), no throttling unless a test asks."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from knox.models import AuthToken
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from ..conftest import _user

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
