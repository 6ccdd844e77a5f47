"""No N+1 anywhere: every list costs the same queries for 1 row as for 100."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procurement import services
from procurement.models import (Agreement, Alias, Article, Country, Entity, Forum, Meeting,
                                Mention, Organisation, Outcome, Outlet, Person, Platform,
                                Programme, Review, StatusClaim, Story)

from ..conftest import make_article, make_claim

serial = itertools.count(1)
countries = itertools.count(0)  # ISO codes: 676 two-letter ones, enough for any one test


def _article(outlet=None, story=None) -> Article:
    n = next(serial)
    return make_article(title=f"Report {n}", body=f"S-400 report number {n}.", hash=f"{n:064x}",
                        outlet=outlet or Outlet.objects.get_or_create(slug=f"o{n}",
                                                                      name=f"O{n}")[0],
                        story=story, published_on=datetime.date(2025, 6, 1))


def _country() -> Country:
    n = next(countries) % 676
    country = Country.objects.create(slug=f"country-{n}", name=f"Country {n}",
                                     iso=f"{chr(65 + n // 26)}{chr(65 + n % 26)}")
    services.alias_create(entity=country, text=f"Land {n}")
    return country


def _platform() -> Platform:
    n = next(serial)
    platform = Platform.objects.create(slug=f"p-{n}", name=f"P-{n}", origin=_country(),
                                       maker=Organisation.objects.create(slug=f"m-{n}",
                                                                         name=f"Maker {n}"))
    services.alias_create(entity=platform, text=f"P-{n}")
    services.alias_create(entity=platform, text=f"पी-{n}")
    return platform


def _programme(editor=None) -> Programme:
    platform = _platform()
    programme = Programme.objects.create(slug=f"{platform.slug}-buy", buyer=_country(),
                                         supplier=platform.origin, platform=platform,
                                         kind="purchase")
    programme.agreements.set([_agreement(platform)])
    for year in (2020, 2021):
        make_claim(programme, article=_article(), occurred_on=datetime.date(year, 1, 1),
                   reviewed_by=editor)
    return programme


def _agreement(platform=None) -> Agreement:
    n = next(serial)
    agreement = Agreement.objects.create(slug=f"a-{n}", name=f"A {n}", category="contract",
                                         status="signed")
    agreement.parties.set([_country()])
    if platform:
        agreement.platforms.set([platform])
    return agreement


def _meeting() -> Meeting:
    n = next(serial)
    forum = Forum.objects.create(slug=f"f-{n}", name=f"F {n}", category="multilateral")
    forum.members.set([_country()])
    meeting = Meeting.objects.create(slug=f"meeting-{n}", name=f"Meeting {n}",
                                     parent_forum=forum, host=_country(),
                                     starts_on=datetime.date(2025, 6, n % 28 + 1))
    person = Person.objects.create(slug=f"person-{n}", name=f"Person {n}", nation=_country())
    meeting.participants.set([person])
    Outcome.objects.create(meeting=meeting, subject=person, result="discussed", source="x")
    Agreement.objects.create(slug=f"am-{n}", name=f"AM {n}", category="mou", status="signed",
                             at_meeting=meeting)
    return meeting


def _mention(editor=None) -> Mention:
    article = _article()
    return Mention.objects.create(article=article, entity=_platform(), start=0, end=5,
                                  text="S-400", review=Review.CONFIRMED, reviewed_by=editor)


def _story() -> Story:
    story = Story.objects.create(title=f"Story {next(serial)}")
    _article(story=story), _article(story=story)
    return story


GROW = {
    "entities": _platform, "platforms": lambda: _programme().platform, "countries": _country,
    "people": lambda: _meeting().participants.get(), "organisations": lambda:
    Organisation.objects.create(slug=f"org-{next(serial)}", name="Org", nation=_country()),
    "forums": lambda: _meeting().parent_forum, "meetings": _meeting,
    "agreements": lambda: _programme().agreements.get(), "programmes": _programme,
    "claims": lambda: _programme().claims.first(), "outcomes": lambda: _meeting().outcomes.get(),
    "aliases": _country, "outlets": lambda: _article().outlet, "stories": _story,
    "articles": _article, "mentions": _mention,
}

COUNT = {
    "entities": Entity, "platforms": Platform, "countries": Country, "people": Person,
    "organisations": Organisation, "forums": Forum, "meetings": Meeting,
    "agreements": Agreement, "programmes": Programme, "claims": StatusClaim,
    "outcomes": Outcome, "aliases": Alias, "outlets": Outlet, "stories": Story,
    "articles": Article, "mentions": Mention,
}


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context)


def rows(client, url) -> int:
    return len(client.get(url).json()["results"])


@pytest.mark.parametrize("resource", GROW)
def test_it_lists_100_rows_with_the_queries_of_1(api, db, resource,
                                                 django_assert_max_num_queries):
    """The query count of a page does not grow with its rows (JSON and CSV alike)."""
    urls = [f"/api/v1/{resource}/?page_size=100", f"/api/v1/{resource}/?page_size=100&format=csv"]
    GROW[resource]()
    one = [count_queries(api, url) for url in urls]
    while COUNT[resource].objects.count() < 100:
        GROW[resource]()
    for url, limit in zip(urls, one):
        with django_assert_max_num_queries(limit):
            assert api.get(url).status_code == 200
    assert rows(api, urls[0]) == 100


def test_it_serves_the_mentions_list_in_one_query(api, db, django_assert_num_queries):
    """The big list is one SELECT (entity, article joined), however many rows it shows; naming
    an entity adds one lookup of its slug (an unknown slug answers 400, not an empty list)."""
    slug = _mention().entity.slug
    for _ in range(99):
        _mention()
    with django_assert_num_queries(2):
        assert rows(api, f"/api/v1/mentions/?page_size=100&entity={slug}") == 1
    with django_assert_num_queries(1):
        assert rows(api, "/api/v1/mentions/?page_size=100") == 100


def test_it_shows_an_article_with_100_mentions_in_the_queries_of_1(api, s400,
                                                                   django_assert_max_num_queries):
    """An article's detail loads its mentions in one query."""
    article = make_article(body="S-400 " * 100, hash="f" * 64)
    Mention.objects.create(article=article, entity=s400, start=0, end=5, text="S-400")
    one = count_queries(api, f"/api/v1/articles/{article.pk}/")
    Mention.objects.bulk_create(Mention(article=article, entity=s400, start=6 * n,
                                        end=6 * n + 5, text="S-400") for n in range(1, 100))
    with django_assert_max_num_queries(one):
        assert len(api.get(f"/api/v1/articles/{article.pk}/").json()["mentions"]) == 100


def test_it_reads_a_token_callers_list_with_two_more_queries(editor_api, db,
                                                             django_assert_max_num_queries):
    """Token authentication costs two queries (token and user, the user's other tokens)."""
    _platform()
    anonymous = count_queries(editor_api.__class__(), "/api/v1/platforms/")
    with django_assert_max_num_queries(anonymous + 2):
        editor_api.get("/api/v1/platforms/")
