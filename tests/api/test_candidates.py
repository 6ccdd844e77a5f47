"""/api/v1/candidates/: the queue of new names, read by anyone, decided by editors."""

import pytest

from procurement.models import Candidate, Mention, Platform, Sighting
from procurement.services.candidates import ALREADY_PROMOTED, NEW_NEEDS_KIND_AND_NAME
from procurement.services.ingest import article_ingest


@pytest.fixture
def queue(s400):
    article_ingest(body="Russia offered the S-500 and the Su-57 to India.")
    article_ingest(body="रूस ने एस-500 की पेशकश की है।")
    return Candidate.objects.get(folded="s500")


def promote(client, candidate, body):
    return client.post(f"/api/v1/candidates/{candidate.pk}/promote/", body, format="json")


def test_it_lists_the_queue_most_seen_first_with_examples(api, queue):
    """Open names by article count, each with the sentences it was seen in."""
    response = api.get("/api/v1/candidates/?status=open")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["name"], r["articles"], r["kind"]) for r in rows] == [
        ("S-500", 2, "platform"), ("Su-57", 1, "platform")]
    example = rows[0]["examples"][0]
    assert example["sentence"][example["at"]:].startswith(example["text"])
    assert {e["text"] for e in rows[0]["examples"]} == {"S-500", "एस-500"}
    one = api.get(rows[0]["api_url"])
    assert one.status_code == 200 and one.json()["folded"] == "s500"


def test_it_filters_by_status_and_kind(api, queue, editor):
    """?status= and ?kind= narrow the list; an unknown status answers 400."""
    from procurement.services.candidates import candidate_dismiss

    candidate_dismiss(candidate=queue, editor=editor)
    assert [r["name"] for r in api.get("/api/v1/candidates/?status=open").json()["results"]] \
        == ["Su-57"]
    assert [r["name"] for r in api.get("/api/v1/candidates/?status=dismissed").json()["results"]] \
        == ["S-500"]
    assert api.get("/api/v1/candidates/?kind=person").json()["results"] == []
    assert api.get("/api/v1/candidates/?status=closed").status_code == 400


def test_it_lets_an_editor_make_a_name_a_new_platform(editor_api, queue):
    """POST promote with kind, name and slug: the platform exists and both articles mention it."""
    response = promote(editor_api, queue, {"kind": "platform", "name": "S-500 Prometey",
                                           "slug": "s-500"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "promoted"
    assert response.json()["promoted_to"] == {"slug": "s-500", "kind": "platform",
                                              "name": "S-500 Prometey"}
    platform = Platform.objects.get(slug="s-500")
    assert Mention.objects.filter(entity=platform).count() == 2


def test_it_lets_an_editor_add_a_name_to_an_existing_entity(editor_api, queue, s400):
    """POST promote with an entity's slug: every spelling seen becomes its alias."""
    response = promote(editor_api, queue, {"entity": "s-400"})
    assert response.status_code == 200, response.content
    assert s400.aliases.filter(text__in=["S-500", "एस-500"]).count() == 2


@pytest.mark.parametrize("body,field,message", [
    ({"entity": "s-999"}, "entity", "Object with slug=s-999 does not exist."),
    ({"kind": "platform"}, "non_field_errors", NEW_NEEDS_KIND_AND_NAME),
    ({}, "non_field_errors", NEW_NEEDS_KIND_AND_NAME),
    ({"kind": "starship", "name": "X"}, "kind", '"starship" is not a valid choice.'),
    ({"kind": "platform", "name": "S-500", "slug": "s-400"}, "slug",
     "Entity with this Slug already exists."),
])
def test_it_refuses_incomplete_or_wrong_promotions(editor_api, queue, body, field, message):
    """400 in the API's usual shape; nothing is written."""
    response = promote(editor_api, queue, body)
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    queue.refresh_from_db()
    assert queue.status == Candidate.Status.OPEN and Platform.objects.count() == 1


def test_it_refuses_to_promote_or_dismiss_a_promoted_name(editor_api, queue):
    """A decided name is not decided again: 400 with the reason."""
    assert promote(editor_api, queue, {"entity": "s-400"}).status_code == 200
    again = promote(editor_api, queue, {"kind": "platform", "name": "S-500"})
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": [ALREADY_PROMOTED.format(entity="s-400")]}
    dismissed = editor_api.post(f"/api/v1/candidates/{queue.pk}/dismiss/")
    assert dismissed.status_code == 400


def test_it_lets_an_editor_dismiss_a_name(editor_api, queue):
    """POST dismiss puts the name aside."""
    response = editor_api.post(f"/api/v1/candidates/{queue.pk}/dismiss/")
    assert response.status_code == 200 and response.json()["status"] == "dismissed"
    queue.refresh_from_db()
    assert queue.status == Candidate.Status.DISMISSED


@pytest.mark.parametrize("role,status", [("anonymous", 401), ("analyst", 403)])
def test_it_refuses_decisions_to_readers(as_role, queue, role, status):
    """Anonymous callers 401, analysts 403; the name stays open."""
    client = as_role(role)
    assert promote(client, queue, {"entity": "s-400"}).status_code == status
    assert client.post(f"/api/v1/candidates/{queue.pk}/dismiss/").status_code == status
    queue.refresh_from_db()
    assert queue.status == Candidate.Status.OPEN


def test_it_answers_404_for_an_unknown_name(editor_api, queue):
    """An id that names no candidate, or is no id at all, is not found."""
    assert promote(editor_api, Candidate(pk=999999), {"entity": "s-400"}).status_code == 404
    assert editor_api.get("/api/v1/candidates/abc/").status_code == 404


@pytest.mark.parametrize("names", [1, 100])
def test_it_lists_in_a_fixed_number_of_queries(api, article, names,
                                               django_assert_max_num_queries):
    """Examples are prefetched: a page of 1 or 100 names costs the same queries."""
    for n in range(names):
        candidate = Candidate.objects.create(folded=f"kr{n}", name=f"KR-{n}", kind="platform")
        Sighting.objects.create(candidate=candidate, article=article, start=0, end=4,
                                text=f"KR-{n}", sentence=f"KR-{n} seen", at=0)
    with django_assert_max_num_queries(4):
        response = api.get("/api/v1/candidates/?page_size=100")
    assert response.status_code == 200 and len(response.json()["results"]) == names
