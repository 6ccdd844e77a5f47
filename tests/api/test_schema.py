"""The OpenAPI schema: valid without warnings, documented, and true to what the API answers."""

import io

import hypothesis
import pytest
import schemathesis
from hypothesis import strategies as st
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance,
                                               response_schema_conformance,
                                               status_code_conformance)

RESOURCES = ["entities", "platforms", "countries", "people", "organisations", "forums",
             "meetings", "agreements", "programmes", "claims", "outcomes", "aliases", "outlets",
             "stories", "articles", "mentions"]


def test_it_validates_the_schema_without_warnings(db):
    """`manage.py spectacular --validate --fail-on-warn` passes."""
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out, stderr=out)
    assert "openapi: 3" in out.getvalue()


def test_it_lists_every_resource_with_its_errors(api):
    """Every resource is in the schema, and each operation documents its refusals."""
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for resource in RESOURCES:
        assert f"/api/v1/{resource}/" in schema["paths"], resource
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "404", "429"} <= codes, (method, path)
            if method in ("post", "put", "patch"):
                assert {"400", "403"} <= codes, (method, path)
            assert operation.get("summary") and operation.get("description"), (method, path)


def test_it_serves_the_docs_page(api):
    """/api/docs/ is Swagger UI pointing at /api/schema/."""
    response = api.get("/api/docs/")
    assert response.status_code == 200 and b"swagger-ui" in response.content
    assert b"/api/schema/" in response.content


# schemathesis: generated requests against the live WSGI app, in the test's transaction. Driven
# through Hypothesis directly: schemathesis' own pytest plugin does not run under pytest 9.
# A fixed seed and a few examples per operation keep it repeatable and well under a minute.
SEED = 20250626
EXAMPLES_PER_OPERATION = 4
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def wsgi_app(world):
    """The WSGI app without the per-request connection reset, so it sees the test's data.

    (Django's test client does the same: closing "old" connections inside the test's
    transaction would end it.)
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield WSGIHandler()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def fuzz(app, *, headers=None, exclude_paths=None) -> list[str]:
    """Run every operation of the schema; return what failed (empty when all is well)."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
    if exclude_paths:
        schema = schema.exclude(path_regex=exclude_paths)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        cases = st.one_of(operation.as_strategy(),
                          *schema.get_strategies_from_examples(operation))

        @hypothesis.seed(SEED)
        @hypothesis.settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True,
                             database=None, deadline=None,
                             phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
                             suppress_health_check=list(hypothesis.HealthCheck))
        @hypothesis.given(case=cases)
        def call(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            call()
        except Exception as error:  # noqa: BLE001 - collect every operation's failure
            failures.append(f"{operation.label}: {error}"[:3000])
    return failures


def test_it_answers_generated_anonymous_requests_as_documented(wsgi_app):
    """No server error; every answer's status, content type and body match the schema."""
    assert fuzz(wsgi_app) == []


def test_it_answers_generated_editor_requests_as_documented(wsgi_app, editor):
    """The same with an editor's token, writes included (revoking it would end the run)."""
    token = AuthToken.objects.create(user=editor)[1]
    assert fuzz(wsgi_app, headers={"Authorization": f"Token {token}"},
                exclude_paths="/auth/") == []
