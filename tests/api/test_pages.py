"""Pages (capped sizes, cursors without counts) and the CSV format of lists."""

import base64
import csv
import io

import pytest

from procurement.api.renderers import CSVRenderer
from procurement.models import Mention, Outlet

from ..conftest import make_article


@pytest.fixture
def many_mentions(s400):
    """250 articles with two S-400 mentions each."""
    for n in range(250):
        article = make_article(title=f"Report {n}", body="S-400 and again S-400.",
                               hash=f"{n:064d}")
        Mention.objects.create(article=article, entity=s400, start=0, end=5, text="S-400")
        Mention.objects.create(article=article, entity=s400, start=16, end=21, text="S-400")


def test_it_caps_the_page_size(api, db):
    """page_size above 200 gets 200 rows, not an error; without it, 50."""
    Outlet.objects.bulk_create([Outlet(slug=f"o{n}", name=f"Outlet {n}") for n in range(260)])
    assert len(api.get("/api/v1/outlets/?page_size=1000").json()["results"]) == 200
    assert len(api.get("/api/v1/outlets/").json()["results"]) == 50
    assert api.get("/api/v1/outlets/").json()["count"] == 260
    assert api.get("/api/v1/outlets/?page=99").status_code == 404


def test_it_pages_mentions_by_cursor_without_a_count(api, many_mentions):
    """Following `next` visits every mention once, newest article first; no count is given."""
    url, seen, pages = "/api/v1/mentions/?page_size=1000", [], 0
    while url:
        body = api.get(url).json()
        assert "count" not in body and len(body["results"]) <= 200
        seen += [row["id"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    assert pages == 3
    assert sorted(seen) == sorted(Mention.objects.values_list("pk", flat=True))
    assert len(seen) == len(set(seen)) == 500
    articles = [Mention.objects.get(pk=pk).article_id for pk in seen]
    assert articles == sorted(articles, reverse=True)


def test_it_pages_articles_by_cursor_back_and_forth(api, many_mentions):
    """`previous` leads back to the same rows."""
    first = api.get("/api/v1/articles/?page_size=100").json()
    second = api.get(first["next"]).json()
    assert "count" not in first and first["previous"] is None
    assert api.get(second["previous"]).json()["results"] == first["results"]


def test_it_answers_404_for_a_forged_cursor(api, many_mentions):
    """A cursor that was not issued (or whose position is not a number) is not found."""
    forged = base64.b64encode(b"o=0&r=0&p=abc").decode()
    assert api.get(f"/api/v1/mentions/?cursor={forged}").status_code == 404
    assert api.get("/api/v1/mentions/?cursor=not-base64").status_code == 404


def forge(query: str) -> str:
    """A cursor as DRF writes one (base64 of its query string), but not one it issued."""
    return base64.b64encode(query.encode()).decode()


@pytest.mark.parametrize("resource", ["mentions", "articles"])
@pytest.mark.parametrize("position", [10**30, -(10**30), 2**63])
def test_it_answers_404_for_a_cursor_past_any_row_id(api, many_mentions, resource, position):
    """A position no 64-bit id can have is an invalid cursor, not a database error (SQLite
    cannot bind it; PostgreSQL would compare it as numeric and answer a page no link leads to)."""
    response = api.get(f"/api/v1/{resource}/", {"cursor": forge(f"o=0&r=0&p={position}")})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor"}


@pytest.mark.parametrize("resource", ["mentions", "articles"])
def test_it_caps_a_huge_cursor_offset(api, many_mentions, resource):
    """The offset is cut to DRF's limit, so a huge one reads past the rows: an empty page."""
    last = Mention.objects.order_by("article_id").first().article_id
    response = api.get(f"/api/v1/{resource}/",
                       {"cursor": forge(f"o={10**30}&r=0&p={last + 1}")})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_it_answers_404_for_a_huge_page_and_caps_a_huge_page_size(api, db):
    """?page past any count is not found; ?page_size past any count is cut to 200."""
    Outlet.objects.bulk_create([Outlet(slug=f"o{n}", name=f"Outlet {n}") for n in range(201)])
    assert api.get("/api/v1/outlets/?page=99999999999999999999").status_code == 404
    assert api.get(f"/api/v1/outlets/?page={10**30}&page_size=1").status_code == 404
    response = api.get(f"/api/v1/outlets/?page_size={10**30}")
    assert response.status_code == 200 and len(response.json()["results"]) == 200


def test_it_neutralises_formulas_in_csv_but_not_numbers(api, db):
    """Text a spreadsheet would run gets an apostrophe, as on the pages' exports; numbers
    (even negative) stay numbers; a list cell is judged by how it starts."""
    Outlet.objects.create(slug="evil", name='=HYPERLINK("http://example.org","x")')
    Outlet.objects.create(slug="minus", name="-5")
    rows = list(csv.DictReader(io.StringIO(
        api.get("/api/v1/outlets/?format=csv&ordering=slug").content.decode("utf-8-sig"))))
    assert [row["name"] for row in rows] == ["'=HYPERLINK(\"http://example.org\",\"x\")", "'-5"]
    body = CSVRenderer().render({"results": [
        {"n": -5, "x": -1.5, "s": "-5", "names": ["@SUM(A1)", "S-400"], "ok": ["S-400", "=1"]},
    ]}).decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(body)))
    assert row == {"n": "-5", "x": "-1.5", "s": "'-5", "names": "'@SUM(A1); S-400",
                   "ok": "S-400; =1"}


def test_it_writes_a_list_as_csv_with_nested_fields_flattened(api, world):
    """?format=csv: one row per result, dotted columns, lists joined, UTF-8 throughout, with the
    byte-order mark Excel needs to read it as UTF-8 (as the pages' exports have)."""
    response = api.get("/api/v1/mentions/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeffid,".encode())
    (row,) = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["id"] == str(Mention.objects.get().pk)
    assert (row["entity.slug"], row["entity.kind"], row["text"]) == ("s-400", "platform", "S-400")
    platforms = api.get("/api/v1/platforms/?format=csv").content.decode("utf-8-sig")
    (platform,) = list(csv.DictReader(io.StringIO(platforms)))
    assert platform["aliases"] == "S-400; एस-400; С-400"
    assert platform["origin.slug"] == "russia"
    assert platform["programmes"] == "india-s-400-purchase"


def test_it_links_the_next_csv_page_in_a_header(api, many_mentions):
    """The CSV body is rows only; the next page is in Link, as cursor JSON would give it."""
    response = api.get("/api/v1/mentions/?format=csv&page_size=100")
    assert len(response.content.decode("utf-8-sig").splitlines()) == 101
    assert response["Link"].endswith('>; rel="next"')
    assert "format=csv" in response["Link"]


def test_it_offers_csv_on_lists_only(api, world):
    """A single record has no CSV form (404, as for any unknown format)."""
    assert api.get("/api/v1/platforms/s-400/?format=csv").status_code == 404
    assert api.get("/api/v1/platforms/?format=xml").status_code == 404


def test_it_shows_the_whole_filter_form_in_the_browsable_api(analyst_client, world):
    """The HTML list offers every filter, even those the request does not use."""
    page = analyst_client.get("/api/v1/mentions/?entity=s-400", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("entity", "kind", "article", "review", "published_after", "language", "outlet"):
        assert f'name="{name}"' in html, name
