"""GET /healthz: 200 when the database answers and every migration is applied, 503 with the
reason otherwise; JSON always, never cached, one small query once migrations are known."""

import json

import pytest
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from procurement.views import health


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch):
    """Each test starts like a newly started worker, before migrations were found applied."""
    monkeypatch.setattr(health, "migrations_applied", False)


def body(response) -> dict:
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def assert_not_cached(response):
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_it_answers_ok_when_the_database_answers_and_migrations_are_applied(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert body(response) == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert_not_cached(response)


def test_it_answers_head_without_a_body(client, db):
    response = client.head("/healthz")
    assert response.status_code == 200
    assert response.content == b""


def test_it_needs_no_sign_in_and_no_redirect(client, db, settings):
    """Even with reading closed to anonymous users, the probe gets its answer at /healthz."""
    settings.TRACKER_PUBLIC_READ = False
    response = client.get("/healthz", follow=False)
    assert response.status_code == 200
    assert client.get("/healthz/").status_code == 404  # one address, the one probes are given


def test_it_reports_unapplied_migrations_with_503(client, db):
    """Two migrations marked unapplied (rolled back with the test's transaction)."""
    recorder = MigrationRecorder(connection)
    recorder.record_unapplied("procurement", "0005_article_write_indexes")
    recorder.record_unapplied("procurement", "0004_drop_covered_indexes")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert body(response) == {"status": "error", "database": "ok", "migrations": "2 unapplied"}
    assert health.migrations_applied is False  # looks again next time, until migrate has run
    assert_not_cached(response)


def test_it_turns_healthy_once_migrations_are_applied(client, db):
    recorder = MigrationRecorder(connection)
    recorder.record_unapplied("procurement", "0005_article_write_indexes")
    assert client.get("/healthz").status_code == 503
    recorder.record_applied("procurement", "0005_article_write_indexes")
    assert client.get("/healthz").status_code == 200
    assert health.migrations_applied is True


def test_it_reports_an_unreachable_database_with_503(client, db, monkeypatch):
    def refuse(self, sql, params=None):
        raise OperationalError("connection to server at 10.0.0.5 failed: Connection refused")

    with monkeypatch.context() as patch:  # undone before the test database is torn down
        patch.setattr(CursorWrapper, "execute", refuse)
        response = client.get("/healthz")
    assert response.status_code == 503
    data = body(response)
    assert data == {"status": "error", "database": "unreachable", "migrations": "unknown"}
    assert "10.0.0.5" not in response.content.decode()  # the reason is logged, not shown
    assert_not_cached(response)


def test_it_refuses_other_methods_with_405_in_json(client, db):
    for method in (client.post, client.put, client.delete):
        response = method("/healthz")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
        assert body(response)["status"] == "error"


def test_it_refuses_post_in_json_even_with_csrf_checks(db):
    response = Client(enforce_csrf_checks=True).post("/healthz")
    assert response.status_code == 405
    assert body(response)["status"] == "error"


def test_it_costs_one_query_once_migrations_are_known(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the first request also reads the migration table
        assert client.get("/healthz").status_code == 200
    for _ in range(3):
        with django_assert_max_num_queries(1):
            assert client.get("/healthz").status_code == 200
