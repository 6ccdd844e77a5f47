"""Production settings: the environment README documents passes `check --deploy` cleanly."""

import os
import re
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import tracker.settings

ROOT = Path(tracker.settings.__file__).resolve().parent.parent

# The block in README's "Production" section, less the database (check does not connect).
PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "tracker.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://tracker.example.org",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "NUM_PROXIES": "1",
}
SECURITY = ("SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")


def clean_environment(**env) -> dict:
    """This process's environment without any setting README documents, plus `env`."""
    keep = {name: value for name, value in os.environ.items()
            if name not in PRODUCTION
            # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; no server has it.
            and name not in ("SECRET_KEY", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return {**keep, **env}


@pytest.mark.slow
def test_it_passes_check_deploy_in_the_documented_production_environment():
    """`manage.py check --deploy --fail-level WARNING` exits 0 with no warning."""
    env = clean_environment(SECRET_KEY=secrets.token_urlsafe(50), **PRODUCTION)
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy",
                             "--fail-level", "WARNING"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_it_documents_that_environment_in_the_readme():
    """Every variable of the production block above appears in README's Production block."""
    readme = (ROOT / "README.md").read_text()
    for name, value in PRODUCTION.items():
        assert f"{name}={value}" in readme, name


def test_it_trusts_no_proxy_header_unless_told(monkeypatch):
    """DEBUG=0 alone no longer trusts X-Forwarded-Proto; HTTPS settings stay off by default."""
    for name in SECURITY:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DEBUG", "0")
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("ALLOWED_HOSTS", "tracker.example.org")
    production = runpy.run_path(tracker.settings.__file__)
    assert "SECURE_PROXY_SSL_HEADER" not in production
    assert production["SECURE_HSTS_SECONDS"] == 0 and not production["SECURE_SSL_REDIRECT"]
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO")
    behind_proxy = runpy.run_path(tracker.settings.__file__)
    assert behind_proxy["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_it_serves_the_api_docs_from_its_own_static_files(client, db):
    """/api/docs/ loads Swagger UI from /static/, no other host, and those files are served."""
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    references = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert references and all(ref.startswith("/static/") for ref in references), references
    assert not re.search(r"https?://|cdn", html)
    bundle = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    assert b"SwaggerUI" in b"".join(bundle.streaming_content)


def test_it_redirects_plain_http_except_the_health_probe(client, db, settings):
    """With SECURE_SSL_REDIRECT pages move to HTTPS; /healthz answers probes where it is."""
    settings.SECURE_SSL_REDIRECT = True
    page = client.get("/")
    probe = client.get("/healthz")
    assert page.status_code == 301 and page["Location"].startswith("https://")
    assert probe.status_code != 301


def test_it_spares_the_garbage_collector_what_a_worker_loads_at_start():
    """Full collections otherwise walk every module, model and view on each run."""
    import gc
    import importlib

    import tracker.wsgi

    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    importlib.reload(tracker.wsgi)
    assert gc.get_freeze_count() > 10_000
    gc.unfreeze()  # the rest of the suite collects as usual
