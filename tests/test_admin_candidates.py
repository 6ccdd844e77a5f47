"""The admin queue of new names: most-seen first, examples marked, one step to decide."""

import pytest
from django.urls import reverse

from procurement import services
from procurement.models import Article, Candidate, Mention, Person, Platform, Sighting
from procurement.services.ingest import article_ingest

CHANGELIST = reverse("admin:procurement_candidate_changelist")


def change_url(candidate):
    return reverse("admin:procurement_candidate_change", args=[candidate.pk])


@pytest.fixture
def queue(s400):
    """S-500 in two articles, Su-57 in one, Tu-160M dismissed."""
    article_ingest(body="Russia offered the S-500 and the Su-57 to India.")
    article_ingest(body="The S-500 was shown again, beside the Tu-160M.")
    tu = Candidate.objects.get(folded="tu160m")
    tu.status = Candidate.Status.DISMISSED
    tu.save()
    return Candidate.objects.get(folded="s500")


def test_it_lists_open_names_most_seen_first_with_the_name_marked(editor_client, queue):
    """Open names only, by article count; each example marks the name in its sentence."""
    response = editor_client.get(CHANGELIST)
    assert response.status_code == 200
    shown = [c.name for c in response.context["cl"].result_list]
    assert shown == ["S-500", "Su-57"]
    marked = "Russia offered the <mark>S-500</mark> and the Su-57 to India."
    assert marked in response.content.decode()
    dismissed = editor_client.get(CHANGELIST + "?queue=dismissed")
    assert [c.name for c in dismissed.context["cl"].result_list] == ["Tu-160M"]


def test_it_moves_a_name_given_an_alias_by_hand_to_named_since(editor_client, queue, s400):
    """An alias typed elsewhere takes the name out of the open queue."""
    services.alias_create(entity=s400, text="S 500")
    assert [c.name for c in editor_client.get(CHANGELIST).context["cl"].result_list] == ["Su-57"]
    named = editor_client.get(CHANGELIST + "?queue=named")
    assert [c.name for c in named.context["cl"].result_list] == ["S-500"]


def test_it_makes_selected_names_entities_of_the_kind_guessed(editor_client, editor, queue):
    """One action: a platform per name, with mentions in the articles it was seen in."""
    response = editor_client.post(CHANGELIST, {"action": "promote_as_guessed",
                                               "_selected_action": [queue.pk]})
    assert response.status_code == 302
    queue.refresh_from_db()
    assert queue.status == Candidate.Status.PROMOTED and queue.decided_by == editor
    platform = Platform.objects.get(name="S-500")
    assert Mention.objects.filter(entity=platform).count() == 2


def test_it_dismisses_selected_names(editor_client, queue):
    """The dismiss action puts the name aside and the queue no longer shows it."""
    response = editor_client.post(CHANGELIST, {"action": "dismiss",
                                               "_selected_action": [queue.pk]})
    assert response.status_code == 302
    queue.refresh_from_db()
    assert queue.status == Candidate.Status.DISMISSED
    assert [c.name for c in editor_client.get(CHANGELIST).context["cl"].result_list] == ["Su-57"]


def test_it_adds_a_name_to_an_existing_entity_from_its_page(editor_client, queue, s400):
    """The change page's "Add as alias of existing entity" makes it the entity's alias."""
    response = editor_client.post(change_url(queue), {"promoted_to": s400.pk, "new_kind": "",
                                                      "new_name": "", "new_slug": ""})
    assert response.status_code == 302
    queue.refresh_from_db()
    assert queue.status == Candidate.Status.PROMOTED and queue.promoted_to_id == s400.pk
    assert s400.aliases.filter(text="S-500").exists()
    assert Mention.objects.filter(entity=s400, text="S-500").count() == 2


def test_it_makes_a_new_entity_of_the_kind_chosen_on_its_page(editor_client, queue):
    """Kind, name and slug typed on the page make the entity."""
    response = editor_client.post(change_url(queue), {"new_kind": "person", "new_name": "Odd",
                                                      "new_slug": "odd-one"})
    assert response.status_code == 302
    assert Person.objects.get(slug="odd-one").aliases.get().text == "S-500"


def test_it_refuses_both_choices_at_once_and_a_taken_slug(editor_client, queue, s400):
    """Both an entity and a kind, or a slug in use: the page says why and nothing changes."""
    both = editor_client.post(change_url(queue), {"promoted_to": s400.pk, "new_kind": "platform",
                                                  "new_name": "S-500", "new_slug": ""})
    assert both.status_code == 200
    assert "not both" in str(both.context["adminform"].form.non_field_errors())
    taken = editor_client.post(change_url(queue), {"new_kind": "platform", "new_name": "S-500",
                                                   "new_slug": "s-400"})
    assert taken.status_code == 200 and "new_slug" in taken.context["adminform"].form.errors
    queue.refresh_from_db()
    assert queue.status == Candidate.Status.OPEN and Platform.objects.count() == 1


def test_it_shows_a_promoted_name_read_only(editor_client, queue, s400, editor):
    """Nothing is left to decide on a promoted name's page."""
    services.candidate_promote(candidate=queue, editor=editor, entity=s400)
    response = editor_client.get(change_url(queue))
    assert response.status_code == 200
    assert "new_kind" not in response.context["adminform"].form.fields


def test_it_refuses_the_actions_to_analysts(analyst_client, queue):
    """Analysts read the queue but are offered no action, and a forged one changes nothing."""
    response = analyst_client.post(CHANGELIST, {"action": "dismiss",
                                                "_selected_action": [queue.pk]})
    assert response.status_code == 200 and response.context["action_form"] is None
    queue.refresh_from_db()
    assert queue.status == Candidate.Status.OPEN


@pytest.mark.parametrize("names", [1, 60])
def test_it_lists_the_queue_in_a_fixed_number_of_queries(editor_client, s400, names,
                                                         django_assert_max_num_queries):
    """Examples are prefetched: the page costs the same with 1 name or 60."""
    article = Article.objects.create(title="t", body="x" * 100, hash="3" * 64)
    for n in range(names):
        candidate = Candidate.objects.create(folded=f"kr{n}", name=f"KR-{n}", kind="platform",
                                             articles=1)
        Sighting.objects.create(candidate=candidate, article=article, start=0, end=4,
                                text=f"KR-{n}", sentence=f"KR-{n} seen", at=0)
    with django_assert_max_num_queries(12):
        assert editor_client.get(CHANGELIST).status_code == 200
