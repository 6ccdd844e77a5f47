"""A name several entities share: decided by its sentence, or left for an editor to decide."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from procurement import selectors, services
from procurement.matching import current_automaton
from procurement.models import (Article, Meeting, Mention, Organisation, Platform, Programme,
                                Review, StatusClaim)
from procurement.services.ingest import Found, article_ingest, article_reextract
from procurement.services.meetings import meeting_report_suggest
from procurement.services.records import SIBLING_CONFIRMED, SIBLING_REJECTED

DECIDED = ("The Sukhoi design bureau said on Monday that work on the radar had begun. "
           "Two squadrons of Sukhoi jets will receive it first.")
DECIDED_HI = ("सुखोई डिज़ाइन ब्यूरो ने सोमवार को कहा कि रडार पर काम शुरू हो गया है। "
              "वायुसेना के सुखोई लड़ाकू विमानों के दो स्क्वाड्रन इसे पहले पाएंगे।")
UNDECIDED = "Officials in Delhi spoke about Sukhoi on Tuesday."


@pytest.fixture
def sukhoi(russia):
    company = Organisation.objects.create(slug="sukhoi", name="Sukhoi", nation=russia,
                                          category=Organisation.Category.COMPANY)
    for text in ("Sukhoi", "सुखोई"):
        services.alias_create(entity=company, text=text)
    return company


@pytest.fixture
def su30(russia):
    platform = Platform.objects.create(slug="su-30mki", name="Su-30 MKI", origin=russia,
                                       category=Platform.Category.FIGHTER)
    for text in ("Su-30 MKI", "Sukhoi", "सुखोई"):
        services.alias_create(entity=platform, text=text)
    return platform


@pytest.fixture
def shared(sukhoi, su30):
    return sukhoi, su30


def spans(article) -> list[tuple[str, str, bool, str]]:
    """(text, entity slug, ambiguous, review) of the article's mentions, in reading order."""
    return list(Mention.objects.filter(article=article).order_by("start", "entity__slug")
                .values_list("text", "entity__slug", "ambiguous", "review"))


def ingest(body: str) -> Article:
    return article_ingest(body=body, title="Sukhoi", language="").article


@pytest.mark.parametrize("body", [DECIDED, DECIDED_HI], ids=["en", "hi"])
def test_it_files_each_mention_under_what_its_sentence_speaks_of(shared, body):
    """The design bureau in one sentence, the jets in the next: one mention each, decided."""
    article = ingest(body)
    name = "Sukhoi" if "Sukhoi" in body else "सुखोई"
    assert spans(article) == [(name, "sukhoi", False, Review.MACHINE),
                              (name, "su-30mki", False, Review.MACHINE)]
    assert Mention.objects.visible().filter(article=article).count() == 2


def test_it_marks_an_undecided_name_ambiguous_for_every_entity_it_may_mean(shared):
    """No word says which: a mention per entity, both ambiguous, neither shown as fact."""
    article = ingest(UNDECIDED)
    assert spans(article) == [("Sukhoi", "su-30mki", True, Review.MACHINE),
                              ("Sukhoi", "sukhoi", True, Review.MACHINE)]
    assert not Mention.objects.visible().filter(article=article).exists()
    assert Mention.objects.pending().filter(article=article).count() == 2


def test_it_leaves_a_name_one_entity_has_as_it_was(sukhoi):
    """A name with one owner is never ambiguous, whatever its sentence says."""
    article = ingest(UNDECIDED)
    assert spans(article) == [("Sukhoi", "sukhoi", False, Review.MACHINE)]


def test_it_keeps_undecided_mentions_off_the_analyst_pages_and_api(shared, client):
    """The article page, the lists' counts and the API lists leave them out."""
    article = ingest(UNDECIDED)
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "<mark" not in page.content.decode()
    assert client.get("/api/v1/mentions/").json()["results"] == []
    detail = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert detail["mentions"] == []
    one = Mention.objects.filter(article=article).first()
    assert client.get(f"/api/v1/mentions/{one.pk}/").json()["ambiguous"] is True
    [exported] = selectors.mention_totals(selectors.article_export().filter(pk=article.pk),
                                          of="article")
    assert exported.mention_total == 0
    [jet] = selectors.mention_totals(selectors.platform_list().filter(slug="su-30mki"),
                                     of="entity")
    [maker] = selectors.mention_totals(
        selectors.entity_list(kind="organisation").filter(slug="sukhoi"), of="entity")
    assert jet.mention_total == maker.mention_total == 0


def test_it_shows_the_api_flag_on_decided_and_confirmed_mentions(shared, editor):
    """`ambiguous` is false for a decided name, true for a confirmed ambiguous one, in the
    list and the record alike."""
    ingest(DECIDED)
    ambiguous = ingest(UNDECIDED)
    chosen = Mention.objects.get(article=ambiguous, entity__slug="sukhoi")
    services.mention_review(mention=chosen, review=Review.CONFIRMED, editor=editor)
    api = APIClient()
    rows = api.get("/api/v1/mentions/").json()["results"]
    assert sorted((r["entity"]["slug"], r["ambiguous"]) for r in rows) == [
        ("su-30mki", False), ("sukhoi", False), ("sukhoi", True)]
    for row in rows:
        assert api.get(row["api_url"]).json() == row


def test_it_rejects_the_other_candidates_when_an_editor_confirms_one(shared, editor):
    """Confirming the company rejects the aircraft at the same span, in history, by the editor."""
    article = ingest(UNDECIDED)
    company = Mention.objects.get(article=article, entity__slug="sukhoi")
    services.mention_review(mention=company, review=Review.CONFIRMED, editor=editor)
    assert spans(article) == [("Sukhoi", "su-30mki", True, Review.REJECTED),
                              ("Sukhoi", "sukhoi", True, Review.CONFIRMED)]
    other = Mention.objects.get(article=article, entity__slug="su-30mki")
    assert other.reviewed_by == editor
    latest = other.history.first()
    assert (latest.review, latest.history_user, latest.history_change_reason) == (
        Review.REJECTED, editor, SIBLING_REJECTED)
    assert list(Mention.objects.visible().filter(article=article)
                .values_list("entity__slug", flat=True)) == ["sukhoi"]


def test_it_refuses_to_confirm_a_second_entity_for_the_same_name(shared, editor):
    """One name here means one entry: with the company confirmed, the aircraft is refused."""
    article = ingest(UNDECIDED)
    company, aircraft = (Mention.objects.get(article=article, entity__slug=slug)
                         for slug in ("sukhoi", "su-30mki"))
    services.mention_review(mention=company, review=Review.CONFIRMED, editor=editor)
    services.mention_review(mention=company, review=Review.MACHINE, editor=editor)
    services.mention_review(mention=company, review=Review.CONFIRMED, editor=editor)
    aircraft.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.mention_review(mention=aircraft, review=Review.CONFIRMED, editor=editor)
    assert refused.value.message_dict == {"review": [SIBLING_CONFIRMED.format(name="Sukhoi")]}
    aircraft.refresh_from_db()
    assert aircraft.review == Review.REJECTED


def test_it_confirms_through_the_api_with_the_same_rule(shared, editor):
    """PATCH confirmed on one candidate rejects the other; a second confirmation is a 400."""
    article = ingest(UNDECIDED)
    company, aircraft = (Mention.objects.get(article=article, entity__slug=slug)
                         for slug in ("sukhoi", "su-30mki"))
    api = APIClient()
    api.force_authenticate(editor)
    response = api.patch(f"/api/v1/mentions/{aircraft.pk}/", {"review": "confirmed"},
                         format="json")
    assert response.status_code == 200
    assert response.json()["ambiguous"] is True
    company.refresh_from_db()
    assert company.review == Review.REJECTED
    response = api.patch(f"/api/v1/mentions/{company.pk}/", {"review": "confirmed"},
                         format="json")
    assert response.status_code == 400
    assert response.json() == {"review": [SIBLING_CONFIRMED.format(name="Su-30 MKI")]}
    company.refresh_from_db()
    assert company.review == Review.REJECTED


def test_it_lists_ambiguous_mentions_in_the_review_queue_with_their_candidates(shared,
                                                                                editor_client):
    """The queue filters on `ambiguous` and names the other entries a mention may be."""
    ingest(DECIDED)
    article = ingest(UNDECIDED)
    queue = reverse("admin:procurement_mention_changelist")
    response = editor_client.get(queue + "?ambiguous__exact=1")
    assert response.status_code == 200
    rows = response.context["cl"].result_list
    assert sorted(m.entity.slug for m in rows) == ["su-30mki", "sukhoi"]
    assert {m.entity.slug: [name for _, name, _ in m.other_candidates] for m in rows} == {
        "sukhoi": ["Su-30 MKI"], "su-30mki": ["Sukhoi"]}
    aircraft = Mention.objects.get(article=article, entity__slug="su-30mki")
    page = response.content.decode()
    assert f'{reverse("admin:procurement_mention_change", args=[aircraft.pk])}">Su-30 MKI</a> ' \
        "(machine-found)" in page
    assert editor_client.get(queue + "?ambiguous__exact=0").context["cl"].result_count == 2
    change = editor_client.get(reverse("admin:procurement_mention_change", args=[aircraft.pk]))
    assert change.status_code == 200
    company = Mention.objects.get(article=article, entity__slug="sukhoi")
    assert reverse("admin:procurement_mention_change", args=[company.pk]) in \
        change.content.decode()  # the other candidate, linked


def test_it_confirms_from_the_queue_and_rejects_the_sibling(shared, editor_client, editor):
    """The queue's confirm action goes through the same rule."""
    article = ingest(UNDECIDED)
    aircraft = Mention.objects.get(article=article, entity__slug="su-30mki")
    response = editor_client.post(reverse("admin:procurement_mention_changelist"),
                                  {"action": "confirm", "_selected_action": [aircraft.pk]})
    assert response.status_code == 302
    assert spans(article) == [("Sukhoi", "su-30mki", True, Review.CONFIRMED),
                              ("Sukhoi", "sukhoi", True, Review.REJECTED)]


def test_it_confirms_from_the_change_form_through_the_service(shared, editor_client, editor):
    """Setting the review on a mention's own page stamps the editor and rejects the sibling."""
    article = ingest(UNDECIDED)
    company = Mention.objects.get(article=article, entity__slug="sukhoi")
    response = editor_client.post(
        reverse("admin:procurement_mention_change", args=[company.pk]),
        {"entity": company.entity_id, "review": Review.CONFIRMED})
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.review, company.reviewed_by) == (Review.CONFIRMED, editor)
    assert Mention.objects.get(article=article, entity__slug="su-30mki").review == Review.REJECTED


def test_it_keeps_editors_decisions_when_matching_again(shared, editor):
    """Re-extraction neither re-adds nor flips a confirmed or rejected candidate."""
    article = ingest(UNDECIDED)
    company = Mention.objects.get(article=article, entity__slug="sukhoi")
    services.mention_review(mention=company, review=Review.CONFIRMED, editor=editor)
    before = spans(article)
    for entity_id in (None, shared[1].pk):
        result = article_reextract(article=article, automaton=current_automaton(),
                                   entity_id=entity_id)
        assert (result.added, result.removed) == (0, 0)
        assert spans(article) == before


def test_it_marks_an_existing_mention_ambiguous_when_a_second_entity_takes_the_name(sukhoi, russia):
    """A machine mention of the company becomes one of two candidates once the aircraft also
    has the name; a sentence that decides gets one mention."""
    undecided, decided = ingest(UNDECIDED), ingest(DECIDED)
    platform = Platform.objects.create(slug="su-30mki", name="Su-30 MKI", origin=russia,
                                       category=Platform.Category.FIGHTER)
    services.alias_create(entity=platform, text="Sukhoi")
    automaton = current_automaton()
    assert article_reextract(article=undecided, automaton=automaton).added == 1
    assert spans(undecided) == [("Sukhoi", "su-30mki", True, Review.MACHINE),
                                ("Sukhoi", "sukhoi", True, Review.MACHINE)]
    result = article_reextract(article=decided, automaton=automaton)
    assert (result.added, result.removed) == (1, 1)  # the jets' "Sukhoi" moves to the aircraft
    assert spans(decided) == [("Sukhoi", "sukhoi", False, Review.MACHINE),
                              ("Sukhoi", "su-30mki", False, Review.MACHINE)]


def test_it_adds_no_candidate_where_an_editor_confirmed_the_span(sukhoi, russia, editor):
    """An editor confirmed the company for this span: a new owner of the name is not added."""
    article = ingest(UNDECIDED)
    company = Mention.objects.get(article=article)
    services.mention_review(mention=company, review=Review.CONFIRMED, editor=editor)
    platform = Platform.objects.create(slug="su-30mki", name="Su-30 MKI", origin=russia,
                                       category=Platform.Category.FIGHTER)
    services.alias_create(entity=platform, text="Sukhoi")
    for entity_id in (platform.pk, None):
        result = article_reextract(article=article, automaton=current_automaton(),
                                   entity_id=entity_id)
        assert result.added == 0
    assert spans(article) == [("Sukhoi", "sukhoi", False, Review.CONFIRMED)]


def test_it_suggests_no_claim_for_an_undecided_name(shared, india, russia, su30):
    """A claim cue beside an undecided "Sukhoi" files nothing; beside "Sukhoi jets" it does."""
    Programme.objects.create(slug="india-su-30mki-upgrade", buyer=india, supplier=russia,
                             platform=su30, kind=Programme.Kind.UPGRADE)
    ingest("Officials said a Sukhoi upgrade was cleared on Tuesday.")
    assert StatusClaim.objects.count() == 0
    ingest("The upgrade of the Sukhoi jets was cleared on Tuesday.")
    assert StatusClaim.objects.values_list("programme__slug", flat=True).get() == \
        "india-su-30mki-upgrade"


def test_it_counts_no_ambiguous_mention_as_evidence_of_a_meeting(db):
    """A meeting named only by an undecided name is not linked to the article."""
    meeting = Meeting.objects.create(slug="annual-summit-2025", name="Annual summit 2025")
    article = Article.objects.create(title="Summit", body="The summit went well.",
                                     hash="1" * 64, language="en")
    named = dict(entity_id=meeting.pk, slug=meeting.slug, kind="meeting", alias_id=None,
                 start=4, end=10, text="summit")
    assert meeting_report_suggest(article=article, mentions=[Found(**named, ambiguous=True)]) == 0
    assert meeting_report_suggest(article=article, mentions=[Found(**named)]) == 1


def test_it_confirms_from_the_articles_mention_list_through_the_service(shared, editor_client,
                                                                          editor):
    """The mention list on an article's admin page takes the same path as the queue: the
    editor is stamped and the other candidate for the name is rejected."""
    from tests.test_admin_aliases import change_form_data

    article = ingest(UNDECIDED)
    url = reverse("admin:procurement_article_change", args=[article.pk])
    page = editor_client.get(url)
    data = change_form_data(page)
    formset = next(i.formset for i in page.context["inline_admin_formsets"]
                   if i.formset.model is Mention)
    row = next(f for f in formset.forms if f.instance.entity.slug == "sukhoi")
    data[row.add_prefix("review")] = Review.CONFIRMED

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    company = Mention.objects.get(article=article, entity__slug="sukhoi")
    assert (company.review, company.reviewed_by) == (Review.CONFIRMED, editor)
    assert Mention.objects.get(article=article, entity__slug="su-30mki").review == Review.REJECTED


def test_it_lists_undecided_names_in_the_api_when_asked(shared, client):
    """`?ambiguous=true` is the API's queue of undecided names; a bad value is refused."""
    article = ingest(UNDECIDED)
    ingest("The Sukhoi design bureau opened a new office.")

    response = client.get("/api/v1/mentions/", {"ambiguous": "true", "review": "machine"})

    assert response.status_code == 200
    rows = response.json()["results"]
    assert sorted((r["article"], r["entity"]["slug"], r["ambiguous"])
                  for r in rows) == [(article.pk, "su-30mki", True),
                                     (article.pk, "sukhoi", True)]
    decided = client.get("/api/v1/mentions/", {"ambiguous": "false"}).json()["results"]
    assert [(r["entity"]["slug"], r["ambiguous"]) for r in decided] == [("sukhoi", False)]
    assert client.get("/api/v1/mentions/", {"ambiguous": "maybe"}).status_code == 400
