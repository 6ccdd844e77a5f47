"""Acceptance: the five seed articles, ingested with the reference data, give what a reader finds.

The seeds live beside the repository (CI has them); without them these tests are skipped.
"""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from procurement.models import Article, StatusClaim

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not beside the repo")

PEOPLE = {
    0: {"rajnath-singh", "andrei-belousov"},
    1: {"rajnath-singh", "andrei-belousov", "dong-jun"},
    2: {"narendra-modi", "vladimir-putin"},
    3: {"s-jaishankar", "sergey-lavrov"},
    4: {"vladimir-putin", "zhang-youxia", "xi-jinping", "sergei-shoigu"},
}


@pytest.fixture
def ingested(db):
    call_command("load_reference", verbosity=0)
    out = io.StringIO()
    try:
        call_command("ingest", "--json", str(SEEDS), stdout=out)
    except SystemExit as exit:
        pytest.fail(f"ingest exited {exit.code}: {out.getvalue()}")
    report = json.loads(out.getvalue())
    assert report["errors"] == []
    by_seed = {}
    for created in report["created"]:
        index = int(Path(created["file"]).name[:3])
        by_seed[index] = created
    assert sorted(by_seed) == [0, 1, 2, 3, 4]
    return by_seed


def found(created) -> set[str]:
    return {m["entity"] for m in created["mentions"]}


def test_it_finds_both_systems_in_the_first_two_articles(ingested):
    """S-400 and Su-30 MKI, in Devanagari and Latin spellings."""
    for index in (0, 1):
        assert {"s-400", "su-30mki"} <= found(ingested[index]), index


def test_it_finds_the_forums(ingested):
    """SCO in the Qingdao reports; SCO, BRICS and IRIGC-M&MTC in the summit report."""
    assert "sco" in found(ingested[0]) and "sco" in found(ingested[1])
    assert {"sco", "brics", "irigc-mmtc"} <= found(ingested[2])


def test_it_finds_every_person_named(ingested):
    """Each person a reader would count, under every spelling the seeds use."""
    for index, people in PEOPLE.items():
        assert people <= found(ingested[index]), (index, people - found(ingested[index]))


def test_it_finds_the_countries_and_no_false_india_in_indian(ingested):
    """भारत and रूस are found; भारतीय counts as India only through its own alias."""
    assert {"india", "russia"} <= found(ingested[0])
    article = Article.objects.get(pk=ingested[0]["article"])
    for m in ingested[0]["mentions"]:
        assert article.body[m["start"]:m["end"]] == m["text"]
        assert m["text"] != "भारत" or article.body[m["end"]:m["end"] + 1] != "ी"


def test_it_reads_the_datelines_and_no_body_dates(ingested):
    """26 June 2025 and 19 November 2025; the others have no dateline."""
    assert ingested[0]["published_on"] == "2025-06-26"
    assert ingested[3]["published_on"] == "2025-11-19"
    for index in (1, 2, 4):
        assert ingested[index]["published_on"] is None, index
    assert Article.objects.get(pk=ingested[0]["article"]).published_on == datetime.date(2025, 6, 26)


def test_it_detects_hindi_and_keeps_the_seeds_apart(ingested):
    """All five are Hindi and none is a near-duplicate of another."""
    articles = Article.objects.filter(pk__in=[c["article"] for c in ingested.values()])
    assert {a.language for a in articles} == {"hi"}
    assert all(a.story_id is None for a in articles)


def test_it_suggests_claims_from_the_qingdao_reports(ingested):
    """Sentences where the S-400 meets a supply cue become claims for editors."""
    qingdao = [ingested[0]["article"], ingested[1]["article"]]
    suggested = StatusClaim.objects.filter(review="machine", article_id__in=qingdao)
    assert suggested.filter(programme__slug="india-s-400-purchase").exists()
    for claim in suggested:
        assert claim.article.body[claim.quote_start:claim.quote_end] == claim.quote
