"""Ingest runs side by side: rows both create (outlets, stories) and errors nobody foresaw."""

import io
import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from procurement.models import Article, Outlet, Story
from procurement.services.ingest import IngestError, article_ingest

from .test_ingest import run

REPRINT = ("Moscow. Russia's defence ministry said on Wednesday that the remaining S-400 "
           "squadrons for India are being prepared for shipment, with training of Indian crews "
           "under way near the production site and the last batch planned for next year. "
           "Officials in New Delhi said the schedule agreed in 2018 had slipped twice because "
           "of the war in Ukraine and payment issues, but both sides now describe it as firm. ")


@contextmanager
def other_run_after(*fragments, then):
    """Call `then` once, right after the first query whose SQL holds all `fragments`: what
    another ingest run committing between this run's read and its write looks like."""
    seen = []

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not seen and all(f in sql for f in fragments):
            seen.append(sql)
            then()
        return result

    with connection.execute_wrapper(wrapper):
        yield seen
    assert seen, f"no query with {fragments}"


def test_it_reads_the_outlet_another_run_created_after_its_lookup(db, tmp_path):
    """The second run's insert failed on the unique name: IntegrityError, no report, records
    lost. Now the insert is undone alone and the other run's row is used."""
    (tmp_path / "a.json").write_text(json.dumps({"body": "S-400 talks.", "outlet": "Demo Desk"}))
    with other_run_after('FROM "procurement_outlet"', '"name" =',
                         then=lambda: Outlet.objects.create(name="Demo Desk", slug="demo-desk")):
        status, report = run(tmp_path / "a.json")
    assert status == 0
    article = Article.objects.get(pk=report["created"][0]["article"])
    assert (article.outlet.name, article.outlet.slug) == ("Demo Desk", "demo-desk")
    assert Outlet.objects.count() == 1 and report["errors"] == []


def test_it_takes_the_next_slug_when_another_run_took_this_one_meanwhile(db):
    """Another name with the same slug ("Demo-Desk") arrived between the check and the insert."""
    with other_run_after('FROM "procurement_outlet"', '"slug" =',
                         then=lambda: Outlet.objects.create(name="Demo-Desk", slug="demo-desk")):
        result = article_ingest(body="S-400 talks.", outlet="Demo Desk")
    assert not result.duplicate
    assert result.article.outlet.slug == "demo-desk-2"
    assert sorted(Outlet.objects.values_list("name", flat=True)) == ["Demo Desk", "Demo-Desk"]


def test_it_refuses_a_url_another_run_stored_other_text_under_meanwhile(db):
    """The unique URL index failed the insert and the IntegrityError escaped the service."""
    url = "https://example.org/s400"
    with other_run_after('FROM "procurement_article"', '"url" =',
                         then=lambda: article_ingest(body="Their S-400 copy.", url=url)):
        with pytest.raises(IngestError) as refused:
            article_ingest(body="Our S-400 copy.", url=url)
    theirs = Article.objects.get()
    assert theirs.body == "Their S-400 copy."
    assert str(refused.value) == (f"Another article (id {theirs.pk}) already has this URL "
                                  "with different text.")


def test_it_joins_the_story_another_run_gave_the_earlier_article_meanwhile(db):
    """Both runs saw the original without a story; the second overwrote the first's story and
    split the reprints. Now it joins the story that got there first."""
    original = article_ingest(body="Original headline\n" + REPRINT).article

    def other_run_links_it():
        story = Story.objects.create(title="Original headline")
        Article.objects.filter(pk=original.pk).update(story=story)

    with other_run_after("signature", "story_id", then=other_run_links_it):
        reprint = article_ingest(body="A reprint\n" + REPRINT + "Wire copy.").article
    original.refresh_from_db()
    assert original.story_id is not None
    assert reprint.story_id == original.story_id
    assert Story.objects.count() == 1


def test_it_turns_an_unexpected_error_into_that_records_error_line(db, tmp_path, monkeypatch):
    """A bug or database failure for one record ended the run with a traceback and no report."""
    from procurement.management.commands import ingest as command

    real_store = command.article_store

    def store(*, draft, automaton):
        if draft.title == "Boom":
            raise RuntimeError("disk on\nfire")
        return real_store(draft=draft, automaton=automaton)

    monkeypatch.setattr(command, "article_store", store)
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"title": "Fine", "body": "S-400 talks."}, {"title": "Boom", "body": "S-400 deal."},
        {"title": "Also fine", "body": "S-400 delivery."}]))
    status, report = run(tmp_path / "a.jsonl")
    assert status == 1
    assert sorted(c["title"] for c in report["created"]) == ["Also fine", "Fine"]
    assert Article.objects.count() == 2
    assert report["errors"] == [{
        "file": str(tmp_path / "a.jsonl"), "record": 1,
        "error": "Not stored, because of an unexpected error (RuntimeError: disk on fire); "
                 "the rest of the run went on."}]
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit):
        call_command("ingest", str(tmp_path / "a.jsonl"), stdout=out, stderr=err)
    assert "0 articles created" in out.getvalue() and "2 already stored" in out.getvalue()
    assert "record 1: Not stored, because of an unexpected error" in err.getvalue()
    assert "Traceback" not in err.getvalue()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_it_survives_two_real_runs_creating_the_same_outlets_at_once(tmp_path):
    """Two processes, each ingesting 40 articles under the same 40 new outlets, in the same
    order: on PostgreSQL they meet on most outlets. Both print their report and store all."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database that two processes can share (PostgreSQL)")
    for run_name in ("a", "b"):
        (tmp_path / f"{run_name}.jsonl").write_text("\n".join(json.dumps({
            "body": f"Run {run_name}, report {n}: the S-400 delivery {n} arrived.",
            "outlet": f"Race Desk {n}"}) for n in range(40)))
    settings = connection.settings_dict
    url = (f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
           f"{settings['PORT']}/{settings['NAME']}")
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    env = {**os.environ, "DATABASE_URL": url}
    runs = [subprocess.Popen([sys.executable, str(manage), "ingest", "--json",
                              str(tmp_path / f"{name}.jsonl")], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for name in ("a", "b")]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in runs]
    for status, out, err in results:
        assert status == 0, err
        assert "Traceback" not in err
        assert len(json.loads(out)["created"]) == 40
    assert Article.objects.count() == 80
    assert Outlet.objects.count() == 40
    assert Article.objects.filter(outlet__isnull=True).count() == 0
