"""Who may do what: anyone reads, editors (and administrators) write, nobody deletes."""

import pytest
from django.test import override_settings

from procurement.models import (Agreement, Alias, Article, Country, Forum, Meeting, Mention,
                                Organisation, Outcome, Person, Platform, Programme, Review,
                                StatusClaim)

from .conftest import ROLES

# resource → (list URL, one record's URL) in the `world` fixture.
READS = {
    "entities": "s-400", "platforms": "s-400", "countries": "india", "people": "andrei-belousov",
    "organisations": "rosoboronexport", "forums": "sco",
    "meetings": "sco-defence-ministers-meeting-2025", "agreements": "s-400-contract",
    "programmes": "india-s-400-purchase", "claims": None, "outcomes": None, "aliases": None,
    "outlets": "demo-desk", "stories": None, "articles": None, "mentions": None,
}
ID_MODELS = {"claims": StatusClaim, "outcomes": Outcome, "aliases": Alias, "articles": Article,
             "mentions": Mention, "stories": None}

INGEST = {"title": "Talks", "body": "India and Russia discussed the S-400 deliveries.",
          "outlet": "Demo Desk", "language": "en", "published_on": "2025-06-26"}

# (name, method, path, payload, editor's status, what the database must then show)
WRITES = [
    ("create platform", "post", "/api/v1/platforms/",
     {"slug": "s-500", "name": "S-500", "category": "air_defence", "origin": "russia"}, 201,
     lambda: Platform.objects.get(slug="s-500").origin.slug == "russia"),
    ("update platform", "patch", "/api/v1/platforms/s-400/", {"nato_name": "SA-21 Growler"}, 200,
     lambda: Platform.objects.get(slug="s-400").nato_name == "SA-21 Growler"),
    ("create country", "post", "/api/v1/countries/", {"slug": "china", "name": "China",
                                                      "iso": "CN"}, 201,
     lambda: Country.objects.filter(iso="CN").exists()),
    ("update country", "patch", "/api/v1/countries/india/", {"description": "Buyer."}, 200,
     lambda: Country.objects.get(slug="india").description == "Buyer."),
    ("create person", "post", "/api/v1/people/",
     {"slug": "rajnath-singh", "name": "Rajnath Singh", "country": "india"}, 201,
     lambda: Person.objects.get(slug="rajnath-singh").nation.slug == "india"),
    ("update person", "patch", "/api/v1/people/andrei-belousov/", {"office": "Minister"}, 200,
     lambda: Person.objects.get(slug="andrei-belousov").office == "Minister"),
    ("create organisation", "post", "/api/v1/organisations/",
     {"slug": "hal", "name": "HAL", "category": "company", "country": "india"}, 201,
     lambda: Organisation.objects.filter(slug="hal").exists()),
    ("update organisation", "patch", "/api/v1/organisations/rosoboronexport/",
     {"category": "agency"}, 200,
     lambda: Organisation.objects.get(slug="rosoboronexport").category == "agency"),
    ("create forum", "post", "/api/v1/forums/",
     {"slug": "brics", "name": "BRICS", "category": "multilateral",
      "members": ["india", "russia"]}, 201,
     lambda: Forum.objects.get(slug="brics").members.count() == 2),
    ("update forum", "patch", "/api/v1/forums/sco/", {"members": ["india"]}, 200,
     lambda: list(Forum.objects.get(slug="sco").members.values_list("slug", flat=True))
     == ["india"]),
    ("create meeting", "post", "/api/v1/meetings/",
     {"slug": "summit-2025", "name": "Annual Summit 2025", "starts_on": "2025-12-04",
      "participants": ["andrei-belousov"], "host": "india"}, 201,
     lambda: Meeting.objects.get(slug="summit-2025").participants.count() == 1),
    ("update meeting", "patch", "/api/v1/meetings/sco-defence-ministers-meeting-2025/",
     {"place": "Qingdao, Shandong"}, 200,
     lambda: Meeting.objects.get(place="Qingdao, Shandong")),
    ("create agreement", "post", "/api/v1/agreements/",
     {"slug": "communique-2025", "name": "Joint communiqué", "category": "communique",
      "status": "not_signed", "parties": ["russia"], "meeting":
      "sco-defence-ministers-meeting-2025"}, 201,
     lambda: Agreement.objects.get(slug="communique-2025").at_meeting is not None),
    ("update agreement", "patch", "/api/v1/agreements/s-400-contract/", {"status": "in_force"},
     200, lambda: Agreement.objects.get(slug="s-400-contract").status == "in_force"),
    ("create programme", "post", "/api/v1/programmes/",
     {"slug": "india-s-400-upgrade", "buyer": "india", "supplier": "russia",
      "platform": "s-400", "kind": "upgrade"}, 201,
     lambda: Programme.objects.filter(slug="india-s-400-upgrade").exists()),
    ("update programme", "patch", "/api/v1/programmes/india-s-400-purchase/",
     {"units_ordered": 4}, 200,
     lambda: Programme.objects.get(slug="india-s-400-purchase").units_ordered == 4),
    ("create claim", "post", "/api/v1/claims/",
     {"programme": "india-s-400-purchase", "status": "delivered", "source": "MoD"}, 201,
     lambda: StatusClaim.objects.filter(status="delivered").exists()),
    ("review claim", "patch", "/api/v1/claims/{claim}/", {"review": "rejected"}, 200,
     lambda: StatusClaim.objects.get().review == Review.REJECTED),
    ("create outcome", "post", "/api/v1/outcomes/",
     {"meeting": "sco-defence-ministers-meeting-2025", "subject": "andrei-belousov",
      "result": "agreed", "source": "MoD"}, 201,
     lambda: Outcome.objects.filter(result="agreed").exists()),
    ("update outcome", "patch", "/api/v1/outcomes/{outcome}/", {"note": "Deliveries."}, 200,
     lambda: Outcome.objects.get().note == "Deliveries."),
    ("create alias", "post", "/api/v1/aliases/", {"entity": "s-400", "text": "S400 Triumf"},
     201, lambda: Alias.objects.get(text="S400 Triumf").folded == "s400triumf"),
    ("update alias", "patch", "/api/v1/aliases/{alias}/", {"language": "en"}, 200,
     lambda: Alias.objects.get(text="S-400").language == "en"),
    ("ingest article", "post", "/api/v1/articles/", INGEST, 201,
     lambda: Article.objects.filter(title="Talks").exists()),
    ("review mention", "patch", "/api/v1/mentions/{mention}/", {"review": "confirmed"}, 200,
     lambda: Mention.objects.get().review == Review.CONFIRMED),
    # Read-only resources: the method does not exist for anyone allowed to try.
    ("create entity", "post", "/api/v1/entities/", {"slug": "x", "name": "X"}, 405, None),
    ("create outlet", "post", "/api/v1/outlets/", {"slug": "x", "name": "X"}, 405, None),
    ("create story", "post", "/api/v1/stories/", {"title": "X"}, 405, None),
    ("delete platform", "delete", "/api/v1/platforms/s-400/", None, 405, None),
    ("delete claim", "delete", "/api/v1/claims/{claim}/", None, 405, None),
    ("replace mention", "put", "/api/v1/mentions/{mention}/", {"review": "confirmed"}, 405,
     None),
]


def detail_url(resource: str) -> str:
    key = READS[resource]
    if key is None:
        model = ID_MODELS[resource]
        key = model.objects.order_by("pk").first().pk if model else Article.objects.get().story_id
    return f"/api/v1/{resource}/{key}/"


def resolve(path: str) -> str:
    return path.format(claim=StatusClaim.objects.get().pk, outcome=Outcome.objects.get().pk,
                       alias=Alias.objects.get(text="S-400").pk,
                       mention=Mention.objects.get().pk)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("resource", READS)
def test_it_lets_every_role_read_every_resource(world, as_role, role, resource):
    """Lists and records answer 200 to anonymous callers, analysts, editors and admins."""
    client = as_role(role)
    listed = client.get(f"/api/v1/{resource}/")
    one = client.get(detail_url(resource))
    assert listed.status_code == 200, listed.content
    assert one.status_code == 200, one.content
    assert listed.json()["results"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,method,path,payload,status,check", WRITES,
                         ids=[w[0] for w in WRITES])
def test_it_lets_only_editors_and_admins_write(world, as_role, role, name, method, path,
                                               payload, status, check):
    """Anonymous → 401, analyst → 403, editor and admin → the write (or 405 where none)."""
    client = as_role(role)
    before = {model: model.objects.count() for model in (Platform, StatusClaim, Article)}
    response = getattr(client, method)(resolve(path), payload, format="json")
    expected = {"anonymous": 401, "analyst": 403}.get(role, status)
    assert response.status_code == expected, response.content
    if role in ("editor", "admin") and check is not None:
        assert check()
    if role in ("anonymous", "analyst"):
        assert {model: model.objects.count() for model in before} == before
        assert Mention.objects.get().review == Review.MACHINE


@override_settings(TRACKER_PUBLIC_READ=False)
@pytest.mark.parametrize("resource", READS)
def test_it_closes_reading_to_anonymous_callers_when_told(world, as_role, resource):
    """TRACKER_PUBLIC_READ=0: anonymous reads answer 401; any signed-in account reads."""
    assert as_role("analyst").get(f"/api/v1/{resource}/").status_code == 200
    refused = as_role("anonymous").get(f"/api/v1/{resource}/")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"


def test_it_reads_with_a_session_as_the_browsable_api_does(world, analyst_client):
    """A signed-in session reads HTML from the browsable API and JSON on request."""
    page = analyst_client.get("/api/v1/platforms/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and b"S-400 Triumf" in page.content
    assert analyst_client.get("/api/v1/platforms/s-400/").json()["slug"] == "s-400"


def test_it_refuses_session_writes_without_the_csrf_token(world, editor):
    """A session write needs the CSRF token, like any form on the site."""
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.patch("/api/v1/platforms/s-400/", {"nato_name": "X"}, format="json")
    assert response.status_code == 403
    assert Platform.objects.get(slug="s-400").nato_name == ""
