"""TRACKER_PUBLIC_READ=0 closes everything to anonymous readers, walked over every URL pattern.

The walk builds a real address for every pattern of the URL configuration (admin and API
included), filled with records that exist, so a page added later is visited without anyone
listing it here; a pattern the walk cannot fill fails the test and asks for a value.
"""

from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils.regex_helper import normalize
from knox.models import AuthToken
from rest_framework.throttling import SimpleRateThrottle

from procurement.models import (Article, Candidate, Delivery, Entity, Event, Item, Meeting,
                                MeetingReport, Outlet, Place, Sighting, Source, StatusClaim,
                                Subscriber, Webhook)
from procurement.services.alerts import follow_create

# What an anonymous visitor may still open with reading closed: signing in, switching the
# language, the health check (static files are served before any of this, by whitenoise).
OPEN_PATHS = {"/admin/login/", "/i18n/setlang/", "/healthz"}

# Query strings tried on every address: CSV export, search, paging.
QUERIES = ["", "?format=csv", "?q=S-400", "?page=2"]

# Addresses a signed-in reader does not get 200 from, and what they answer instead.
NOT_READ = {
    "set_language": 302,       # switches on POST; a GET goes back to the site
    "api:knox-login": 405,     # POST only
    "api:knox-logout": 401,    # tokens only: a session does not revoke a token
    "api:knox-logoutall": 401,
    "api:not-found": 404,      # the API's answer to unknown addresses
    "api:candidate-promote": 405,  # POST only
    "api:candidate-dismiss": 405,
    "api:webhook-ping": 405,
}
# Opened by the private token in their address, not by an account: a feed reader cannot sign
# in (tests/views/test_follows.py checks that a wrong token answers 404 all the same).
TOKEN_OPENED = {"procurement:follows-feed", "procurement:follows-item-feed"}


@pytest.fixture(autouse=True)
def unthrottled(monkeypatch, settings):
    """The walk sends hundreds of requests from one address; rate limits are not its subject."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})
    settings.PAGE_THROTTLE = settings.SEARCH_THROTTLE = ""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def closed(settings):
    settings.TRACKER_PUBLIC_READ = False


@pytest.fixture
def every_record(world):
    """The shared world, plus what only the admin's addresses name."""
    platform = world.platform
    # Saved through the all-kinds entity admin: the history that admin's pages read.
    Entity.objects.get(pk=platform.pk).save()
    # The shared world has no place; its page, API and admin addresses need one.
    Meeting.objects.update(location=Place.objects.create(slug="qingdao", name="Qingdao",
                                                         nation=world.supplier))
    MeetingReport.objects.create(article=Article.objects.get(), meeting=Meeting.objects.get(),
                                 reason=MeetingReport.Reason.DESCRIBED)
    # A name in the queue of new ones (created with history, as an editor's change would be).
    candidate = Candidate.objects.create(folded="s500", name="S-500", kind="platform", articles=1)
    Sighting.objects.create(candidate=candidate, article=Article.objects.get(), start=0, end=5,
                            text="S-500", sentence="S-500 talks", at=0)
    # A feed of the article's outlet and the page it listed.
    article = Article.objects.get()
    source = Source.objects.create(slug="demo-feed", url="https://example.org/feed.xml",
                                   outlet=article.outlet or Outlet.objects.create(
                                       slug="demo-desk", name="Demo Desk"))
    Item.objects.create(source=source, url="https://example.org/s-400-talks", title=article.title,
                        state=Item.State.INGESTED, article=article)
    reader = User.objects.create_user("reader", "reader@example.org", "pw-for-tests-only")
    AuthToken.objects.create(user=reader)
    # What the reader follows, a webhook of theirs and one delivery of one event to it.
    follow_create(user=reader, target=platform)
    event = Event.objects.create(kind=Event.Kind.ARTICLE_NEW, entity=platform,
                                 article=Article.objects.get(), payload={"title": "S-400 talks"})
    Delivery.objects.create(event=event, webhook=Webhook.objects.create(
        owner=reader, url="https://example.org/hook"))
    if apps.is_installed("axes"):  # sign-in attempts, which the admin lists
        attempt = dict(user_agent="test", ip_address="127.0.0.1", username="reader",
                       http_accept="*/*", path_info="/admin/login/")
        apps.get_model("axes", "AccessAttempt").objects.create(
            **attempt, get_data="", post_data="", failures_since_start=1)
        apps.get_model("axes", "AccessLog").objects.create(**attempt)
        apps.get_model("axes", "AccessFailureLog").objects.create(**attempt)
    return world


def patterns(resolver=None, regex="", namespaces=()):
    """(qualified name, pattern, full regex) of every endpoint, joined as Django joins them."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        joined = regex + p.pattern.regex.pattern.removeprefix("^")
        if isinstance(p, URLResolver):
            yield from patterns(p, joined, namespaces + ((p.namespace,) if p.namespace else ()))
        else:
            yield ":".join(namespaces + (p.name or "",)), p, joined


def first(model):
    record = model._default_manager.order_by("pk").first()
    assert record is not None, f"the every_record fixture has no {model.__name__}: add one"
    return record


def admin_values(name, pattern, params) -> dict:
    """Values for an admin address: the first record of the model it is about."""
    if params == ["url"]:
        return {"url": "nowhere/"}   # the catch-all
    if name == "admin:view_on_site":
        s400 = Entity.objects.get(slug="s-400").platform
        return {"content_type_id": ContentType.objects.get_for_model(s400).pk,
                "object_id": s400.pk}
    if name == "admin:app_list":
        return {"app_label": "procurement"}
    if name == "admin:auth_user_password_change":
        return {"id": User.objects.get(username="reader").pk}
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin:
        model = model_admin.model
    else:  # simple_history's pages have no model_admin; their name has app and model
        app_label, model_name, _ = name.removeprefix("admin:").split("_", 2)
        model = apps.get_model(app_label, model_name)
    if params == ["_0", "_1"]:       # simple_history: /<object id>/history/<history id>/
        version = first(model.history.model)
        return {"_0": getattr(version, model._meta.pk.attname), "_1": version.history_id}
    return {"object_id": first(model).pk}


def api_values(name, pattern, params) -> dict:
    """Values for an API detail address: the lookup field of the first record of its route."""
    basename = name.removeprefix("api:").removesuffix("-detail")
    basename = basename.removesuffix("-promote").removesuffix("-dismiss")  # a record's actions
    basename = basename.removesuffix("-ping")
    model = StatusClaim if basename == "claim" else apps.get_model("procurement", basename)
    lookup = pattern.callback.cls.lookup_field
    return {lookup: getattr(first(model), lookup)}


def site_values(name, params) -> list[dict]:
    """Values for the site's own pages; entity pages are visited once for every kind."""
    if name == "procurement:programme":
        return [{"slug": first(apps.get_model("procurement", "programme")).slug}]
    if name == "procurement:article":
        return [{"pk": first(apps.get_model("procurement", "article")).pk}]
    if name == "procurement:entities":
        return [{"prefix": prefix} for prefix in Entity.URL_PREFIX.values()]
    if name in TOKEN_OPENED:
        token = Subscriber.objects.get(user__username="reader").feed_token
        return [{"token": token, **({"kind": "systems", "slug": "s-400"} if "kind" in params
                                    else {})}]
    if name == "procurement:entity":
        return [{"prefix": prefix, "slug": Entity.objects.filter(kind=kind)[0].slug}
                for kind, prefix in Entity.URL_PREFIX.items()]
    raise AssertionError(f"{name or 'an unnamed pattern'} takes {params}: teach "
                         "tests/test_access.py which records to fill them with")


def addresses() -> list[tuple[str, str, list]]:
    """(qualified name, address, the pattern's parameters) for every URL pattern."""
    found = []
    for name, pattern, regex in patterns():
        template, params = normalize(regex)[0]
        if not params:
            values = [{}]
        elif name.startswith("admin:"):
            values = [admin_values(name, pattern, params)]
        elif name.startswith("api:"):
            values = [api_values(name, pattern, params)]
        else:
            values = site_values(name, params)
        for kwargs in values:
            url = "/" + template % {k: str(v) for k, v in kwargs.items()}
            assert resolve(url).func == pattern.callback, f"{url} does not reach {name}"
            found.append((name, url, params))
    return found


def refused(client, response) -> bool:
    """Refused without showing anything: an error status, or redirects ending at signing in."""
    for _ in range(3):
        if response.status_code not in (301, 302):
            break
        if urlsplit(response["Location"]).path == reverse("admin:login"):
            return True
        response = client.get(response["Location"])
    return response.status_code in (401, 403, 404, 405)


def test_it_walks_every_url_pattern_including_admin_and_api(every_record):
    """The walk reaches the site's pages, the API, its schema and the admin."""
    names = {name for name, _, _ in addresses()}
    assert {"procurement:home", "procurement:entity", "procurement:changes-feed",
            "api:platform-detail", "api:schema", "api:docs", "admin:login",
            "admin:procurement_platform_change"} <= names


def test_it_refuses_every_address_to_anonymous_readers_when_reading_is_closed(client, every_record,
                                                                              closed):
    """Only signing in, the language switch and the health check answer; nothing else does,
    with any of the query strings (?format=csv included)."""
    open_ = []
    for name, url, _ in addresses():
        if url in OPEN_PATHS or name in TOKEN_OPENED:
            continue
        for query in QUERIES:
            response = client.get(url + query)
            if not refused(client, response):
                open_.append(f"{url}{query} ({name}): {response.status_code}")
    assert open_ == [], "\n".join(open_)


def test_it_still_answers_every_address_to_a_signed_in_reader(client, every_record, closed,
                                                              django_user_model):
    """Any account reads every page and the API; a superuser reaches every admin address."""
    client.force_login(User.objects.get(username="reader"))
    wrong = []
    for name, url, _ in addresses():
        if name.startswith("admin:"):
            continue
        expected = NOT_READ.get(name, 200)
        status = client.get(url).status_code
        if status != expected:
            wrong.append(f"{url} ({name}): {status}, not {expected}")
    assert wrong == [], "\n".join(wrong)
    # The admin addresses are real, so the anonymous walk's refusals are not 404s by accident.
    client.force_login(django_user_model.objects.create_superuser("root", "", "pw-for-tests"))
    for name, url, params in addresses():
        if name.startswith("admin:") and params != ["url"]:
            status = client.get(url).status_code
            if status == 404 or status >= 500:
                wrong.append(f"{url} ({name}): {status}")
    assert wrong == [], "\n".join(wrong)


def test_it_sends_anonymous_readers_of_a_page_to_sign_in_and_back(client, every_record, closed):
    """A page (and its CSV) redirects to the admin sign-in with ?next= to come back to."""
    response = client.get("/programmes/?format=csv")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/programmes/%3Fformat%3Dcsv"


def test_it_answers_the_feed_with_401_when_reading_is_closed(client, every_record, closed):
    """A feed reader cannot follow a sign-in form: it is told plainly."""
    response = client.get("/changes/feed/")
    assert response.status_code == 401
    assert "India" not in response.content.decode()


def test_it_closes_the_api_schema_and_docs_but_lets_tokens_through(client, every_record, closed):
    """Reading closed: the schema and docs answer 401 to anonymous callers; a token reads."""
    assert client.get("/api/schema/").status_code == 401
    assert client.get("/api/docs/").status_code == 401
    assert client.get("/api/v1/platforms/").status_code == 401
    _, key = AuthToken.objects.create(user=User.objects.get(username="reader"))
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.get("/api/v1/platforms/", **auth).status_code == 200
    assert client.get("/api/schema/", **auth).status_code == 200


def test_it_leaves_signing_in_the_language_switch_and_static_files_open(client, every_record, closed):
    """The sign-in page, its style sheet, the language switch and the health check work for
    anonymous visitors."""
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/static/procurement/site.css").status_code == 200
    assert client.get("/healthz").status_code == 200
    response = client.post("/i18n/setlang/", {"language": "hi", "next": "/admin/login/"})
    assert response.status_code == 302 and response["Location"] == "/admin/login/"


def test_it_leaves_everything_open_while_reading_is_public(client, every_record, settings):
    """TRACKER_PUBLIC_READ=1 (the default): pages, the feed, the schema answer anonymously."""
    settings.TRACKER_PUBLIC_READ = True
    for url in ("/", "/programmes/?format=csv", "/changes/feed/", "/api/schema/",
                "/api/docs/", "/api/v1/platforms/"):
        assert client.get(url).status_code == 200, url
