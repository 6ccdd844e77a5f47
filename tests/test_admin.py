"""The admin serves editors every model and refuses analysts' changes."""

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse

from procurement.models import (Alias, Article, Candidate, Entity, Item, Meeting, MeetingReport,
                                Mention, Outcome, Review, Sighting, Source, StatusClaim, Story)

from .conftest import make_article, make_claim

REQUIRED = str(forms.Field.default_error_messages["required"])
# Alerts (follows, webhooks, deliveries, events) belong to readers, not to the record: each
# account sees its own; tests/test_admin_alerts.py checks them.
MODELS = [m for m in admin.site._registry if m._meta.app_label == "procurement"
          and m.__module__ != "procurement.models.alerts"]
NO_ADD_PAGE = {Entity, Mention, MeetingReport, Candidate, Item}  # added through a kind's own
# page / found by extraction / linked by ingestion / queued by ingestion / listed by a feed


@pytest.fixture
def record(programme, article, belousov):
    """One row of every model, so change pages have something to show."""
    story = Story.objects.create(title="Qingdao talks")
    article.story = story
    article.save()
    meeting = Meeting.objects.create(slug="sco-2025", name="SCO defence ministers 2025")
    Outcome.objects.create(meeting=meeting, subject=programme.platform, result="discussed",
                           source="Ministry of Defence")
    make_claim(programme)
    Mention.objects.create(article=article, entity=programme.platform, start=23, end=28,
                           text=article.body[23:28])
    MeetingReport.objects.create(article=article, meeting=meeting, reason="described",
                                 evidence="forum: SCO", evidence_start=23, evidence_end=28)
    candidate = Candidate.objects.create(folded="s500", name="S-500", kind="platform",
                                         articles=1)
    Sighting.objects.create(candidate=candidate, article=article, start=0, end=5, text="S-500",
                            sentence="S-500 talks", at=0)
    # A feed of the article's outlet and the page it listed.
    source = Source.objects.create(slug="demo-feed", url="https://example.org/feed.xml",
                                   outlet=article.outlet)
    Item.objects.create(source=source, url="https://example.org/s-400-talks", title="S-400 talks",
                        state=Item.State.INGESTED, article=article)
    for kind in ("organisation", "forum", "agreement", "place"):
        model = {m._meta.model_name: m for m in MODELS}[kind]
        extra = {"category": model.Category.values[0]}
        if kind == "agreement":
            extra["status"] = "signed"
        model.objects.create(slug=f"a-{kind}", name=f"A {kind}", **extra)
    return programme


def url(model, view, *args):
    return reverse(f"admin:procurement_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_it_shows_every_model_to_editors(editor_client, record, model):
    """List, search, add, change and history pages answer 200 for an editor."""
    assert editor_client.get(url(model, "changelist")).status_code == 200
    assert editor_client.get(url(model, "changelist") + "?q=s").status_code == 200
    obj = model.objects.first()
    assert obj is not None, model
    assert editor_client.get(url(model, "change", obj.pk)).status_code == 200
    assert editor_client.get(url(model, "history", obj.pk)).status_code == 200
    if model not in NO_ADD_PAGE:
        assert editor_client.get(url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_it_lets_analysts_read_but_not_change(analyst_client, record, model):
    """Analysts see lists and records; a change POST is refused with 403."""
    assert analyst_client.get(url(model, "changelist")).status_code == 200
    obj = model.objects.first()
    assert analyst_client.get(url(model, "change", obj.pk)).status_code == 200
    assert analyst_client.post(url(model, "change", obj.pk), {}).status_code == 403
    assert analyst_client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    """The admin is for signed-in staff."""
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert client.get("/admin/login/").status_code == 200


def test_it_confirms_mentions_from_the_review_queue(editor_client, editor, record):
    """The confirm action marks the mention and records the editor."""
    mention = Mention.objects.get()
    response = editor_client.post(url(Mention, "changelist"),
                                  {"action": "confirm", "_selected_action": [mention.pk]})
    assert response.status_code == 302
    mention.refresh_from_db()
    assert mention.review == Review.CONFIRMED
    assert mention.reviewed_by == editor
    # The fixture's row, then the review: the history names the editor who confirmed it.
    assert [(h.history_type, h.review, h.history_user) for h in mention.history.all()] == [
        ("~", Review.CONFIRMED, editor), ("+", Review.MACHINE, None)]


def test_it_rejects_claims_from_the_review_queue(editor_client, record):
    """The reject action takes a claim out of the derived status."""
    claim = StatusClaim.objects.get()
    response = editor_client.post(url(StatusClaim, "changelist"),
                                  {"action": "reject", "_selected_action": [claim.pk]})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.review == Review.REJECTED
    assert record.status.status == ""


def test_it_draws_each_queue_rows_checkbox_as_django_does(editor_client, record):
    """The queues write the row's box themselves (cheaper); what reaches the editor and the
    confirm/reject actions is the same box, label included."""
    from django.contrib.admin.sites import site
    from django.test.html import parse_html

    claim = StatusClaim.objects.get()
    queue = site._registry[StatusClaim]
    ours = queue.action_checkbox(claim)
    assert parse_html(ours) == parse_html(admin.ModelAdmin.action_checkbox(queue, claim))
    assert f'value="{claim.pk}"' in ours and "Select this object for an action" in ours
    response = editor_client.get(url(StatusClaim, "changelist"))
    assert response.status_code == 200
    assert ours in response.content.decode()
    assert 'id="action-toggle"' in response.content.decode()  # the column's select-all box


def test_it_refuses_review_actions_to_analysts(analyst_client, record):
    """Analysts cannot confirm or reject."""
    mention = Mention.objects.get()
    response = analyst_client.post(url(Mention, "changelist"),
                                   {"action": "confirm", "_selected_action": [mention.pk]})
    assert response.status_code == 200
    assert response.context["action_form"] is None  # no action is even offered
    mention.refresh_from_db()
    assert mention.review == Review.MACHINE


def test_it_saves_aliases_typed_inline_through_the_service(editor_client, s400):
    """An alias added on the platform page gets its script and matching form."""
    response = editor_client.get(url(type(s400), "change", s400.pk))
    form = response.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k not in ("origin",)}
    data.update({"name": s400.name, "slug": s400.slug, "category": s400.category,
                 "origin": s400.origin_id})
    aliases = list(s400.aliases.all())
    data.update({"aliases-TOTAL_FORMS": len(aliases) + 1, "aliases-INITIAL_FORMS": len(aliases),
                 "aliases-MIN_NUM_FORMS": 0, "aliases-MAX_NUM_FORMS": 1000,
                 "programmes-TOTAL_FORMS": 0, "programmes-INITIAL_FORMS": 0,
                 "programmes-MIN_NUM_FORMS": 0, "programmes-MAX_NUM_FORMS": 1000})
    for i, a in enumerate(aliases):
        data.update({f"aliases-{i}-id": a.pk, f"aliases-{i}-entity": s400.pk,
                     f"aliases-{i}-text": a.text, f"aliases-{i}-kind": a.kind,
                     f"aliases-{i}-language": a.language, f"aliases-{i}-matchable": "on"})
    n = len(aliases)
    data.update({f"aliases-{n}-entity": s400.pk, f"aliases-{n}-text": "एस–४००",
                 f"aliases-{n}-kind": "transliteration", f"aliases-{n}-language": "hi",
                 f"aliases-{n}-matchable": "on"})
    response = editor_client.post(url(type(s400), "change", s400.pk), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    alias = Alias.objects.get(entity=s400, text="एस–४००")
    assert alias.script == "deva"
    assert alias.folded == Alias.objects.get(entity=s400, text="एस-400").folded


def test_it_ingests_an_article_pasted_into_the_admin(editor_client, s400):
    """'Add article' runs the ingestion pipeline: mentions are found on save."""
    response = editor_client.post(url(Article, "add"), {
        "title": "", "url": "", "language": "", "published_on": "",
        "body": "Talks on the एस-400\nThe S-400 arrives soon."})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.title == "Talks on the एस-400"
    assert article.mentions.count() == 2
    created = article.history.get()
    assert (created.history_type, created.history_user.username) == ("+", "editor")
    assert created.hash == article.hash and created.created == article.created


def test_it_refuses_an_empty_article_in_the_admin_with_a_reason(editor_client, db):
    """A body of only spaces is refused on the form; nothing is stored."""
    response = editor_client.post("/admin/procurement/article/add/",
                                  {"title": "x", "body": "   \n  "})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"body": [REQUIRED]}
    assert REQUIRED in response.content.decode()
    assert Article.objects.count() == 0


def test_it_takes_a_pasted_duplicate_to_the_stored_article_with_one_message(editor_client, s400):
    """Pasting stored text again: a redirect to the stored article, "already stored" and no
    "added successfully", and no second article."""
    data = {"title": "", "url": "", "language": "", "published_on": "",
            "body": "Talks on the S-400\nThe S-400 arrives soon."}
    editor_client.post(url(Article, "add"), data, follow=True)  # follow: its messages are shown
    stored = Article.objects.get()
    response = editor_client.post(url(Article, "add"), {**data, "title": "Another title"},
                                  follow=True)
    assert response.redirect_chain == [(url(Article, "change", stored.pk), 302)]
    assert Article.objects.get() == stored
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["This text is already stored; this is the existing article."]


def test_it_shows_what_waits_for_review_on_the_admin_index(editor_client, record, article,
                                                           django_assert_max_num_queries):
    """The index counts machine-found mentions and claims (not reviewed ones) and links to the
    filtered queues."""
    Mention.objects.create(article=article, entity=record.platform, start=0, end=5,
                           text=article.body[:5], review=Review.REJECTED)
    make_claim(record, review=Review.MACHINE)
    make_claim(record, review=Review.MACHINE, status="delivered")
    with django_assert_max_num_queries(7):  # session, user, recent actions + two counts
        response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert ('<a href="/admin/procurement/mention/?review__exact=machine">'
            "1 machine-found mention</a>") in page
    assert ('<a href="/admin/procurement/statusclaim/?review__exact=machine">'
            "2 suggested status claims</a>") in page


@pytest.mark.parametrize("rows", [1, 50])
def test_it_lists_the_review_queues_in_a_fixed_number_of_queries(editor_client, record, article,
                                                                 rows,
                                                                 django_assert_max_num_queries):
    """The mention and claim queues load their rows' article, entity and programme up front."""
    Mention.objects.bulk_create(
        Mention(article=article, entity=record.platform, start=0, end=end, text=article.body[:end])
        for end in range(1, rows))
    for _ in range(rows):
        make_claim(record, review=Review.MACHINE)
    for model in (Mention, StatusClaim):
        with django_assert_max_num_queries(11):  # session, user, filters, counts, rows
            response = editor_client.get(url(model, "changelist") + "?review__exact=machine")
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == rows


def test_it_starts_a_queue_snippet_between_devanagari_graphemes(s400, outlet):
    """The context shown in the mention queue never opens inside a conjunct or a syllable."""
    from procurement.admin import MentionAdmin
    from procurement.text.graphemes import is_boundary

    body = "क्षेत्र " * 30 + "अब एस-400 की आपूर्ति"  # a cut 40 or 70 back would land inside क्ष
    start = body.index("एस-400")
    article = make_article(outlet=outlet, body=body, language="hi")
    mention = Mention.objects.create(article=article, entity=s400, start=start, end=start + 6,
                                     text=body[start:start + 6])
    shown = str(MentionAdmin.context(None, mention))
    before = shown.split("<mark>")[0].removeprefix('<span class="snippet">').removeprefix("…")
    assert shown.count("<mark>एस-400</mark>") == 1
    assert before and body[:start].endswith(before)
    assert is_boundary(body, start - len(before))


def test_it_lists_only_a_programmes_newest_claims_and_links_to_all(
        editor_client, programme, django_assert_max_num_queries):
    """A busy programme's page lists the newest 20 claims as links, not a form for each of
    thousands; the link above them leads to every claim, and the page still saves."""
    import datetime
    import re

    from procurement.admin import NewestClaims

    claims = [make_claim(programme, occurred_on=datetime.date(2024, 1, day), source=f"day {day:02}")
              for day in range(1, 26)]
    url = reverse("admin:procurement_programme_change", args=[programme.pk])
    with django_assert_max_num_queries(15):  # not one query per listed claim
        response = editor_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    linked = [int(pk) for pk in re.findall(r'/admin/procurement/statusclaim/(\d+)/change/', page)]
    assert len(linked) == NewestClaims.SHOWN == 20
    assert linked[0] == claims[-1].pk and linked[-1] == claims[5].pk  # days 25 down to 6
    assert "All 25 claims of this programme" in page
    assert "claims-TOTAL_FORMS" not in page  # no formset to render or to post
    data = {key: value for key, value in response.context["adminform"].form.initial.items()
            if value is not None and not isinstance(value, list)}
    data["buyer"], data["supplier"] = programme.buyer_id, programme.supplier_id
    data["platform"], data["units_ordered"] = programme.platform_id, 7
    saved = editor_client.post(url, data)
    assert saved.status_code == 302, saved.context and saved.context["adminform"].form.errors
    programme.refresh_from_db()
    assert programme.units_ordered == 7
