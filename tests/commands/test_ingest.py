"""The ingest command: files in, one article per text, clear refusals, nothing lost."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from procurement import services
from procurement.models import Article, Mention, Story

HINDI = ("एस-४०० की आपूर्ति पर बातचीत\n\n"
         "नई दिल्ली | 26 जून 2025\n"
         "भारत और रूस के रक्षा मंत्रियों ने एस–400 प्रणाली की बची हुई आपूर्ति पर चर्चा की।\n"
         "बैठक में बेलौसोव ने कहा कि S400 की डिलीवरी समय पर होगी।\n")


def run(*args):
    """Run the command with --json; return (exit status, parsed report)."""
    out = io.StringIO()
    status = 0
    try:
        call_command("ingest", "--json", *[str(a) for a in args], stdout=out, stderr=io.StringIO())
    except SystemExit as exit:
        status = exit.code
    return status, json.loads(out.getvalue())


@pytest.fixture
def aliases(s400, belousov):
    return s400, belousov


def test_it_ingests_a_text_file_with_exact_offsets(tmp_path, aliases):
    """Every spelling is found and body[start:end] is the matched text."""
    path = tmp_path / "a.txt"
    path.write_text(HINDI, encoding="utf-8")
    status, report = run(path)
    assert status == 0
    assert report["errors"] == [] and report["duplicates"] == []
    created = report["created"][0]
    article = Article.objects.get(pk=created["article"])
    assert article.title == "एस-४०० की आपूर्ति पर बातचीत"
    assert article.language == "hi"
    assert str(article.published_on) == "2025-06-26"
    texts = sorted(m["text"] for m in created["mentions"])
    assert texts == sorted(["एस-४००", "एस–400", "S400", "बेलौसोव"])
    for m in created["mentions"]:
        assert article.body[m["start"]:m["end"]] == m["text"]
    assert {m["entity"] for m in created["mentions"]} == {"s-400", "andrei-belousov"}
    assert Mention.objects.filter(article=article).count() == 4


def test_it_creates_nothing_when_the_same_text_comes_again(tmp_path, aliases):
    """Re-ingesting the same text (even re-wrapped) is a duplicate."""
    (tmp_path / "a.txt").write_text(HINDI, encoding="utf-8")
    (tmp_path / "b.txt").write_text(HINDI.replace("\n", "\r\n"), encoding="utf-8")
    status, report = run(tmp_path / "a.txt")
    first = report["created"][0]["article"]
    status, report = run(tmp_path / "a.txt", tmp_path / "b.txt")
    assert status == 0
    assert report["created"] == []
    assert [d["article"] for d in report["duplicates"]] == [first, first]
    assert Article.objects.count() == 1


def test_it_reads_json_and_jsonl_records(tmp_path, aliases):
    """Objects carry title, url, outlet, language and date; record is the line index."""
    (tmp_path / "one.json").write_text(json.dumps({
        "title": "Delivery talks", "body": "India expects the last S-400 units next year.",
        "url": "https://example.org/s400", "outlet": "Demo Desk", "language": "en",
        "published_on": "2025-11-19"}), encoding="utf-8")
    lines = [{"body": "Talks on the S-400 continued in Moscow."}, {"body": "Nothing to see."}]
    (tmp_path / "many.jsonl").write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    status, report = run(tmp_path)
    assert status == 0
    by_file = {(c["file"].rsplit("/", 1)[-1], c["record"]): c for c in report["created"]}
    assert set(by_file) == {("one.json", 0), ("many.jsonl", 0), ("many.jsonl", 1)}
    one = Article.objects.get(pk=by_file[("one.json", 0)]["article"])
    assert (one.title, one.url, one.outlet.name, str(one.published_on)) == (
        "Delivery talks", "https://example.org/s400", "Demo Desk", "2025-11-19")


def test_it_refuses_bad_input_one_by_one_and_keeps_the_good(tmp_path, aliases, settings):
    """Each bad file or record gets its own reason; the good ones still land; exit 1."""
    settings.INGEST_MAX_BYTES = 2000
    (tmp_path / "good.txt").write_text("The S-400 arrived.", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 S-400".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00")
    (tmp_path / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "big.txt").write_text("x" * 3000, encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text("\n".join([
        '{"body": "Good line about the S-400 deal."}',
        '{"body": "unterminated',
        '{"title": "no body"}',
        '{"body": "Dated wrongly", "published_on": "2025-13-45"}',
        '["not", "an", "object"]',
    ]), encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    status, report = run(tmp_path / "good.txt", tmp_path / "latin1.txt", tmp_path / "binary.txt",
                         tmp_path / "empty.txt", tmp_path / "big.txt", tmp_path / "bad.jsonl",
                         tmp_path / "notes.docx", tmp_path / "missing.txt")
    assert status == 1
    assert len(report["created"]) == 2
    errors = {(e["file"].rsplit("/", 1)[-1], e["record"]): e["error"] for e in report["errors"]}
    assert "not valid UTF-8" in errors[("latin1.txt", 0)]
    assert "not text" in errors[("binary.txt", 0)]
    assert "empty" in errors[("empty.txt", 0)]
    assert "limit is 2,000" in errors[("big.txt", 0)]
    assert "Not valid JSON" in errors[("bad.jsonl", 1)]
    assert "'body'" in errors[("bad.jsonl", 2)]
    assert "not a date" in errors[("bad.jsonl", 3)]
    assert "JSON object" in errors[("bad.jsonl", 4)]
    assert "Unsupported file type" in errors[("notes.docx", 0)]
    assert "No such file" in errors[("missing.txt", 0)]
    assert Article.objects.count() == 2


def test_it_answers_usage_errors_with_status_2():
    """A wrong option or no path at all is a usage error, not an ingestion error."""
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    for args in (["--language", "fr", "x.txt"], []):
        done = subprocess.run([sys.executable, str(manage), "ingest", *args],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr


def test_it_stores_nothing_on_a_dry_run(tmp_path, aliases):
    """--dry-run reports what would be created and writes nothing."""
    (tmp_path / "a.txt").write_text(HINDI, encoding="utf-8")
    out = io.StringIO()
    call_command("ingest", "--dry-run", str(tmp_path / "a.txt"), stdout=out)
    assert "1 articles would be created (4 mentions)" in out.getvalue()
    assert Article.objects.count() == 0 and Mention.objects.count() == 0


def test_it_groups_a_reprint_into_one_story(tmp_path, aliases):
    """A near-duplicate (new headline, one added line) joins the first article's story."""
    body = ("Moscow. Russia's defence ministry said on Wednesday that the remaining S-400 "
            "squadrons for India are being prepared for shipment, with training of Indian crews "
            "under way near the production site and the last batch planned for next year. "
            "Officials in New Delhi said the schedule agreed in 2018 had slipped twice because "
            "of the war in Ukraine and payment issues, but both sides now describe it as firm. ")
    (tmp_path / "a.txt").write_text("Original headline\n" + body, encoding="utf-8")
    (tmp_path / "b.txt").write_text("A reprint's headline\n" + body + "Reporting by our desk.",
                                    encoding="utf-8")
    (tmp_path / "c.txt").write_text("Unrelated\nThe SCO met in Qingdao to talk about terrorism, "
                                    "regional security and trade corridors across Eurasia.",
                                    encoding="utf-8")
    status, report = run(tmp_path)
    assert status == 0
    a, b, c = (Article.objects.get(source=name) for name in ("a.txt", "b.txt", "c.txt"))
    assert a.story_id is not None and a.story_id == b.story_id
    assert c.story_id is None
    assert Story.objects.count() == 1


def test_it_suggests_claims_for_editors(tmp_path, aliases, programme):
    """A sentence where a platform meets a status cue becomes a machine-found claim."""
    (tmp_path / "a.txt").write_text(HINDI, encoding="utf-8")
    run(tmp_path / "a.txt")
    claims = list(programme.claims.all())
    assert claims, "expected suggested claims"
    article = Article.objects.get()
    for claim in claims:
        assert claim.review == "machine"
        assert article.body[claim.quote_start:claim.quote_end] == claim.quote
    assert programme.status.status == ""  # suggestions do not count until confirmed


def test_it_files_claims_under_a_programme_created_after_the_last_ingest(tmp_path, aliases,
                                                                         india, russia):
    """The automaton caches each platform's programmes, and sees a new one on the next run."""
    from procurement.models import Programme, StatusClaim

    (tmp_path / "a.txt").write_text(HINDI, encoding="utf-8")
    run(tmp_path / "a.txt")
    assert StatusClaim.objects.count() == 0  # no programme for the S-400 yet
    programme = Programme.objects.create(slug="s-400-buy", buyer=india, supplier=russia,
                                         platform=aliases[0], kind=Programme.Kind.PURCHASE)
    (tmp_path / "b.txt").write_text(HINDI.replace("26 जून", "27 जून") + "नया अंश।\n",
                                    encoding="utf-8")
    run(tmp_path / "b.txt")
    assert programme.claims.count() >= 1
    upgrade = Programme.objects.create(slug="s-400-up", buyer=india, supplier=russia,
                                       platform=aliases[0], kind=Programme.Kind.UPGRADE)
    (tmp_path / "c.txt").write_text("S-400 अपग्रेड पर काम शुरू होगा।\n", encoding="utf-8")
    run(tmp_path / "c.txt")
    assert list(upgrade.claims.values_list("status", flat=True)) == ["proposed"]


def test_it_keeps_the_history_row_of_an_ingested_article(tmp_path, aliases):
    """Ingestion writes the article's "created" history row itself, with the fields it tracks."""
    (tmp_path / "a.txt").write_text(HINDI, encoding="utf-8")
    run(tmp_path / "a.txt")
    article = Article.objects.get()
    created = article.history.get()
    assert created.history_type == "+" and created.history_user is None
    assert (created.title, created.hash, created.published_on, created.language) == (
        article.title, article.hash, article.published_on, article.language)
    assert created.history_date == article.created


def test_it_matches_again_after_aliases_change_keeping_editors_decisions(tmp_path, aliases, editor):
    """reextract adds new finds and never resurrects a rejected mention."""
    s400, belousov = aliases
    (tmp_path / "a.txt").write_text(HINDI + "\nरूसी रक्षा मंत्री ने यह दोहराया।", encoding="utf-8")
    run(tmp_path / "a.txt")
    article = Article.objects.get()
    rejected = article.mentions.filter(entity=s400).first()
    services.mention_review(mention=rejected, review="rejected", editor=editor)
    services.alias_create(entity=belousov, text="रूसी रक्षा मंत्री")
    out = io.StringIO()
    call_command("reextract", stdout=out)
    assert "0 machine-found mentions no longer found" in out.getvalue()
    rejected.refresh_from_db()
    assert rejected.review == "rejected"
    assert article.mentions.filter(entity=belousov).count() == 2
    assert article.mentions.filter(entity=s400, start=rejected.start).count() == 1


def test_it_spares_the_garbage_collector_what_is_loaded_for_the_run_and_thaws_it_after(
        tmp_path, aliases, monkeypatch):
    """While articles are stored, what was loaded before the run is frozen (never walked by a
    full collection); once the run ends, nothing is left frozen for the rest of the process."""
    import gc

    from procurement.management.commands import ingest

    frozen = []
    store = ingest.article_store

    def counting(**kwargs):
        frozen.append(gc.get_freeze_count())
        return store(**kwargs)

    monkeypatch.setattr(ingest, "article_store", counting)
    (tmp_path / "a.txt").write_text(HINDI, encoding="utf-8")
    gc.unfreeze()
    status, report = run(tmp_path / "a.txt")
    assert status == 0 and len(report["created"]) == 1
    assert frozen and frozen[0] > 10_000
    assert gc.get_freeze_count() == 0
