"""The filters of each list (shared with the HTML lists) and the ordering whitelist."""

import datetime

import pytest

from procurement.models import (Article, Forum, Meeting, Mention, Outlet, Person, Platform,
                                Programme, Review, StatusClaim, Story)

from ..conftest import make_article, make_claim

JUNE, NOVEMBER = datetime.date(2025, 6, 26), datetime.date(2025, 11, 19)


@pytest.fixture
def press(s400, belousov, outlet):
    """Two outlets, two languages, two dates; S-400 in both articles, Belousov in one."""
    other = Outlet.objects.create(slug="hindi-desk", name="Hindi Desk", language="hi")
    story = Story.objects.create(title="Qingdao")
    june = make_article(title="June talks", body="S-400 and Belousov in Qingdao.", hash="1" * 64,
                        outlet=outlet, language="en", published_on=JUNE, story=story)
    november = make_article(title="नवंबर", body="एस-400 की आपूर्ति जारी।", hash="2" * 64,
                            outlet=other, language="hi", published_on=NOVEMBER)
    Mention.objects.create(article=june, entity=s400, start=0, end=5, text="S-400")
    Mention.objects.create(article=june, entity=belousov, start=10, end=18, text="Belousov",
                           review=Review.CONFIRMED)
    Mention.objects.create(article=november, entity=s400, start=0, end=6, text="एस-400")
    return june, november


def ids(response, key="id"):
    assert response.status_code == 200, response.content
    return [row[key] for row in response.json()["results"]]


def test_it_filters_mentions_by_every_documented_field(api, press):
    """entity, kind, article, review, published range, language and outlet all narrow."""
    june, november = press
    by = lambda **q: sorted(ids(api.get("/api/v1/mentions/", q), "text"))  # noqa: E731
    assert by(entity="s-400") == ["S-400", "एस-400"]
    assert by(kind="person") == ["Belousov"]
    assert by(article=june.pk) == ["Belousov", "S-400"]
    assert by(review="confirmed") == ["Belousov"]
    assert by(published_after="2025-07-01") == ["एस-400"]
    assert by(published_before="2025-07-01") == ["Belousov", "S-400"]
    assert by(language="hi") == ["एस-400"]
    assert by(outlet="demo-desk", entity="s-400") == ["S-400"]


def test_it_filters_articles_by_every_documented_field(api, press):
    """entity, date range, language, outlet, story and words in title or text."""
    june, november = press
    by = lambda **q: ids(api.get("/api/v1/articles/", q))  # noqa: E731
    assert by() == [november.pk, june.pk]  # newest stored first
    assert by(entity="andrei-belousov") == [june.pk]
    assert by(entity="s-400") == [november.pk, june.pk]
    assert by(published_after="2025-07-01") == [november.pk]
    assert by(published_before="2025-07-01") == [june.pk]
    assert by(language="hi") == [november.pk]
    assert by(outlet="hindi-desk") == [november.pk]
    assert by(story=june.story_id) == [june.pk]
    assert by(q="qingdao") == [june.pk]
    assert by(q="आपूर्ति") == [november.pk]


def test_it_matches_every_word_of_q_in_title_or_text_and_takes_wildcards_literally(api, press):
    """Words combine with AND across title and body; % and _ are characters, not patterns."""
    june, november = press
    by = lambda q: ids(api.get("/api/v1/articles/", {"q": q}))  # noqa: E731
    assert by("JUNE belousov") == [june.pk]  # one word in the title, one in the body
    assert by("june आपूर्ति") == []
    assert by("%") == [] and by("_") == []
    assert by("   ") == [november.pk, june.pk]  # blank: no filter


def test_it_filters_claims_and_programmes(api, programme, india, russia):
    """Claims by programme, platform, status, review; programmes by parties, platform, status."""
    make_claim(programme, status="contracted", occurred_on=datetime.date(2018, 10, 5))
    make_claim(programme, status="in_delivery", occurred_on=datetime.date(2021, 12, 1))
    make_claim(programme, status="stalled", review=Review.MACHINE)
    Platform.objects.create(slug="su-30mki", name="Su-30 MKI")
    claims = lambda **q: sorted(ids(api.get("/api/v1/claims/", q), "status"))  # noqa: E731
    assert claims(programme="india-s-400-purchase") == ["contracted", "in_delivery", "stalled"]
    assert claims(platform="s-400", review="machine") == ["stalled"]
    assert claims(status="contracted") == ["contracted"]
    assert claims(platform="su-30mki") == []
    slugs = lambda **q: ids(api.get("/api/v1/programmes/", q), "slug")  # noqa: E731
    assert slugs(buyer="india", supplier="russia", platform="s-400") == ["india-s-400-purchase"]
    assert slugs(status="in_delivery") == ["india-s-400-purchase"]
    assert slugs(status="delivered") == [] and slugs(buyer="russia") == []


def test_it_lists_rejected_claims_only_when_asked_and_keeps_their_address(api, programme):
    """Lists hide rejected claims unless ?review=rejected; a rejected claim's own URL answers."""
    kept = make_claim(programme, status="contracted")
    rejected = make_claim(programme, status="stalled", review=Review.REJECTED)
    listed = lambda **q: ids(api.get("/api/v1/claims/", q), "id")  # noqa: E731
    assert listed() == [kept.pk]
    assert listed(review="rejected") == [rejected.pk]
    response = api.get(f"/api/v1/claims/{rejected.pk}/")
    assert response.status_code == 200 and response.json()["review"] == "rejected"


def test_it_filters_meetings_by_forum_dates_and_participant(api, belousov):
    """forum (slug), starts_after/starts_before and participant (slug)."""
    sco = Forum.objects.create(slug="sco", name="SCO", category="multilateral")
    qingdao = Meeting.objects.create(slug="qingdao", name="Qingdao", parent_forum=sco,
                                     starts_on=JUNE)
    qingdao.participants.set([belousov])
    Meeting.objects.create(slug="summit", name="Summit", starts_on=NOVEMBER)
    by = lambda **q: ids(api.get("/api/v1/meetings/", q), "slug")  # noqa: E731
    assert by() == ["summit", "qingdao"]
    assert by(forum="sco") == ["qingdao"]
    assert by(starts_after="2025-07-01") == ["summit"]
    assert by(starts_before="2025-07-01") == ["qingdao"]
    assert by(participant="andrei-belousov") == ["qingdao"]


def test_it_orders_only_by_whitelisted_fields(api, russia, india):
    """?ordering= accepts listed fields; anything else is ignored, never an error or a leak."""
    assert ids(api.get("/api/v1/countries/?ordering=-name"), "slug") == ["russia", "india"]
    assert ids(api.get("/api/v1/countries/?ordering=name"), "slug") == ["india", "russia"]
    for field in ("description", "wikidata", "id", "kind__foo"):
        assert ids(api.get(f"/api/v1/countries/?ordering={field}"), "slug") == ["india", "russia"]


def test_it_refuses_malformed_filter_values(api, press):
    """Bad dates, choices and ids answer 400 naming the filter."""
    for query, name in (("published_after=June", "published_after"), ("review=maybe", "review"),
                        ("article=1.5", "article"), ("article=1e300", "article"),
                        ("story=-1", "story")):
        path = "/api/v1/articles/?" if name == "story" else "/api/v1/mentions/?"
        response = api.get(path + query)
        assert response.status_code == 400, query
        assert name in response.json()


def test_it_filters_people_and_aliases(api, s400, belousov, india):
    """Other lists have their own filters: people by country, aliases by entity and script."""
    Person.objects.create(slug="rajnath-singh", name="Rajnath Singh", nation=india)
    assert ids(api.get("/api/v1/people/?country=india"), "slug") == ["rajnath-singh"]
    texts = ids(api.get("/api/v1/aliases/?entity=s-400&script=deva"), "text")
    assert texts == ["एस-400"]
    assert ids(api.get("/api/v1/aliases/", {"q": "S400"}), "text") == ["S-400"]


def test_it_leaves_programme_and_article_counts_alone(press):
    """(Sanity: the fixtures above build what the filters are tested against.)"""
    assert Article.objects.count() == 2 and Programme.objects.count() == 0
    assert StatusClaim.objects.count() == 0


UNKNOWN = [  # (list, filter, what its slug names)
    ("mentions", "entity", "entity"), ("mentions", "outlet", "outlet"),
    ("articles", "entity", "entity"), ("articles", "outlet", "outlet"),
    ("claims", "programme", "programme"), ("claims", "platform", "platform"),
    ("programmes", "buyer", "country"), ("programmes", "supplier", "country"),
    ("programmes", "platform", "platform"), ("meetings", "forum", "forum"),
    ("meetings", "participant", "person"), ("platforms", "origin", "country"),
    ("platforms", "maker", "organisation"), ("agreements", "party", "country"),
    ("agreements", "platform", "platform"), ("people", "country", "country"),
    ("organisations", "country", "country"), ("forums", "member", "country"),
    ("outcomes", "meeting", "meeting"), ("outcomes", "subject", "entity"),
    ("aliases", "entity", "entity"), ("outlets", "country", "country"),
]


@pytest.mark.parametrize("resource,name,noun", UNKNOWN)
def test_it_refuses_a_slug_that_names_nothing_by_name(api, press, resource, name, noun):
    """400 naming the slug, not an empty list that reads as "nothing was said about it"."""
    response = api.get(f"/api/v1/{resource}/", {name: "nope"})
    assert response.status_code == 400
    assert response.json() == {name: [f"No {noun} has the slug “nope”."]}


@pytest.mark.parametrize("slug", ["100%", "%s", "%(noun)s"])
def test_it_names_a_slug_holding_percent_signs_as_written(api, press, slug):
    """A message formatted before Django fills its placeholders once gave a 500 for "%"."""
    response = api.get("/api/v1/agreements/", {"platform": slug})
    assert response.status_code == 400
    assert response.json() == {"platform": [f"No platform has the slug “{slug}”."]}


def test_it_refuses_a_slug_of_another_kind_and_an_unknown_story(api, press, programme):
    """A platform's slug is not a country's; a story or article id that no record has is
    refused like a slug."""
    response = api.get("/api/v1/programmes/", {"buyer": "s-400"})
    assert response.status_code == 400
    assert response.json() == {"buyer": ["No country has the slug “s-400”."]}
    assert api.get("/api/v1/articles/", {"story": 999999}).json() == {
        "story": ["No story has the id 999999."]}
    assert api.get("/api/v1/mentions/", {"article": 999999}).json() == {
        "article": ["No article has the id 999999."]}


def test_it_still_answers_an_empty_list_for_a_known_slug_with_no_rows(api, press, india):
    """Known, but nothing matches: 200 and no rows, as before."""
    assert ids(api.get("/api/v1/claims/", {"platform": "s-400"})) == []
    assert ids(api.get("/api/v1/mentions/", {"outlet": "demo-desk", "entity": "india"})) == []


@pytest.mark.parametrize("path,name,noun", [
    ("/articles/", "entity", "entity"), ("/programmes/", "buyer", "country"),
    ("/systems/", "origin", "country"), ("/agreements/", "party", "country"),
    ("/meetings/", "participant", "person"), ("/people/", "country", "country"),
    ("/forums/", "member", "country"),
])
def test_it_says_which_slug_names_nothing_over_each_pages_filter_form(client, press, path, name,
                                                                      noun):
    """The HTML lists share the FilterSets: the page shows the reason over its form (and the
    list without that filter) rather than failing or quietly showing nothing."""
    response = client.get(path, {name: "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert f"No {noun} has the slug “nope”." in html
