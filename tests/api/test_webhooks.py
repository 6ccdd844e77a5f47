"""/api/v1/webhooks/ and /api/v1/follows/: each account's own, made and changed through the
services, refused with reasons."""

import hashlib
import hmac

import pytest

from procurement.models import Follow, Webhook
from procurement.services import webhooks

from ..test_alerts import receiver  # noqa: F401  (the local HTTP server fixture)
from .conftest import token_client


@pytest.fixture
def other_api(db):
    from ..conftest import _user
    return token_client(_user("other"))


def test_it_registers_a_webhook_and_shows_its_secret_only_once(analyst_api, analyst, s400):
    response = analyst_api.post("/api/v1/webhooks/", {
        "url": "https://example.org/hook", "events": ["status.changed", "claim.confirmed"],
        "entities": ["s-400"]})
    assert response.status_code == 201, response.json()
    body = response.json()
    webhook = Webhook.objects.get()
    assert body["secret"] == webhook.secret and len(webhook.secret) >= 40
    assert (webhook.owner, webhook.events) == (analyst, ["claim.confirmed", "status.changed"])
    assert list(webhook.entities.values_list("slug", flat=True)) == ["s-400"]
    again = analyst_api.get(f"/api/v1/webhooks/{webhook.pk}/")
    assert again.status_code == 200 and "secret" not in again.json()
    assert again.json()["entities"] == ["s-400"]
    assert "secret" not in analyst_api.get("/api/v1/webhooks/").json()["results"][0]


@pytest.mark.parametrize("url,message", [
    ("ftp://example.org/hook", webhooks.URL_NOT_HTTP),
    ("http://127.0.0.1/hook", webhooks.URL_PRIVATE),
    ("http://192.168.1.10/hook", webhooks.URL_PRIVATE),
    ("https://me:secret@example.org/hook", webhooks.URL_HAS_PASSWORD),
])
def test_it_refuses_addresses_that_are_not_public_http(analyst_api, url, message):
    response = analyst_api.post("/api/v1/webhooks/", {"url": url})
    assert response.status_code == 400
    assert not Webhook.objects.exists()
    assert message in str(response.json()["url"]) or "Enter a valid URL" in str(response.json())


def test_it_refuses_unknown_event_kinds_and_entities_that_cannot_be_followed(analyst_api, india):
    response = analyst_api.post("/api/v1/webhooks/", {"url": "https://example.org/hook",
                                                      "events": ["article.deleted"],
                                                      "entities": ["india"]})
    assert response.status_code == 400
    assert set(response.json()) == {"events", "entities"}
    assert not Webhook.objects.exists()


def test_it_hides_another_accounts_webhooks(analyst_api, other_api, analyst):
    webhook = Webhook.objects.create(owner=analyst, url="https://example.org/hook")
    assert other_api.get(f"/api/v1/webhooks/{webhook.pk}/").status_code == 404
    assert other_api.patch(f"/api/v1/webhooks/{webhook.pk}/", {"active": False}).status_code == 404
    assert other_api.delete(f"/api/v1/webhooks/{webhook.pk}/").status_code == 404
    assert other_api.post(f"/api/v1/webhooks/{webhook.pk}/ping/").status_code == 404
    assert other_api.get("/api/v1/webhooks/").json()["results"] == []
    webhook.refresh_from_db()
    assert webhook.active
    assert analyst_api.delete(f"/api/v1/webhooks/{webhook.pk}/").status_code == 204
    assert not Webhook.objects.exists()


def test_it_refuses_anonymous_callers(api):
    assert api.get("/api/v1/webhooks/").status_code == 401
    assert api.post("/api/v1/webhooks/", {"url": "https://example.org/hook"}).status_code == 401
    assert api.get("/api/v1/follows/").status_code == 401
    assert not Webhook.objects.exists()


def test_it_switches_a_webhook_back_on_and_clears_its_failures(analyst_api, analyst):
    webhook = Webhook.objects.create(owner=analyst, url="https://example.org/hook", active=False,
                                     failures=30, disabled_reason="Switched off after 30…")
    assert analyst_api.get(f"/api/v1/webhooks/{webhook.pk}/").json()["disabled_reason"]
    response = analyst_api.patch(f"/api/v1/webhooks/{webhook.pk}/", {"active": True})
    assert response.status_code == 200
    webhook.refresh_from_db()
    assert (webhook.active, webhook.failures, webhook.disabled_reason) == (True, 0, "")


def test_it_pings_a_webhook_signed_like_any_delivery(analyst_api, analyst, receiver):  # noqa: F811
    webhook = Webhook.objects.create(owner=analyst, url=receiver.url)
    response = analyst_api.post(f"/api/v1/webhooks/{webhook.pk}/ping/")
    assert response.status_code == 200
    assert response.json() == {"delivered": True, "status_code": 200, "error": ""}
    sent = receiver.requests[0]
    mac = hmac.new(webhook.secret.encode(), sent["headers"]["X-Tracker-Timestamp"].encode()
                   + b"." + sent["body"], hashlib.sha256).hexdigest()
    assert sent["headers"]["X-Tracker-Signature"] == f"sha256={mac}"
    assert sent["headers"]["X-Tracker-Event"] == "ping"
    receiver.status = 500
    failed = analyst_api.post(f"/api/v1/webhooks/{webhook.pk}/ping/").json()
    assert failed["delivered"] is False and failed["status_code"] == 500
    webhook.refresh_from_db()
    assert webhook.failures == 0  # a test is not a failure of the real thing


def test_it_follows_and_unfollows_through_the_api(analyst_api, other_api, analyst, s400,
                                                  programme):
    response = analyst_api.post("/api/v1/follows/", {"entity": "s-400"})
    assert response.status_code == 201, response.json()
    assert response.json()["entity"]["slug"] == "s-400"
    assert analyst_api.post("/api/v1/follows/", {"programme": programme.slug}).status_code == 201
    assert Follow.objects.filter(user=analyst).count() == 2
    twice = analyst_api.post("/api/v1/follows/", {"entity": "s-400"})
    assert twice.status_code == 400 and "already follow" in str(twice.json())
    both = analyst_api.post("/api/v1/follows/", {"entity": "s-400", "programme": programme.slug})
    assert both.status_code == 400
    follow = Follow.objects.get(entity=s400)
    assert other_api.delete(f"/api/v1/follows/{follow.pk}/").status_code == 404
    assert analyst_api.get("/api/v1/follows/").json()["count"] == 2
    assert analyst_api.delete(f"/api/v1/follows/{follow.pk}/").status_code == 204
    assert Follow.objects.filter(user=analyst).count() == 1


def test_it_refuses_to_follow_a_country(analyst_api, india):
    response = analyst_api.post("/api/v1/follows/", {"entity": "india"})
    assert response.status_code == 400
    assert not Follow.objects.exists()
