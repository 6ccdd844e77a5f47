"""Articles in (one POST = one ingestion) and out; mentions with exact offsets, and their review."""

from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.utils import timezone

from procurement.models import Article, Mention, Outlet, Platform, Review, StatusClaim
from procurement.services.ingest import BODY_EMPTY, BODY_NOT_TEXT, URL_TAKEN

HINDI = ("एस-४०० की आपूर्ति पर बातचीत\n\n"
         "नई दिल्ली | 26 जून 2025\n"
         "भारत और रूस के रक्षा मंत्रियों ने एस–400 प्रणाली की बची हुई आपूर्ति पर चर्चा की।\n"
         "बैठक में बेलौसोव ने कहा कि S400 की डिलीवरी समय पर होगी।\n")


def test_it_ingests_an_article_and_answers_with_its_mentions(editor_api, programme, belousov):
    """201: the article as stored, its date from the dateline, every mention at its offsets."""
    response = editor_api.post("/api/v1/articles/", {"body": HINDI, "outlet": "Demo Desk"},
                               format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    article = Article.objects.get()
    assert body["id"] == article.pk and response["Location"] == body["api_url"]
    assert (body["language"], body["published_on"]) == ("hi", "2025-06-26")
    assert body["outlet"]["name"] == "Demo Desk" and article.source == "api"
    found = {(m["entity"]["slug"], m["text"]) for m in body["mentions"]}
    assert found == {("s-400", "एस-४००"), ("s-400", "एस–400"), ("s-400", "S400"),
                     ("andrei-belousov", "बेलौसोव")}
    for mention in body["mentions"]:
        assert body["body"][mention["start"]:mention["end"]] == mention["text"]
        assert set(mention["entity"]) == {"slug", "kind", "name"}
    assert Mention.objects.count() == 4


def test_it_answers_200_with_the_stored_article_for_a_duplicate(editor_api, programme):
    """The same text again changes nothing and answers with the article already stored."""
    first = editor_api.post("/api/v1/articles/", {"body": HINDI}, format="json")
    stored = (Article.objects.count(), Mention.objects.count(), StatusClaim.objects.count())
    again = editor_api.post("/api/v1/articles/", {"body": HINDI.replace("\n", "\r\n"),
                                                  "title": "Another title"}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    # Claims are counted, not pinned: how many sentences suggest one is the extractor's business.
    assert stored[:2] == (1, 3) and stored[2] > 0
    assert (Article.objects.count(), Mention.objects.count(), StatusClaim.objects.count()) == stored


@pytest.mark.parametrize("payload,field,reason", [
    ({"body": "  \n\t "}, "non_field_errors", BODY_EMPTY),
    ({"body": "text\x00with a NUL"}, "non_field_errors", BODY_NOT_TEXT),
    ({"body": "Some text", "published_on": "26 June"}, "published_on", None),
    ({"body": "Some text", "language": "fr"}, "language", None),
    ({"body": "Some text", "url": "not a url"}, "non_field_errors", "'not a url' is not a valid URL."),
    ({"body": "Some text", "publish_on": "2025-06-26"}, "non_field_errors",
     "Unknown field(s): publish_on. Allowed: title, body, url, outlet, language, published_on."),
    ({"title": "No body"}, "body", None),
    ({"body": ["a", "list"]}, "body", None),
])
def test_it_refuses_bad_input_with_a_reason_and_writes_nothing(editor_api, db, payload, field,
                                                               reason):
    """400 names the problem (the ingestion service's own words where it decides)."""
    response = editor_api.post("/api/v1/articles/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    if reason:
        assert response.json()[field] == [reason]
    assert Article.objects.count() == 0


def test_it_refuses_a_url_already_used_by_other_text(editor_api, db):
    """Same URL, different text: refused with the other article's id."""
    editor_api.post("/api/v1/articles/", {"body": "One text.", "url": "https://e.org/a"},
                    format="json")
    response = editor_api.post("/api/v1/articles/", {"body": "Other text.",
                                                     "url": "https://e.org/a"}, format="json")
    assert response.status_code == 400
    pk = Article.objects.get().pk
    assert response.json() == {"non_field_errors": [URL_TAKEN.format(pk=pk)]}


def test_it_refuses_malformed_json(editor_api, db):
    """A body that is not JSON answers 400 with a detail, not 500."""
    response = editor_api.post("/api/v1/articles/", b"{not json", content_type="application/json")
    assert response.status_code == 400 and "detail" in response.json()


@pytest.mark.parametrize("field", ["title", "body", "url", "outlet", "language", "published_on"])
@pytest.mark.parametrize("value", [123, -1.5, 20250626])
def test_it_refuses_numbers_where_text_is_wanted(editor_api, db, field, value):
    """{"body": 123} is refused as `manage.py ingest` refuses it, not stored as the text "123"."""
    payload = {"body": "Some text", field: value}
    response = editor_api.post("/api/v1/articles/", payload, format="json")
    assert response.status_code == 400
    assert Article.objects.count() == 0
    assert list(response.json()) == [field]
    if field not in ("language", "published_on"):
        assert response.json()[field] == ["Not a valid string."]


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("body", [deep(1000), '{"body": ' + deep(100_000) + "}",
                                  '{"a": ' * 1000 + "1" + "}" * 1000])
def test_it_refuses_json_nested_too_deeply(editor_api, db, body):
    """Nesting past the limit answers 400 with the reason, not RecursionError's 500."""
    response = editor_api.post("/api/v1/articles/", body, content_type="application/json")
    assert response.status_code == 400
    assert Article.objects.count() == 0
    assert "nested too deeply" in response.json()["detail"]


def test_it_refuses_deep_json_on_every_write(editor_api, world, s400):
    """The limit is the API's JSON parser, so it holds for every resource, PATCH as well."""
    mention = Mention.objects.get()
    for method, path in (("post", "/api/v1/platforms/"), ("patch", "/api/v1/platforms/s-400/"),
                         ("patch", f"/api/v1/mentions/{mention.pk}/")):
        response = getattr(editor_api, method)(path, deep(5000), content_type="application/json")
        assert response.status_code == 400, path
        assert "nested too deeply" in response.json()["detail"]
    assert Platform.objects.count() == 1 and Mention.objects.get().review == Review.MACHINE


def test_it_still_reads_ordinary_json_and_its_errors(editor_api, db):
    """Nesting within the limit is read; NaN and bad bytes are refused with a detail."""
    nested = '{"body": "Some text", "outlet": "Desk"}'.encode("utf-8-sig")
    response = editor_api.post("/api/v1/articles/", nested, content_type="application/json")
    assert response.status_code == 201, response.content
    for bad in (b'{"body": NaN}', b'{"body": "\xff"}'):
        response = editor_api.post("/api/v1/articles/", bad, content_type="application/json")
        assert response.status_code == 400 and "detail" in response.json(), bad
    assert Article.objects.count() == 1


@pytest.mark.parametrize("encode", ["json", "form"])
def test_it_answers_413_for_a_body_over_the_upload_limit(editor_api, db, encode):
    """A body past DATA_UPLOAD_MAX_MEMORY_SIZE answers JSON 413 with the limit, not Django's
    HTML 400 page, and nothing is stored."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    fields = {"body": "S-400 " * (limit // 6 + 10)}
    if encode == "json":
        response = editor_api.post("/api/v1/articles/", fields, format="json")
    else:
        response = editor_api.post("/api/v1/articles/", urlencode(fields),
                                   content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert Article.objects.count() == 0
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": f"The request body is larger than {limit} bytes."}


def test_it_answers_400_json_for_too_many_form_fields(editor_api, db):
    """Past DATA_UPLOAD_MAX_NUMBER_FIELDS, JSON 400 with the limit, not Django's HTML page."""
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    form = urlencode([("body", "x")] + [(f"f{n}", "1") for n in range(limit + 1)])
    response = editor_api.post("/api/v1/articles/", form,
                               content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert Article.objects.count() == 0
    assert response.json() == {"detail": f"The request has more than {limit} form fields."}


def test_it_resolves_an_outlet_slug_that_keeps_devanagari_marks(api, db):
    """A slug with a virama and vowel signs (combining marks) is an address like any other:
    typed as it is, percent-encoded, or followed from the list's api_url."""
    slug = "ट्रैकर-डेमो-डेस्क"
    Outlet.objects.create(slug=slug, name="ट्रैकर डेमो डेस्क", language="hi")
    for path in (f"/api/v1/outlets/{slug}/", f"/api/v1/outlets/{quote(slug)}/",
                 api.get("/api/v1/outlets/").json()["results"][0]["api_url"]):
        response = api.get(path)
        assert response.status_code == 200, path
        assert response.json()["slug"] == slug
    assert api.get(f"/api/v1/outlets/{slug}-x/").status_code == 404
    assert api.get("/api/v1/outlets/ट्रैकर डेस्क/").status_code == 404  # a space: no slug has one


def test_it_lists_articles_without_their_text(api, world):
    """Lists carry outlet, language, dates and story but not the body; the record has it."""
    (row,) = api.get("/api/v1/articles/").json()["results"]
    assert "body" not in row and row["outlet"]["slug"] == "demo-desk"
    assert row["story"] is not None
    assert "body" in api.get(row["api_url"]).json()


def test_it_serves_mentions_with_exact_offsets_and_article_dates(api, world, article):
    """A list row: entity {slug, kind, name}, offsets, text, review, article id and date."""
    article.published_on = "2025-06-26"
    article.save()
    (row,) = api.get("/api/v1/mentions/").json()["results"]
    assert row["entity"] == {"slug": "s-400", "kind": "platform", "name": "S-400 Triumf"}
    assert article.body[row["start"]:row["end"]] == row["text"]
    assert (row["article"], row["published_on"], row["review"]) == (article.pk, "2025-06-26",
                                                                    "machine")


def test_it_builds_list_rows_exactly_as_the_record_shows_them(api, world):
    """The lean list path and the serializer give the same mention."""
    (row,) = api.get("/api/v1/mentions/").json()["results"]
    assert api.get(row["api_url"]).json() == row


def test_it_lets_editors_review_a_mention_and_hides_rejected_ones(editor_api, world, editor):
    """PATCH review goes through the service (who, when); rejected mentions leave the lists."""
    mention = Mention.objects.get()
    response = editor_api.patch(f"/api/v1/mentions/{mention.pk}/", {"review": "rejected"},
                                format="json")
    assert response.status_code == 200 and response.json()["review"] == "rejected"
    mention.refresh_from_db()
    assert (mention.review, mention.reviewed_by) == (Review.REJECTED, editor)
    assert mention.reviewed_at is not None
    assert editor_api.get("/api/v1/mentions/").json()["results"] == []
    assert editor_api.get("/api/v1/mentions/?review=rejected").json()["results"][0]["id"] \
        == mention.pk
    assert editor_api.get(f"/api/v1/articles/{mention.article_id}/").json()["mentions"] == []
    bad = editor_api.patch(f"/api/v1/mentions/{mention.pk}/", {"review": "maybe"},
                           format="json")
    assert bad.status_code == 400


def test_it_reviews_a_claim_with_the_editor_and_time(editor_api, world, editor):
    """PATCH {"review": ...} on a claim records who decided; only confirmed ones count."""
    claim = StatusClaim.objects.get()
    response = editor_api.patch(f"/api/v1/claims/{claim.pk}/", {"review": "rejected"},
                                format="json")
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.review, claim.reviewed_by) == (Review.REJECTED, editor)
    assert response.json()["reviewed_by"] == "editor"
    status = editor_api.get("/api/v1/programmes/india-s-400-purchase/").json()["status"]
    assert status["value"] is None
    assert editor_api.get("/api/v1/claims/").json()["count"] == 0


def test_it_copies_a_claims_quote_from_its_offsets(editor_api, world, article):
    """A claim given by offsets gets its quote from the article body (claim_save)."""
    start = article.body.index("discussed")
    response = editor_api.post("/api/v1/claims/", {
        "programme": "india-s-400-purchase", "status": "negotiating", "article": article.pk,
        "quote_start": start, "quote_end": start + 9, "review": "confirmed"}, format="json")
    assert response.status_code == 201, response.content
    claim = StatusClaim.objects.get(pk=response.json()["id"])
    assert (claim.quote, claim.review, claim.reviewed_by.username) == ("discussed", "confirmed",
                                                                       "editor")
    past_end = editor_api.post("/api/v1/claims/", {
        "programme": "india-s-400-purchase", "status": "negotiating", "article": article.pk,
        "quote_start": 0, "quote_end": 10_000}, format="json")
    assert past_end.status_code == 400 and "quote_end" in past_end.json()


def test_it_lists_an_undated_article_with_the_day_it_was_received(editor_api):
    """An article whose text gives no date is stored, listed first as the newest, dated by arrival."""
    dated = editor_api.post("/api/v1/articles/", {"body": HINDI}, format="json")
    undated = editor_api.post("/api/v1/articles/", {"body": "India and Russia met again."},
                              format="json")
    assert (dated.status_code, undated.status_code) == (201, 201)
    assert undated.json()["published_on"] is None
    article = Article.objects.get(pk=undated.json()["id"])
    assert article.dated_on == timezone.localdate(article.created)
    listed = editor_api.get("/api/v1/articles/").json()["results"]
    assert [a["id"] for a in listed] == [undated.json()["id"], dated.json()["id"]]
    assert listed[0]["published_on"] is None and listed[0]["created"]
