"""API tokens in admin: nobody makes them there; editors see and revoke only their own."""

import datetime
import io
import runpy

import pytest
import tracker.settings
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

ADMIN_TOKENS = "/admin/knox/authtoken/"


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.org", "pw-for-tests-only")


@pytest.fixture
def superuser_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def tokens(editor, superuser):
    """One token each for the editor and the superuser."""
    mine, _ = AuthToken.objects.create(user=editor)
    theirs, _ = AuthToken.objects.create(user=superuser)
    return mine, theirs


def test_it_refuses_the_add_page_to_editors_and_superusers(editor_client, superuser_client,
                                                             superuser):
    """No one creates a token in admin, least of all for another account with no expiry."""
    assert editor_client.get(f"{ADMIN_TOKENS}add/").status_code == 403
    response = editor_client.post(f"{ADMIN_TOKENS}add/", {"user": superuser.pk, "expiry": ""})
    assert response.status_code == 403
    assert superuser_client.get(f"{ADMIN_TOKENS}add/").status_code == 403
    assert not AuthToken.objects.exists()


def test_it_lists_only_the_editors_own_tokens(editor_client, tokens):
    """The changelist shows the editor's token, not the superuser's."""
    mine, theirs = tokens
    response = editor_client.get(ADMIN_TOKENS)
    assert response.status_code == 200
    listed = list(response.context["cl"].result_list)
    assert listed == [mine]
    assert theirs.token_key not in response.content.decode()


def test_it_hides_other_accounts_tokens_from_editors(editor_client, tokens):
    """The superuser's token's change and delete pages do not exist for an editor."""
    mine, theirs = tokens
    for page in (f"{ADMIN_TOKENS}{theirs.pk}/change/", f"{ADMIN_TOKENS}{theirs.pk}/delete/"):
        assert editor_client.get(page).status_code == 302, page  # "does not exist"
    response = editor_client.post(f"{ADMIN_TOKENS}{theirs.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert AuthToken.objects.filter(pk=theirs.pk).exists()
    bulk = editor_client.post(ADMIN_TOKENS, {"action": "delete_selected", "post": "yes",
                                             "_selected_action": [theirs.pk]})
    assert bulk.status_code in (200, 302)
    assert AuthToken.objects.filter(pk=theirs.pk).exists()


def test_it_lets_an_editor_view_and_revoke_their_own_token(editor_client, tokens):
    """Their own token's page is read-only; deleting it revokes it."""
    mine, _ = tokens
    page = editor_client.get(f"{ADMIN_TOKENS}{mine.pk}/change/")
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    response = editor_client.post(f"{ADMIN_TOKENS}{mine.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not AuthToken.objects.filter(pk=mine.pk).exists()


def test_it_lets_a_superuser_see_and_revoke_any_token(superuser_client, tokens):
    """A superuser lists every token and deletes another account's."""
    mine, theirs = tokens
    response = superuser_client.get(ADMIN_TOKENS)
    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == {mine, theirs}
    response = superuser_client.post(f"{ADMIN_TOKENS}{mine.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not AuthToken.objects.filter(pk=mine.pk).exists()
    assert superuser_client.get(f"{ADMIN_TOKENS}{theirs.pk}/change/").status_code == 200


def test_it_gives_editors_only_view_and_delete_on_tokens(editor):
    """The editors group can read and revoke tokens, never add or change one."""
    assert editor.has_perm("knox.view_authtoken")
    assert editor.has_perm("knox.delete_authtoken")
    assert not editor.has_perm("knox.add_authtoken")
    assert not editor.has_perm("knox.change_authtoken")


def test_it_gives_the_login_endpoints_token_an_expiry(editor):
    """POST auth/login/ answers a token that expires after API_TOKEN_DAYS."""
    session = APIClient()
    session.force_login(editor)
    response = session.post("/api/v1/auth/login/")
    assert response.status_code == 200
    token = AuthToken.objects.get(user=editor)
    lifetime = token.expiry - timezone.now()
    assert datetime.timedelta(days=89) < lifetime <= datetime.timedelta(days=90)
    assert response.json()["expiry"]


def test_it_refuses_to_issue_a_never_expiring_token(editor, settings):
    """A TTL of None (knox's "never") is refused by the login endpoint and the command."""
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": None}
    session = APIClient()
    session.force_login(editor)
    with pytest.raises(ImproperlyConfigured):
        session.post("/api/v1/auth/login/")
    with pytest.raises(CommandError, match="TOKEN_TTL"):
        call_command("create_api_token", "bot", "--role", "analyst", stdout=io.StringIO())
    assert not AuthToken.objects.exists()
    assert not User.objects.filter(username="bot").exists()


@pytest.mark.parametrize("days", ["0", "-3"])
def test_it_refuses_a_token_lifetime_of_no_days(monkeypatch, days):
    """API_TOKEN_DAYS=0 would issue tokens already expired; negative ones, the same."""
    monkeypatch.setenv("API_TOKEN_DAYS", days)
    with pytest.raises(ImproperlyConfigured, match="API_TOKEN_DAYS"):
        runpy.run_path(tracker.settings.__file__)


def test_it_refuses_non_positive_days_on_the_command_line(db):
    """--days 0 is a usage error naming the rule."""
    with pytest.raises(CommandError, match="--days must be at least 1"):
        call_command("create_api_token", "x", "--role", "editor", "--days", "0",
                     stdout=io.StringIO())
    assert not AuthToken.objects.exists()
