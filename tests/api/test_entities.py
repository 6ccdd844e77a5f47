"""Entities: found by any alias in any script, each with its names; a platform leads to evidence."""

import datetime

import pytest

from procurement import services
from procurement.models import Alias, Entity, Platform, Review

from ..conftest import make_claim


@pytest.mark.parametrize("q", ["एस-400", "S400", "s 400", "S–400", "एस-४००", "С-400", "Triumf"])
def test_it_finds_an_entity_by_any_spelling_of_any_alias(api, s400, belousov, q):
    """?q= compares the alias matching form, so dash, space, digit and case variants match."""
    response = api.get("/api/v1/entities/", {"q": q})
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == ["s-400"]


def test_it_finds_a_person_by_a_devanagari_surname(api, s400, belousov):
    """?q=बेलौसोव finds Andrei Belousov, and his record lists the alias."""
    rows = api.get("/api/v1/entities/", {"q": "बेलौसोव"}).json()["results"]
    assert [(r["slug"], r["kind"]) for r in rows] == [("andrei-belousov", "person")]
    assert [a["text"] for a in rows[0]["aliases"]] == ["बेलौसोव"]
    assert rows[0]["api_url"].endswith("/api/v1/people/andrei-belousov/")


def test_it_filters_entities_by_kind_and_finds_nothing_for_strangers(api, s400, belousov):
    """?kind= narrows to one kind; an unknown name finds nothing, not everything."""
    assert [r["slug"] for r in api.get("/api/v1/entities/?kind=person").json()["results"]] \
        == ["andrei-belousov"]
    assert api.get("/api/v1/entities/", {"q": "Su-57"}).json()["results"] == []
    assert api.get("/api/v1/entities/?kind=spaceship").status_code == 400


def test_it_searches_within_a_kind_too(api, s400, belousov):
    """Each kind's list takes the same ?q= as /entities/."""
    assert [r["slug"] for r in api.get("/api/v1/platforms/", {"q": "एस400"}).json()["results"]] \
        == ["s-400"]
    assert api.get("/api/v1/people/", {"q": "एस400"}).json()["results"] == []


def test_it_leads_from_a_platform_to_its_claims_quotes_and_articles(api, world):
    """Platform → programme (status, last confirmed date) → claim (quote) → article → mention."""
    platform = api.get("/api/v1/platforms/s-400/").json()
    assert [a["text"] for a in platform["aliases"]] == ["S-400", "एस-400", "С-400"]
    (programme,) = platform["programmes"]
    assert programme["status"]["value"] == "in_delivery"
    assert programme["status"]["last_confirmed_on"] == "2023-01-01"
    (claim,) = programme["claims"]
    assert claim["quote"] == "S-400" and claim["outlet"] == {"slug": "demo-desk",
                                                               "name": "Demo Desk"}
    assert {"status", "occurred_on", "article", "attribution", "confidence"} <= set(claim)
    article = api.get(claim["article_url"]).json()
    assert article["id"] == claim["article"]
    assert claim["quote"] in article["body"]
    (mention,) = article["mentions"]
    assert article["body"][mention["start"]:mention["end"]] == mention["text"]
    assert api.get(programme["claims_url"]).json()["count"] == 1
    assert api.get(platform["mentions_url"]).json()["results"][0]["id"] == mention["id"]


def test_it_shows_conflicting_claims_side_by_side(api, programme):
    """Two confirmed claims of the same date that disagree are both listed as conflicts."""
    day = datetime.date(2025, 6, 1)
    first = make_claim(programme, occurred_on=day, units_delivered=3)
    second = make_claim(programme, occurred_on=day, units_delivered=4)
    status = api.get("/api/v1/platforms/s-400/").json()["programmes"][0]["status"]
    assert status["claim"] == second.pk and status["conflicts"] == [first.pk]


def test_it_shows_no_status_before_any_claim_is_confirmed(api, programme):
    """Unreviewed claims do not make a status: value is null, the list of evidence empty."""
    make_claim(programme, review=Review.MACHINE)
    row = api.get("/api/v1/programmes/india-s-400-purchase/").json()
    assert row["status"]["value"] is None and row["claims"] == []


def test_it_creates_an_entity_with_links_and_answers_as_a_get_would(editor_api, world):
    """POST answers 201 with the stored record, its address in Location."""
    response = editor_api.post("/api/v1/meetings/", {
        "slug": "irigc-2025", "name": "IRIGC-M&MTC 2025", "forum": "sco", "host": "india",
        "participants": ["andrei-belousov"], "starts_on": "2025-11-20"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == body["api_url"]
    assert body["kind"] == "meeting" and body["forum"]["slug"] == "sco"
    assert body["participants"] == [{"slug": "andrei-belousov", "kind": "person",
                                     "name": "Andrei Belousov"}]
    assert editor_api.get(body["api_url"]).json() == body


def test_it_refuses_invalid_entities_with_reasons(editor_api, world):
    """Model validation (constraints included) answers 400 naming the field; nothing stored."""
    bad = editor_api.post("/api/v1/platforms/", {"slug": "x", "name": "X", "wikidata": "12"},
                          format="json")
    taken = editor_api.post("/api/v1/countries/", {"slug": "s-400", "name": "X", "iso": "XX"},
                            format="json")
    ends_early = editor_api.patch("/api/v1/meetings/sco-defence-ministers-meeting-2025/",
                                  {"ends_on": "2025-01-01"}, format="json")
    unknown = editor_api.post("/api/v1/people/", {"slug": "y", "name": "Y", "country": "mars"},
                              format="json")
    assert bad.status_code == 400 and "wikidata" in bad.json()
    assert taken.status_code == 400 and "slug" in taken.json()
    assert ends_early.status_code == 400 and "non_field_errors" in ends_early.json()
    assert unknown.status_code == 400 and "country" in unknown.json()
    assert not Platform.objects.filter(slug="x").exists()


@pytest.mark.parametrize("address, payload", [
    ("/api/v1/platforms/", {"slug": "x", "name": 123}),
    ("/api/v1/countries/", {"slug": "x", "name": "X", "iso": 12}),
    ("/api/v1/aliases/", {"entity": "s-400", "text": 400}),
    ("/api/v1/meetings/", {"slug": "x", "name": "X", "place": 7, "starts_on": "2025-11-20"}),
])
def test_it_refuses_numbers_where_a_record_wants_text(editor_api, world, address, payload):
    """As for articles: a number is not quietly stored as its digits on any write."""
    entities, aliases = Entity.objects.count(), Alias.objects.count()
    response = editor_api.post(address, payload, format="json")
    assert response.status_code == 400
    assert (Entity.objects.count(), Alias.objects.count()) == (entities, aliases)
    bad = next(field for field, value in payload.items() if isinstance(value, int))
    assert response.json() == {bad: ["Not a valid string."]}


def test_it_keeps_slugs_fixed_once_published(editor_api, s400):
    """A slug is an address: changing it is refused."""
    response = editor_api.patch("/api/v1/platforms/s-400/", {"slug": "s-400-triumf"},
                                format="json")
    assert response.status_code == 400 and "slug" in response.json()
    assert Platform.objects.filter(slug="s-400").exists()


def test_it_saves_aliases_through_the_service(editor_api, s400):
    """The matching form and script are computed; a duplicate or empty form is refused."""
    created = editor_api.post("/api/v1/aliases/", {"entity": "s-400", "text": "एस–४००",
                                                   "language": "hi"}, format="json")
    duplicate = editor_api.post("/api/v1/aliases/", {"entity": "s-400", "text": "S-400"},
                                format="json")
    empty = editor_api.post("/api/v1/aliases/", {"entity": "s-400", "text": "--"},
                            format="json")
    assert created.status_code == 201, created.content
    alias = Alias.objects.get(pk=created.json()["id"])
    assert (alias.folded, alias.script) == ("एस400", "deva")
    assert duplicate.status_code == 400
    assert empty.json() == {"text": [services.ALIAS_FOLDS_TO_NOTHING]}
    assert Alias.objects.filter(entity=s400).count() == 4


def test_it_answers_404_for_unknown_and_malformed_addresses(api, s400):
    """Unknown slugs and ids, and addresses no record can have, are not found."""
    for path in ("/api/v1/platforms/s-500/", "/api/v1/people/s-400/", "/api/v1/claims/999/",
                 "/api/v1/articles/99999999999999999999999/", "/api/v1/articles/abc/",
                 "/api/v1/platforms/%00/"):
        response = api.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"


def test_it_answers_json_404_anywhere_under_the_api(api, db):
    """Unknown API paths, and addresses with a dot, answer JSON like other API errors."""
    for path in ("/api/v2/", "/api/v1/nothing/", "/api/v1/platforms/s-400.json/",
                 "/api/v1/platforms/a.b/"):
        response = api.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
