"""Scraped page furniture: it never becomes the title, and nothing is matched in the tail."""

import io
import json

from django.core.management import call_command

import pytest

from procurement import services
from procurement.matching import current_automaton
from procurement.models import Article, Mention, StatusClaim
from procurement.services.ingest import article_ingest, article_reextract

# Invented page: a share line and a bare date above the headline, a "Related Posts" list of
# other stories (naming the S-400 and Belousov) below the report.
PAGE = ("Share This Article\n\n"
        "Wednesday, March 11, 2026\n\n"
        "Fourth S-400 squadron arrives in Punjab\n\n"
        "New Delhi, March 11 (Desk) The fourth squadron of the S-400 was delivered to a base "
        "in Punjab this week, defence officials said, adding that training of the crews had "
        "begun in February and would take a few more weeks.\n\n"
        "Related Posts\n\n"
        "Belousov hints at faster S-400 delivery schedule\n"
        "March 2, 2026\n"
        "S-400 contract talks stalled, say sources\n")
TAIL = PAGE.index("Related Posts")


@pytest.fixture(autouse=True)
def english_names(s400, belousov):
    """The fixtures name Belousov in Devanagari only; the invented page is in English."""
    services.alias_create(entity=belousov, text="Belousov")


def run(*args):
    out = io.StringIO()
    try:
        call_command("ingest", "--json", *[str(a) for a in args], stdout=out, stderr=io.StringIO())
    except SystemExit as exit:
        assert exit.code == 0, out.getvalue()
    return json.loads(out.getvalue())


def test_it_takes_the_headline_not_the_share_line_or_the_date(tmp_path, programme, belousov):
    """The title skips "Share This Article" and the bare date line."""
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")

    report = run(path)

    (entry,) = report["created"]
    assert entry["title"] == "Fourth S-400 squadron arrives in Punjab"
    assert entry["furniture_from"] == TAIL
    article = Article.objects.get()
    assert article.title == "Fourth S-400 squadron arrives in Punjab"
    assert article.body == PAGE  # stored whole, furniture included
    assert article.furniture_from == TAIL


def test_it_matches_and_suggests_claims_only_before_the_furniture(tmp_path, programme, belousov):
    """Names and status cues in "Related Posts" give no mention and no suggested claim."""
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")

    run(path)

    mentions = Mention.objects.all()
    assert mentions.exists()
    assert all(m.end <= TAIL for m in mentions)
    assert not mentions.filter(entity=belousov).exists()  # named only in the tail
    claims = StatusClaim.objects.all()
    assert claims.exists()
    assert all(c.quote_end <= TAIL for c in claims)
    assert not claims.filter(status=StatusClaim.Status.STALLED).exists()


def test_it_shows_the_tail_muted_as_page_furniture(client, tmp_path, programme, belousov):
    """The article page shows the report marked and the tail apart, unmarked, labelled."""
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    run(path)
    article = Article.objects.get()

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    report, furniture = html.split('class="body furniture"')
    assert "<mark>S-400</mark>" in report
    assert "Page furniture" in furniture
    assert "Belousov hints at faster S-400 delivery schedule" in furniture
    assert "<mark>" not in furniture.split("</section>")[0]


def test_it_drops_machine_mentions_in_the_tail_when_matching_again(programme, belousov):
    """reextract keeps to the report too: a machine mention in the tail is removed."""
    article = article_ingest(body=PAGE).article
    at = PAGE.index("Belousov")
    Mention.objects.create(article=article, entity=belousov, start=at, end=at + 8,
                           text="Belousov")

    result = article_reextract(article=article, automaton=current_automaton())

    assert result.removed == 1
    assert not Mention.objects.filter(entity=belousov).exists()
