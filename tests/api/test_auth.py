"""Tokens (hashed, expiring, revocable), the command that issues them, and throttling."""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from knox.models import AuthToken
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from procurement.models import Platform
from procurement.roles import ANALYSTS, EDITORS

from .conftest import token_client

PATCH = ("/api/v1/platforms/s-400/", {"nato_name": "SA-21 Growler"})


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_it_stores_only_a_hash_of_each_token(editor):
    """The database never holds the token itself."""
    _, key = AuthToken.objects.create(user=editor)
    stored = AuthToken.objects.get(user=editor)
    assert key not in (stored.digest, stored.token_key) and stored.token_key == key[:15]


def test_it_refuses_an_expired_token_and_forgets_it(editor, s400):
    """Past its expiry a token answers 401, even for reading, and is deleted."""
    _, key = AuthToken.objects.create(user=editor, expiry=datetime.timedelta(seconds=-1))
    client = with_token(key)
    assert client.patch(*PATCH, format="json").status_code == 401
    assert client.get("/api/v1/platforms/").status_code == 401
    assert not AuthToken.objects.filter(user=editor).exists()
    assert Platform.objects.get(slug="s-400").nato_name == ""


def test_it_refuses_unknown_and_malformed_tokens(s400):
    """A wrong token is an error, not anonymous access: 401 naming the scheme."""
    for header in ("Token nonsense", "Token", "Token a b"):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)
        response = client.get("/api/v1/platforms/")
        assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_it_revokes_the_token_on_logout(editor, s400):
    """POST auth/logout/ ends that token (401 after), not the account's others."""
    client, other = token_client(editor), token_client(editor)
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.patch(*PATCH, format="json").status_code == 401
    assert other.patch(*PATCH, format="json").status_code == 200
    assert AuthToken.objects.filter(user=editor).count() == 1


def test_it_revokes_every_token_on_logoutall(editor, s400):
    """POST auth/logoutall/ ends all of the account's tokens."""
    client, other = token_client(editor), token_client(editor)
    assert client.post("/api/v1/auth/logoutall/").status_code == 204
    assert other.patch(*PATCH, format="json").status_code == 401
    assert not AuthToken.objects.filter(user=editor).exists()


def test_it_gives_a_signed_in_session_a_token(editor, s400):
    """POST auth/login/ with a session answers a token that then writes; anonymous gets 403."""
    session = APIClient()
    session.force_login(editor)
    response = session.post("/api/v1/auth/login/")
    assert response.status_code == 200
    assert with_token(response.json()["token"]).patch(*PATCH, format="json").status_code == 200
    assert APIClient().post("/api/v1/auth/login/").status_code == 403


def issue(*args) -> list[str]:
    out = io.StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().splitlines()


def test_it_issues_a_token_from_the_command_line(db, s400):
    """create_api_token creates the account, puts it in the group, prints the token last."""
    lines = issue("reader", "--role", "analyst")
    user = User.objects.get(username="reader")
    assert list(user.groups.values_list("name", flat=True)) == [ANALYSTS]
    assert not user.has_usable_password()
    client = with_token(lines[-1])
    assert client.get("/api/v1/platforms/").status_code == 200
    assert client.patch(*PATCH, format="json").status_code == 403


def test_it_gives_exactly_the_role_asked_for(db, s400):
    """Re-issuing with another role moves the account; editor tokens write."""
    issue("desk", "--role", "analyst")
    key = issue("desk", "--role", "editor", "--days", "7")[-1]
    user = User.objects.get(username="desk")
    assert list(user.groups.values_list("name", flat=True)) == [EDITORS]
    assert with_token(key).patch(*PATCH, format="json").status_code == 200
    expiry = AuthToken.objects.filter(user=user).latest("created").expiry
    assert datetime.timedelta(days=6) < expiry - user.date_joined < datetime.timedelta(days=8)
    issue("desk", "--role", "analyst")
    assert with_token(key).patch(*PATCH, format="json").status_code == 403


def test_it_refuses_bad_command_arguments(db):
    """An unknown role or a non-positive lifetime is a usage error."""
    with pytest.raises(CommandError):
        issue("x", "--role", "admin")
    with pytest.raises(CommandError):
        issue("x", "--role", "editor", "--days", "0")
    assert not AuthToken.objects.exists()


def test_it_throttles_anonymous_callers(api, s400, monkeypatch):
    """Past the anonymous rate the API answers 429 with Retry-After."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": None})
    assert [api.get("/api/v1/platforms/").status_code for _ in range(3)] == [200, 200, 429]
    assert int(api.get("/api/v1/platforms/")["Retry-After"]) > 0


def test_it_throttles_token_callers_separately(editor, s400, monkeypatch):
    """Token users have their own (higher) rate, counted per account."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": "1/min"})
    client = token_client(editor)
    assert [client.get("/api/v1/platforms/").status_code for _ in range(2)] == [200, 429]


def test_it_counts_anonymous_callers_against_the_anonymous_rate_only(api, s400, monkeypatch):
    """The per-account rate does not apply to callers without an account."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": "1/min"})
    assert [api.get("/api/v1/platforms/").status_code for _ in range(3)] == [200, 200, 200]
