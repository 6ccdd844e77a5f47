"""The ingest command refuses a bad record with a reason and goes on with the rest."""

import io
import json

import pytest
from django.core.management import call_command

from procurement.models import Article, Outlet

from .test_ingest import run


def by_name(entries):
    return {(e["file"].rsplit("/", 1)[-1], e.get("record", 0)): e for e in entries}


def test_it_refuses_a_url_longer_than_its_column_and_keeps_the_rest(db, tmp_path):
    """It stopped the run with "value too long" on PostgreSQL, and was stored on SQLite."""
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"body": "S-400 talks.", "url": "https://example.org/" + "a" * 592},
        {"body": "S-400 deal.", "url": "https://example.org/fine"}]))
    status, report = run(tmp_path / "a.jsonl")
    assert status == 1
    assert Article.objects.get().url == "https://example.org/fine"
    assert by_name(report["errors"])[("a.jsonl", 0)]["error"] == (
        "The URL is 612 characters long; at most 500 are allowed.")


@pytest.mark.parametrize("record", [
    '{"body": ' + "[" * 5000 + "]" * 5000 + "}",
    '{"body": "S-400", "title": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}",
])
def test_it_refuses_a_record_nested_too_deeply_and_keeps_the_rest(db, tmp_path, record):
    """A RecursionError in json.loads ended the whole run."""
    (tmp_path / "deep.json").write_text(record)
    (tmp_path / "deep.jsonl").write_text(record + '\n{"body": "The S-400 arrived."}\n')
    status, report = run(tmp_path / "deep.json", tmp_path / "deep.jsonl")
    assert status == 1
    assert [c["record"] for c in report["created"]] == [1]
    assert Article.objects.count() == 1
    errors = by_name(report["errors"])
    assert set(errors) == {("deep.json", 0), ("deep.jsonl", 0)}
    for error in errors.values():
        assert error["error"] == ("Not valid JSON: The JSON is nested too deeply: "
                                  "more than 64 levels of [ ] or { }.")


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("published_on", 20250101, "Field 'published_on' must be a date written as text, "
                               "YYYY-MM-DD (not a number)."),
    ("title", 7, "Field 'title' must be text."),
    ("url", ["https://example.org/"], "Field 'url' must be text."),
    ("outlet", {"name": "Demo"}, "Field 'outlet' must be text."),
    ("language", 0, "Field 'language' must be text."),
    ("body", 12, "Field 'body' must be text."),
])
def test_it_refuses_fields_that_are_not_text(db, tmp_path, field, value, reason):
    """"published_on": 20250101 was ignored without a word and the dateline used instead."""
    record = {"body": "NEW DELHI, June 26 - S-400 talks.", field: value}
    (tmp_path / "a.jsonl").write_text(json.dumps(record) + '\n{"body": "S-400 deal."}')
    status, report = run("--language", "en", tmp_path / "a.jsonl")
    assert status == 1
    assert [c["record"] for c in report["created"]] == [1]
    assert report["errors"] == [{"file": str(tmp_path / "a.jsonl"), "record": 0,
                                 "error": reason}]


def test_it_lists_other_files_in_a_folder_as_skipped(db, tmp_path):
    """They were left out silently; now each is named, without making the run fail."""
    (tmp_path / "a.txt").write_text("The S-400 arrived.")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "photo.JPG").write_bytes(b"\xff\xd8")
    (tmp_path / "sub" / "b.JSON").write_text('{"body": "S-400 deal."}')
    status, report = run(tmp_path)
    assert status == 0
    assert Article.objects.count() == 2 and report["errors"] == []
    reason = "Not a .txt, .json or .jsonl file."
    assert report["skipped"] == [{"file": str(tmp_path / "notes.docx"), "reason": reason},
                                 {"file": str(tmp_path / "sub" / "photo.JPG"), "reason": reason}]
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", str(tmp_path), stdout=out, stderr=err)
    assert "0 articles created (0 mentions), 2 already stored, 0 refused, 2 files skipped." in (
        out.getvalue())
    assert f"{tmp_path / 'notes.docx'}: skipped: {reason}" in err.getvalue()


def test_it_gives_a_devanagari_outlet_a_readable_slug(db, tmp_path):
    (tmp_path / "a.txt").write_text("एस-400 की आपूर्ति पर बातचीत।", encoding="utf-8")
    status, report = run("--outlet", "ट्रैकर डेमो डेस्क", tmp_path / "a.txt")
    assert status == 0
    assert Outlet.objects.get().slug == "ट्रैकर-डेमो-डेस्क"


def test_it_serves_an_outlet_with_a_devanagari_slug_at_its_api_address(db, client):
    from procurement.services.ingest import article_ingest

    outlet = article_ingest(body="S-400 talks.", outlet="ट्रैकर डेमो डेस्क").article.outlet
    answer = client.get(f"/api/v1/outlets/{outlet.slug}/")
    assert answer.status_code == 200
    assert answer.json()["name"] == "ट्रैकर डेमो डेस्क"
