"""Places: cities, regions and bases are entities like any other, named in every script, and
meetings link to the place they were held in."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from rest_framework.test import APIClient

from procurement import services
from procurement.models import Alias, Country, Entity, Meeting, Mention, Place
from procurement.roles import ANALYSTS, EDITORS
from procurement.services.ingest import article_ingest

from .api.conftest import token_client
from .views.conftest import page

BODY_HI = ("रक्षा मंत्रियों की बैठक चिंगदाओ में हुई। अगले दिन क़िंगदाओ से लौटते समय "
           "प्रतिनिधिमंडल ने मॉस्को की यात्रा की तैयारी पर बात की।")


@pytest.fixture
def china(db):
    return Country.objects.create(slug="china", name="China", iso="CN")


@pytest.fixture
def qingdao(china):
    place = Place.objects.create(slug="qingdao", name="Qingdao", nation=china)
    for text, language in [("Qingdao", "en"), ("चिंगदाओ", "hi"), ("क़िंगदाओ", "hi"),
                           ("किंगदाओ", "hi"), ("青岛", "zh")]:
        services.alias_create(entity=place, text=text, language=language)
    return place


@pytest.fixture
def moscow(russia):
    place = Place.objects.create(slug="moscow", name="Moscow", nation=russia)
    for text in ("Moscow", "मास्को", "मॉस्को", "Москва"):
        services.alias_create(entity=place, text=text)
    return place


@pytest.fixture
def meeting(qingdao):
    return Meeting.objects.create(slug="sco-defence-ministers-meeting-2025",
                                  name="SCO Defence Ministers' Meeting 2025",
                                  starts_on=datetime.date(2025, 6, 25), place="Qingdao, Shandong",
                                  location=qingdao)


def _ingest_hindi():
    return article_ingest(body=BODY_HI, title="बैठक की रिपोर्ट", language="hi").article


# Matching -----------------------------------------------------------------------------------

def test_it_finds_qingdao_in_a_hindi_article_in_each_spelling(qingdao, moscow):
    """चिंगदाओ and क़िंगदाओ (with nukta) are both mentions of Qingdao, at their exact offsets."""
    article = _ingest_hindi()
    found = {(m.entity.slug, article.body[m.start:m.end])
             for m in Mention.objects.filter(article=article).select_related("entity")}
    assert found == {("qingdao", "चिंगदाओ"), ("qingdao", "क़िंगदाओ"), ("moscow", "मॉस्को")}
    for m in Mention.objects.filter(article=article):
        assert m.text == article.body[m.start:m.end]


def test_it_finds_no_place_whose_alias_is_not_matchable(qingdao):
    """An alias an editor marked unmatchable stays searchable but is not looked for in text."""
    Alias.objects.filter(entity=qingdao).update(matchable=False)
    article = _ingest_hindi()
    assert not Mention.objects.filter(article=article).exists()
    assert Alias.objects.filter(entity=qingdao).count() == 5


def test_it_highlights_the_place_on_the_article_page_with_a_link_to_it(client, qingdao):
    """The article page marks चिंगदाओ and links it to /places/qingdao/."""
    article = _ingest_hindi()
    html = page(client.get(f"/articles/{article.pk}/"))
    assert '<a href="/places/qingdao/" title="Qingdao"><mark>चिंगदाओ</mark></a>' in html
    assert '<a href="/places/qingdao/" title="Qingdao"><mark>क़िंगदाओ</mark></a>' in html


# Search -------------------------------------------------------------------------------------

@pytest.mark.parametrize("q", ["चिंगदाओ", "किंगदाओ", "क़िंगदाओ", "Qingdao", "qingdao", "青岛"])
def test_it_finds_qingdao_by_any_of_its_names(client, qingdao, q):
    """/search/ finds the place by its Latin, Devanagari (nukta or not) and Chinese names."""
    html = page(client.get("/search/", {"q": q}))
    assert '<a href="/places/qingdao/">Qingdao</a>' in html


def test_it_finds_articles_that_spell_the_place_otherwise(client, qingdao):
    """Searching Qingdao in Latin letters finds the Hindi article that spells it चिंगदाओ."""
    article = _ingest_hindi()
    html = page(client.get("/search/", {"q": "Qingdao"}))
    assert f"/articles/{article.pk}/" in html


# Pages --------------------------------------------------------------------------------------

def test_it_shows_a_place_with_its_names_its_country_and_its_meetings(client, meeting, qingdao):
    """/places/qingdao/ shows its names in every script, China, and the meeting held there."""
    html = page(client.get("/places/qingdao/"))
    assert "चिंगदाओ" in html and "青岛" in html
    assert '<a href="/countries/china/">China</a>' in html
    assert f'<a href="/meetings/{meeting.slug}/">{meeting.name}</a>'.replace("'", "&#x27;") in html


def test_it_shows_the_articles_that_mention_a_place(client, qingdao):
    """The place page lists the articles naming it, with the mention marked."""
    article = _ingest_hindi()
    html = page(client.get("/places/qingdao/"))
    assert article.title in html and "<mark>चिंगदाओ</mark>" in html


def test_it_lists_places_with_their_names_and_filters_them(client, qingdao, moscow):
    """/places/ lists every place; ?q= in Devanagari and ?country= narrow it."""
    html = page(client.get("/places/"))
    assert "/places/qingdao/" in html and "/places/moscow/" in html
    html = page(client.get("/places/", {"q": "चिंगदाओ"}))
    assert "/places/qingdao/" in html and "/places/moscow/" not in html
    html = page(client.get("/places/", {"country": "russia"}))
    assert "/places/moscow/" in html and "/places/qingdao/" not in html


def test_it_links_a_meeting_to_its_place_and_keeps_the_reported_name(client, meeting):
    """The meeting page links the place and still shows the name as the source wrote it."""
    html = page(client.get(f"/meetings/{meeting.slug}/"))
    assert '<a href="/places/qingdao/">Qingdao</a>' in html
    assert "Qingdao, Shandong" in html


def test_it_answers_404_for_a_place_under_another_kind_or_an_unknown_one(client, qingdao):
    """A place is only at /places/; an unknown slug is not found."""
    assert client.get("/countries/qingdao/").status_code == 404
    assert client.get("/places/atlantis/").status_code == 404


@pytest.mark.parametrize("n", [1, 30])
def test_it_lists_places_in_a_fixed_number_of_queries(client, china, django_assert_max_num_queries,
                                                      n):
    """The list costs the same with 1 place as with 30."""
    for i in range(n):
        place = Place.objects.create(slug=f"place-{i}", name=f"Place {i}", nation=china)
        services.alias_create(entity=place, text=f"Place {i}")
    with django_assert_max_num_queries(8):
        assert page(client.get("/places/")).count('href="/places/place-') == min(n, 25)
    with django_assert_max_num_queries(8):
        assert APIClient().get("/api/v1/places/").status_code == 200


# Records ------------------------------------------------------------------------------------

def test_it_reaches_the_place_row_from_its_entity_row(qingdao):
    """Entity.specific gives the Place (its accessor is `as_place`, not the kind's name)."""
    entity = Entity.objects.get(slug="qingdao")
    assert entity.kind == Entity.Kind.PLACE
    assert isinstance(entity.specific, Place) and entity.specific.nation.slug == "china"


def test_it_keeps_the_meeting_and_its_reported_place_when_the_place_is_deleted(meeting, qingdao):
    """SET_NULL: the meeting stays, unlinked, with the place's name as reported."""
    qingdao.delete()
    meeting.refresh_from_db()
    assert meeting.location is None and meeting.place == "Qingdao, Shandong"


def test_it_links_the_reference_meetings_to_their_places(db, settings):
    """The reference data names each place in every script and links its meetings to it."""
    call_command("loaddata", "reference", verbosity=0)
    texts = set(Alias.objects.filter(entity__slug="qingdao").values_list("text", flat=True))
    assert {"Qingdao", "चिंगदाओ", "क़िंगदाओ", "किंगदाओ", "青岛"} <= texts
    assert {"मास्को", "मॉस्को", "Москва"} <= set(
        Alias.objects.filter(entity__slug="moscow").values_list("text", flat=True))
    meeting = Meeting.objects.get(slug="sco-defence-ministers-meeting-2025")
    assert meeting.location.slug == "qingdao" and meeting.place == "Qingdao"
    assert not Meeting.objects.filter(location__isnull=True).exclude(place="").exists()
    assert set(Place.objects.values_list("slug", flat=True)) >= {
        "qingdao", "moscow", "beijing", "new-delhi"}


def test_it_gives_editors_and_analysts_their_rights_on_places(db):
    """The roles cover the new kind without a hand-written grant: edit for editors, read for
    analysts."""
    editors = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    analysts = set(Group.objects.get(name=ANALYSTS).permissions.values_list("codename", flat=True))
    assert {"add_place", "change_place", "view_place"} <= editors
    assert "view_place" in analysts and "change_place" not in analysts


# API ----------------------------------------------------------------------------------------

def test_it_lists_places_in_the_api_with_their_meetings(meeting, moscow):
    """/api/v1/places/ gives each place's names, country and meetings; ?q= takes any script."""
    client = APIClient()
    response = client.get("/api/v1/places/")
    assert response.status_code == 200
    rows = {row["slug"]: row for row in response.json()["results"]}
    assert set(rows) == {"qingdao", "moscow"}
    assert rows["qingdao"]["kind"] == "place" and rows["qingdao"]["category"] == "city"
    assert rows["qingdao"]["country"] == {"slug": "china", "kind": "country", "name": "China"}
    assert rows["qingdao"]["meetings"] == [{"slug": meeting.slug, "kind": "meeting",
                                            "name": meeting.name}]
    assert rows["qingdao"]["api_url"].endswith("/api/v1/places/qingdao/")
    found = client.get("/api/v1/places/", {"q": "चिंगदाओ"}).json()["results"]
    assert [row["slug"] for row in found] == ["qingdao"]
    assert [r["slug"] for r in client.get("/api/v1/entities/?kind=place").json()["results"]] \
        == ["moscow", "qingdao"]


def test_it_gives_a_meetings_location_as_an_entity_reference(meeting):
    """A meeting's `location` is {slug, kind, name}; `place` stays the reported text."""
    response = APIClient().get(f"/api/v1/meetings/{meeting.slug}/")
    assert response.status_code == 200
    body = response.json()
    assert body["location"] == {"slug": "qingdao", "kind": "place", "name": "Qingdao"}
    assert body["place"] == "Qingdao, Shandong"
    assert APIClient().get("/api/v1/meetings/", {"location": "qingdao"}).json()["count"] == 1


def test_it_lets_an_editor_link_a_meeting_to_a_place_by_slug(editor, meeting, moscow):
    """PATCH location=moscow links the meeting; the answer has the new reference."""
    response = token_client(editor).patch(f"/api/v1/meetings/{meeting.slug}/",
                                          {"location": "moscow"}, format="json")
    assert response.status_code == 200
    assert response.json()["location"]["slug"] == "moscow"
    meeting.refresh_from_db()
    assert meeting.location_id == moscow.pk and meeting.place == "Qingdao, Shandong"


def test_it_creates_a_place_through_the_api_for_an_editor(editor, china):
    """An editor creates a place with its country; it is then an entity of kind place."""
    response = token_client(editor).post("/api/v1/places/", {
        "slug": "beijing", "name": "Beijing", "category": "city", "country": "china"},
        format="json")
    assert response.status_code == 201
    place = Place.objects.get(slug="beijing")
    assert place.kind == "place" and place.nation == china
    assert response.json()["api_url"].endswith("/api/v1/places/beijing/")


def test_it_refuses_a_location_that_is_not_a_place(editor, meeting, china):
    """A country's slug (or an unknown one) is not a place: 400, and the link is unchanged."""
    client = token_client(editor)
    for slug in ("china", "atlantis"):
        response = client.patch(f"/api/v1/meetings/{meeting.slug}/", {"location": slug},
                                format="json")
        assert response.status_code == 400
        assert list(response.json()) == ["location"]
    meeting.refresh_from_db()
    assert meeting.location.slug == "qingdao"


def test_it_refuses_place_writes_to_analysts_and_an_unknown_category(analyst, editor, china):
    """Analysts read places but cannot create them; a category outside the list is refused."""
    response = token_client(analyst).post("/api/v1/places/", {"slug": "x", "name": "X"},
                                          format="json")
    assert response.status_code == 403
    response = token_client(editor).post("/api/v1/places/", {
        "slug": "x", "name": "X", "category": "planet"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["category"]
    assert not Place.objects.exists()


@pytest.mark.parametrize("address", ["/api/v1/meetings/?location=%25",
                                     "/api/v1/places/?country=%25s"])
def test_it_refuses_an_unknown_place_or_country_slug_holding_a_percent_sign(meeting, address):
    """A slug with % in it names nothing: 400 with the slug in the reason (it was a 500)."""
    response = APIClient().get(address)
    assert response.status_code == 400
    (reasons,) = response.json().values()
    assert reasons[0].startswith("No ") and "“%" in reasons[0]
