"""Without Chromium the browser tests skip, except where CI demands them (then they fail)."""

from pathlib import Path

import pytest

from . import conftest


def test_it_skips_without_chromium(monkeypatch):
    """No /usr/bin/chromium and no TRACKER_REQUIRE_BROWSER: skipped, with the reason."""
    monkeypatch.setattr(conftest, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.delenv("TRACKER_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="is not installed"):
        conftest._require_browser()


def test_it_fails_without_chromium_when_required(monkeypatch):
    """TRACKER_REQUIRE_BROWSER=1 turns a missing browser into a failure."""
    monkeypatch.setattr(conftest, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setenv("TRACKER_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="TRACKER_REQUIRE_BROWSER=1"):
        conftest._require_browser()
