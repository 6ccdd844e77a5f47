"""Alerts in admin: each account sees its own follows, webhooks and deliveries (a superuser
sees all); deliveries and events are read-only; no page shows a secret."""

import pytest
from django.urls import reverse

from procurement.models import Delivery, Event, Follow, Webhook
from procurement.services.alerts import follow_create


def url(model, view, *args):
    return reverse(f"admin:procurement_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def rows(editor, analyst, s400, article):
    """A follow, a webhook and a delivery for the editor and for the analyst; one event."""
    event = Event.objects.create(kind=Event.Kind.ARTICLE_NEW, entity=s400, article=article,
                                 payload={"title": article.title, "path": "/articles/1/"})
    for user in (editor, analyst):
        follow_create(user=user, target=s400)
        hook = Webhook.objects.create(owner=user, url=f"https://example.org/{user.username}",
                                      last_error="HTTP 502: bad gateway")
        Delivery.objects.create(webhook=hook, event=event)
    return event


@pytest.mark.parametrize("model", [Follow, Webhook, Delivery])
def test_it_shows_each_account_only_its_own_alert_rows(editor_client, editor, analyst, rows,
                                                       model):
    assert editor_client.get(url(model, "changelist")).status_code == 200
    owner = {Follow: "user", Webhook: "owner", Delivery: "webhook__owner"}[model]
    own = model.objects.get(**{owner: editor})
    other = model.objects.get(**{owner: analyst})
    assert editor_client.get(url(model, "change", own.pk)).status_code == 200
    # Someone else's row is "not found": the admin sends the reader back to the list.
    assert editor_client.get(url(model, "change", other.pk)).status_code == 302
    assert editor_client.post(url(model, "delete", other.pk), {"post": "yes"}).status_code == 302
    assert model.objects.filter(pk=other.pk).exists()


def test_it_lets_a_superuser_see_every_webhook_with_its_last_error_but_no_secret(
        client, django_user_model, rows):
    client.force_login(django_user_model.objects.create_superuser("root", "", "pw-for-tests"))
    html = client.get(url(Webhook, "changelist")).content.decode()
    assert "https://example.org/editor" in html and "https://example.org/analyst" in html
    assert "HTTP 502: bad gateway" in html
    webhook = Webhook.objects.first()
    page = client.get(url(Webhook, "change", webhook.pk)).content.decode()
    assert webhook.secret not in page


def test_it_lets_analysts_read_their_rows_and_the_events_but_change_nothing(analyst_client,
                                                                          analyst, rows):
    for model, obj in [(Follow, Follow.objects.get(user=analyst)),
                       (Webhook, Webhook.objects.get(owner=analyst)),
                       (Delivery, Delivery.objects.get(webhook__owner=analyst)),
                       (Event, rows)]:
        assert analyst_client.get(url(model, "changelist")).status_code == 200
        assert analyst_client.get(url(model, "change", obj.pk)).status_code == 200
        assert analyst_client.post(url(model, "change", obj.pk), {}).status_code == 403
        assert analyst_client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
        assert model.objects.filter(pk=obj.pk).exists()


def test_it_makes_no_alert_rows_in_admin(editor_client):
    for model in (Follow, Webhook, Delivery, Event):
        assert editor_client.get(url(model, "add")).status_code == 403
