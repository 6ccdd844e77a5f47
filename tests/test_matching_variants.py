"""Spelling variants of persons' and places' names are found in articles, recorded against the
alias they spell, and shown to editors and API clients as variants."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from procurement import services
from procurement.matching import build_automaton
from procurement.models import Alias, Mention, Organisation, Person, Place, Platform
from procurement.services.ingest import article_ingest

# Two sentences of our own, each naming Belousov in a spelling no editor listed.
BODY = ("रक्षा मंत्री बेलोसोव ने शुक्रवार को बातचीत की।\n\n"
        "बाद में बेलौसेव के दफ्तर ने बयान जारी किया।")


def found(body: str) -> list[tuple[str, str]]:
    """(entity slug, text as written) of every mention stored for `body`."""
    article = article_ingest(body=body, language="hi").article
    return [(m.entity.slug, m.text) for m in article.mentions.select_related("entity")]


def test_it_finds_spellings_of_a_persons_alias_and_records_that_alias(belousov):
    """बेलोसोव and बेलौसेव are found for the alias बेलौसोव; each mention keeps the text as
    written."""
    article = article_ingest(body=BODY, language="hi").article
    alias = Alias.objects.get(text="बेलौसोव")
    mentions = list(article.mentions.order_by("start"))
    assert [(m.entity_id, m.alias_id, m.text) for m in mentions] == [
        (belousov.pk, alias.pk, "बेलोसोव"), (belousov.pk, alias.pk, "बेलौसेव")]
    assert all(article.body[m.start:m.end] == m.text for m in mentions)


def test_it_spells_the_names_of_places_too(db):
    """A place's name is transliterated by ear as well: चिंगदाओ, चिङ्गदाओ."""
    qingdao = Place.objects.create(slug="qingdao", name="Qingdao")
    services.alias_create(entity=qingdao, text="चिंगदाओ")
    assert found("बैठक चिङ्गदाओ में हुई।") == [("qingdao", "चिङ्गदाओ")]


def test_it_does_not_spell_the_names_of_organisations(db):
    """Only persons and places vary: an organisation is found as listed."""
    rostec = Organisation.objects.create(slug="rostec", name="Rostec")
    services.alias_create(entity=rostec, text="रोस्टेक")
    assert found("रोस्टैक और रोस्टेक।") == [("rostec", "रोस्टेक")]


def test_it_never_merges_a_person_with_one_whose_name_is_a_spelling_of_theirs(belousov):
    """With a second person listed as बेलोसोव, each is found only as listed, not as the other."""
    other = Person.objects.create(slug="ivan-belosov", name="Ivan Belosov")
    services.alias_create(entity=other, text="बेलोसोव")
    assert found(BODY) == [("ivan-belosov", "बेलोसोव")]
    automaton = build_automaton()
    assert "बेलौसेव" not in automaton.targets
    assert [t.entity_id for t in automaton.targets["बेलोसोव"]] == [other.pk]


def test_it_never_lets_a_variant_stand_for_a_real_alias(belousov):
    """A generated spelling never replaces the targets of a form some alias has."""
    services.alias_create(entity=belousov, text="बेलोसोव")
    listed = Alias.objects.get(text="बेलोसोव")
    automaton = build_automaton()
    assert [t.alias_id for t in automaton.targets["बेलोसोव"]] == [listed.pk]
    assert [t.alias_id for t in automaton.targets["बेलौसेव"]] == [
        Alias.objects.get(text="बेलौसोव").pk]


def test_it_finds_the_english_plural_of_a_designation_ending_in_letters(s400, russia):
    """"Su-30MKIs" names the Su-30 MKI, as "S-400s" names the S-400, and is spanned the same
    way: the name without its plural "s"."""
    su30 = Platform.objects.create(slug="su-30mki", name="Su-30 MKI", origin=russia,
                                   category=Platform.Category.FIGHTER)
    services.alias_create(entity=su30, text="Su-30 MKI")
    assert found("Two Su-30MKIs and more S-400s.") == [("su-30mki", "Su-30MKI"),
                                                       ("s-400", "S-400")]


@pytest.fixture
def variant_mention(belousov):
    article_ingest(body=BODY, language="hi")
    return Mention.objects.get(text="बेलोसोव")


def test_it_tells_editors_which_alias_a_variant_spells(editor_client, variant_mention):
    """The mention page and the queue say "बेलोसोव — a spelling variant of the alias बेलौसोव"."""
    said = "बेलोसोव — a spelling variant of the alias बेलौसोव"
    page = editor_client.get(reverse("admin:procurement_mention_change",
                                     args=[variant_mention.pk]))
    assert page.status_code == 200
    assert said in page.content.decode()
    queue = editor_client.get(reverse("admin:procurement_mention_changelist"))
    assert queue.status_code == 200
    assert said in queue.content.decode()


def test_it_tells_editors_when_the_alias_matched_as_listed(editor_client, s400, outlet):
    """A mention written as its alias (in any dashes) says only which alias."""
    article_ingest(body="The S 400 arrived.")
    mention = Mention.objects.get()
    page = editor_client.get(reverse("admin:procurement_mention_change", args=[mention.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "the alias S-400" in content and "spelling variant" not in content


def test_it_serves_variant_of_in_the_mentions_api(variant_mention):
    """`variant_of` is the alias text for a generated spelling and null for the alias itself,
    the same in the list and on the mention's own address."""
    api = APIClient()
    response = api.get("/api/v1/mentions/")
    assert response.status_code == 200
    rows = {row["text"]: row for row in response.json()["results"]}
    assert rows["बेलोसोव"]["variant_of"] == "बेलौसोव"
    assert rows["बेलौसेव"]["variant_of"] == "बेलौसोव"
    detail = api.get(rows["बेलोसोव"]["api_url"])
    assert detail.status_code == 200
    assert detail.json() == rows["बेलोसोव"]


def test_it_serves_a_null_variant_of_for_an_alias_as_listed(belousov):
    """A mention written exactly as its alias has `variant_of: null`."""
    article_ingest(body="रक्षा मंत्री बेलौसोव आए।", language="hi")
    (row,) = APIClient().get("/api/v1/mentions/").json()["results"]
    assert (row["text"], row["variant_of"]) == ("बेलौसोव", None)
