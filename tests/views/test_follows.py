"""Following items from their pages, the list of what I follow, and the private Atom feeds."""

import datetime

import pytest

from procurement import services
from procurement.models import Event, Follow, Review, Subscriber
from procurement.services.alerts import follow_create

from ..conftest import make_claim
from .conftest import page
from .test_query_plans import _plans


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("reader", "reader@example.org", "pw-for-tests")


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


def token_of(user) -> str:
    return Subscriber.objects.get(user=user).feed_token


def confirm(programme, editor, n=1):
    """n claims confirmed in turn, each changing the status: 2n events."""
    for day in range(1, n + 1):
        claim = make_claim(programme, review=Review.MACHINE, units_delivered=day % 5,
                           occurred_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=day))
        services.claim_review(claim=claim, review=Review.CONFIRMED, editor=editor)


def test_it_follows_and_unfollows_from_the_system_page(reader_client, reader, s400):
    """The button posts to /follows/ and comes back to the page, which then says so."""
    html = page(reader_client.get("/systems/s-400/"))
    assert f'value="entity:{s400.pk}"' in html and 'value="follow"' in html
    response = reader_client.post("/follows/", {"action": "follow", "target": f"entity:{s400.pk}",
                                                "next": "/systems/s-400/"})
    assert response.status_code == 302 and response["Location"] == "/systems/s-400/"
    assert Follow.objects.get().entity_id == s400.pk
    assert 'value="unfollow"' in page(reader_client.get("/systems/s-400/"))
    response = reader_client.post("/follows/", {"action": "unfollow",
                                                "target": f"entity:{s400.pk}"})
    assert response.status_code == 302 and response["Location"] == "/follows/"
    assert not Follow.objects.exists()


def test_it_follows_a_programme_a_person_and_a_meeting(reader_client, world, belousov):
    """Each of those pages has the button; a country's has none."""
    meeting = world.platform.meeting_outcomes.get().meeting
    for url in (world.get_absolute_url(), belousov.get_absolute_url(), meeting.get_absolute_url()):
        assert 'name="action" value="follow"' in page(reader_client.get(url)), url
    assert 'value="follow"' not in page(reader_client.get("/countries/india/"))
    reader_client.post("/follows/", {"action": "follow", "target": f"programme:{world.pk}"})
    assert Follow.objects.get().programme_id == world.pk


def test_it_asks_anonymous_readers_to_sign_in_and_follows_nothing_for_them(client, s400):
    html = page(client.get("/systems/s-400/"))
    assert "Sign in to follow" in html and "/admin/login/?next=/systems/s-400/" in html
    response = client.post("/follows/", {"action": "follow", "target": f"entity:{s400.pk}"})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not Follow.objects.exists()


def test_it_refuses_unknown_targets_and_unsafe_next_addresses(reader_client, india, s400):
    """A country, a missing record or nonsense is refused with a message; `next` must be ours."""
    for target in (f"entity:{india.pk}", "entity:999999", "platform:1", "entity:x"):
        response = reader_client.post("/follows/", {"action": "follow", "target": target})
        assert response.status_code == 302 and response["Location"] == "/follows/"
    response = reader_client.post("/follows/", {"action": "follow", "target": f"entity:{s400.pk}",
                                                "next": "https://evil.example/"})
    assert response["Location"] == "/follows/"
    assert list(Follow.objects.values_list("entity_id", flat=True)) == [s400.pk]
    html = page(reader_client.get("/follows/"))
    assert "Only systems, people, meetings and programmes can be followed." in html
    assert "That item does not exist (any more)." in html


def test_it_lists_what_i_follow_with_each_feed_and_the_digest_setting(reader_client, reader, s400,
                                                                      programme):
    follow_create(user=reader, target=s400)
    follow_create(user=reader, target=programme)
    token = token_of(reader)
    html = page(reader_client.get("/follows/"))
    assert f"http://testserver/follows/feed/{token}/" in html
    assert f"/follows/feed/{token}/systems/s-400/" in html
    assert f"/follows/feed/{token}/programmes/{programme.slug}/" in html
    assert 'name="digest" value="on" checked' in html
    reader_client.post("/follows/", {"action": "digest"})
    assert Subscriber.objects.get().digest is False


def test_it_shows_my_feed_by_token_without_a_session(client, reader, programme, editor):
    """Newest first; the token alone opens it."""
    follow_create(user=reader, target=programme)
    confirm(programme, editor, n=2)
    response = client.get(f"/follows/feed/{token_of(reader)}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert xml.count("<entry>") == 4
    newest = Event.objects.order_by("-created", "-pk").first()
    assert xml.index(f"event:{newest.pk}<") < xml.index(f"event:{newest.pk - 1}<")


def test_it_keeps_an_items_feed_to_that_item(client, reader, s400, belousov, programme, editor):
    """/follows/feed/<token>/systems/s-400/ has the system's events; an item not followed is
    not found."""
    follow_create(user=reader, target=s400)
    follow_create(user=reader, target=belousov)
    confirm(programme, editor)
    token = token_of(reader)
    assert client.get(f"/follows/feed/{token}/systems/s-400/").content.decode().count("<entry>") == 2
    assert client.get(f"/follows/feed/{token}/people/andrei-belousov/").content.decode() \
        .count("<entry>") == 0
    assert client.get(f"/follows/feed/{token}/programmes/{programme.slug}/").status_code == 404


def test_it_answers_404_to_a_wrong_or_reset_token(client, reader, reader_client, s400):
    follow_create(user=reader, target=s400)
    old = token_of(reader)
    assert client.get(f"/follows/feed/{old[:-1]}x/").status_code == 404
    assert client.get("/follows/feed/" + "a" * 200 + "/").status_code == 404
    reader_client.post("/follows/", {"action": "reset"})
    assert token_of(reader) != old
    assert client.get(f"/follows/feed/{old}/").status_code == 404
    assert client.get(f"/follows/feed/{token_of(reader)}/").status_code == 200


def test_it_closes_the_feed_of_a_deactivated_account(client, reader, s400):
    follow_create(user=reader, target=s400)
    reader.is_active = False
    reader.save()
    assert client.get(f"/follows/feed/{token_of(reader)}/").status_code == 404


def test_it_opens_the_feed_by_token_when_reading_is_closed(client, reader, s400, settings):
    """The token is the credential: a feed reader cannot sign in. Without it: 404 as ever."""
    settings.TRACKER_PUBLIC_READ = False
    follow_create(user=reader, target=s400)
    assert client.get(f"/follows/feed/{token_of(reader)}/").status_code == 200
    assert client.get("/follows/feed/nope/").status_code == 404
    assert client.get("/changes/feed/").status_code == 401


@pytest.mark.parametrize("claims", [1, 50])
def test_it_reads_the_feeds_and_the_list_in_a_fixed_number_of_queries(
        client, reader, s400, programme, editor, claims, django_assert_max_num_queries):
    follow_create(user=reader, target=s400)
    follow_create(user=reader, target=programme)
    confirm(programme, editor, n=claims)
    token = token_of(reader)
    with django_assert_max_num_queries(2):
        assert client.get(f"/follows/feed/{token}/").status_code == 200
    with django_assert_max_num_queries(3):  # and one to find the item among my follows
        assert client.get(f"/follows/feed/{token}/systems/s-400/").status_code == 200
    client.force_login(reader)
    with django_assert_max_num_queries(6):
        assert client.get("/follows/").status_code == 200
    with django_assert_max_num_queries(17):  # the page's own budget, plus the button's one
        assert client.get("/systems/s-400/").status_code == 200


def test_it_reads_no_feed_by_scanning_articles_or_mentions(client, reader, make_corpus):
    make_corpus(20)
    from procurement.models import Platform, Programme
    follow_create(user=reader, target=Platform.objects.get(slug="s-400"))
    follow_create(user=reader, target=Programme.objects.get(slug="india-s-400-purchase"))
    token = token_of(reader)
    assert _plans(client, f"/follows/feed/{token}/") == []
    assert _plans(client, f"/follows/feed/{token}/systems/s-400/") == []
    client.force_login(reader)
    assert _plans(client, "/follows/") == []
