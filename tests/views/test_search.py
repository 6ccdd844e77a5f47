"""One search box: entities by any alias in any script, articles by their words."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procurement import selectors, services
from procurement.models import Article, Meeting, Platform, Review

from ..conftest import make_article
from .conftest import mention, page, squash


def test_it_finds_an_entity_by_any_alias_in_any_script(client, s400, belousov):
    """S400, s 400, एस-400, एस-४०० and С-400 all find S-400; बेलौसोव and Belousov find him."""
    for q in ("S400", "s 400", "एस-400", "एस-४००", "С-400", "Triumf"):
        html = page(client.get("/search/", {"q": q}))
        assert 'href="/systems/s-400/"' in html, q
    for q in ("बेलौसोव", "Belousov", "belou"):
        assert 'href="/people/andrei-belousov/"' in page(client.get("/search/", {"q": q})), q


def test_it_ranks_exact_alias_matches_first(client, s400, russia):
    """An exact alias beats a name that merely contains the query."""
    s4000 = Platform.objects.create(slug="s-4000", name="S-4000 Prototype", origin=russia)
    services.alias_create(entity=s4000, text="S-4000")
    html = page(client.get("/search/", {"q": "S-400"}))
    assert html.index("/systems/s-400/") < html.index("/systems/s-4000/")
    assert 'class="best"' in html


def test_it_finds_articles_by_their_words_with_a_highlighted_snippet(client, outlet):
    """Words match title or text; the snippet is the sentence with the words marked."""
    make_article(outlet=outlet, body="Intro. The remaining squadrons arrive in 2026. End.")
    make_article(outlet=outlet, hash="1" * 64, title="Other", body="Nothing relevant here.")
    html = page(client.get("/search/", {"q": "remaining squadrons"}))
    assert "The <mark>remaining</mark> <mark>squadrons</mark> arrive in 2026." in html
    assert "Nothing relevant" not in html


def test_it_finds_hindi_words(client, outlet):
    """Devanagari words match Hindi text."""
    make_article(outlet=outlet, language="hi", body="रूस ने आपूर्ति का भरोसा दिया।")
    html = page(client.get("/search/", {"q": "आपूर्ति"}))
    assert "<mark>आपूर्ति</mark>" in html


def test_it_finds_articles_naming_the_entity_however_they_spell_it(client, s400, outlet):
    """एस-400 finds an article that writes एस-४०० (Devanagari digits) through its mention."""
    article = make_article(outlet=outlet, language="hi", body="पहला, एस-४०० की शेष आपूर्ति।")
    mention(article, s400, "एस-४००")
    html = page(client.get("/search/", {"q": "एस-400"}))
    assert article.title in html and "<mark>एस-४००</mark>" in html


def test_it_does_not_count_rejected_mentions_as_hits(client, s400, outlet):
    """A rejected mention does not make an article a hit."""
    article = make_article(outlet=outlet, title="Gardens", body="The Triumf gardens.")
    mention(article, s400, "Triumf", review=Review.REJECTED)
    assert "No article matches." in page(client.get("/search/", {"q": "S-400"}))


def test_it_answers_an_empty_or_odd_query(client, db):
    """No query shows the form; punctuation or LIKE wildcards match nothing harmful."""
    assert "Entities" not in page(client.get("/search/"))
    for q in ("%", "_", "---", "'; drop table", "x" * 500):
        assert client.get("/search/", {"q": q}).status_code == 200


def test_it_escapes_the_query_and_the_text(client, outlet):
    """The query and the article text are escaped in the page."""
    make_article(outlet=outlet, body="a <script>alert(1)</script> b")
    html = page(client.get("/search/", {"q": "<script>"}))
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_it_finds_an_entity_by_the_words_of_its_name_in_any_order(client, db):
    """"qingdao meeting" finds "SCO Defence Ministers' Meeting, Qingdao 2025"."""
    Meeting.objects.create(slug="sco-2025", name="SCO Defence Ministers' Meeting, Qingdao 2025")
    assert 'href="/meetings/sco-2025/"' in page(client.get("/search/", {"q": "qingdao meeting"}))


def _found(client, q) -> str:
    return page(client.get("/search/", {"q": q}))


@pytest.mark.skipif(connection.vendor != "sqlite",
                    reason="the FTS5 table and its triggers exist on SQLite only; PostgreSQL "
                           "indexes the text itself (migration 0003_search)")
def test_it_keeps_the_search_index_in_step_with_inserts_updates_and_deletes(client, outlet):
    """An article is found once saved, by its new words once edited, and not once deleted."""
    article = make_article(outlet=outlet, title="Kestrel", body="The frigate Zoltarion sails.")
    assert "Kestrel" in _found(client, "zoltarion")
    article.body = "The frigate Quenbrook sails."
    article.save()
    assert "No article matches." in _found(client, "zoltarion")
    assert "Kestrel" in _found(client, "quenbrook")
    Article.objects.filter(pk=article.pk).update(title="Osprey")  # SQL, not save(): same
    assert "Osprey" in _found(client, "osprey")
    assert "No article matches." in _found(client, "kestrel")
    article.delete()
    assert "No article matches." in _found(client, "quenbrook")
    with connection.cursor() as cursor:  # nothing left behind in the index either
        cursor.execute("SELECT count(*) FROM procurement_article_fts "
                       "WHERE procurement_article_fts MATCH '\"Quenbrook\"'")
        assert cursor.fetchone()[0] == 0


def test_it_finds_parts_of_latin_and_devanagari_words_in_any_case(client, outlet):
    """Words match inside longer words, case-insensitively, in either script; every word must
    occur, in the title or the text."""
    make_article(outlet=outlet, title="Squadrons", body="The remaining squadrons arrive.")
    make_article(outlet=outlet, hash="1" * 64, language="hi", title="आपूर्ति",
                 body="रूस ने आपूर्ति का भरोसा दिया।")
    assert "Squadrons" in _found(client, "SQUADRON remain")
    assert "No article matches." in _found(client, "squadron frigate")
    html = _found(client, "पूर्ति भरोसा")
    assert "<mark>भरोसा</mark>" in html
    assert "No article matches." in _found(client, "पूर्ति squadron")


def test_it_finds_words_too_short_for_the_index(client, outlet):
    """Words of one or two characters still have to occur, alone or beside longer words."""
    make_article(outlet=outlet, title="Helicopters", body="A Mi-17 fleet and the एस jets.")
    make_article(outlet=outlet, hash="1" * 64, title="Tanks", body="T-90 tanks only.")
    assert "Helicopters" in _found(client, "Mi")
    assert "Helicopters" in _found(client, "mi fleet")
    assert "Tanks" not in _found(client, "mi fleet")
    assert "No article matches." in _found(client, "Mi tanks")
    assert "Helicopters" in _found(client, "एस jets")
    assert "No article matches." in _found(client, "एस tanks")


def test_it_lists_hits_newest_first_a_window_at_a_time_without_counting_them(client, outlet):
    """25 hits: page 1 shows the newest 20 and a link on, page 2 the oldest 5; no COUNT is
    run and no number of pages claimed."""
    first = datetime.date(2025, 1, 1)
    for i in range(25):
        make_article(outlet=outlet, hash=f"{i:064d}", title=f"Report {i:02}",
                     body="The Kestrel radar.", published_on=first + datetime.timedelta(days=i))
    with CaptureQueriesContext(connection) as queries:
        html = _found(client, "kestrel")
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert html.index("Report 24") < html.index("Report 05")
    assert "Report 04" not in html and 'rel="next"' in html
    assert "Page 1" in squash(html) and "Page 1 of" not in squash(html)
    html = page(client.get("/search/", {"q": "kestrel", "page": 2}))
    assert "Report 04" in html and "Report 00" in html and "Report 05" not in html
    assert 'rel="next"' not in html


def test_it_lists_articles_naming_the_entity_with_those_matching_the_words(client, s400,
                                                                           outlet):
    """Hits by name and hits by words are one list, newest first, each article once."""
    named = make_article(outlet=outlet, title="Named", body="पहला, एस-४०० की आपूर्ति।",
                         language="hi", published_on=datetime.date(2025, 2, 1))
    mention(named, s400, "एस-४००")
    make_article(outlet=outlet, hash="1" * 64, title="Worded", body="The S-400 arrives.",
                 published_on=datetime.date(2025, 1, 1))
    both = make_article(outlet=outlet, hash="2" * 64, title="Both", body="The S-400 left.",
                        published_on=datetime.date(2025, 3, 1))
    mention(both, s400, "S-400")
    html = _found(client, "S-400")
    assert html.index(">Both<") < html.index(">Named<") < html.index(">Worded<")
    assert html.count(">Both<") == 1


def test_it_finds_a_word_whatever_punctuation_the_query_puts_around_it(client, outlet):
    """"S-400," and “S-400” find S-400, and a Hindi word followed by a danda finds the word;
    the hyphen inside a word still counts, and punctuation alone is looked for as written."""
    make_article(outlet=outlet, title="Deliveries", body="The S-400 deliveries resume.")
    make_article(outlet=outlet, hash="1" * 64, language="hi", title="आपूर्ति",
                 body="रूस ने आपूर्ति का भरोसा दिया")
    assert "The <mark>S-400</mark> deliveries resume." in _found(client, "S-400,")
    assert "Deliveries" in _found(client, "“S-400” (deliveries)")
    assert "आपूर्ति" in _found(client, "भरोसा।")
    assert "No article matches." in _found(client, "S400,")
    assert "No article matches." in _found(client, "%")


@pytest.fixture
def kestrels(outlet):
    """60 articles naming the Kestrel radar, newest on 2025-03-01, and one naming Zoltarion."""
    first = datetime.date(2025, 1, 1)
    made = [make_article(outlet=outlet, hash=f"{i:064d}", title=f"Report {i:02}",
                         body="The Kestrel radar was tested again.",
                         published_on=first + datetime.timedelta(days=i)) for i in range(60)]
    made.append(make_article(outlet=outlet, hash="f" * 64, title="Frigate",
                             body="The frigate Zoltarion sails.",
                             published_on=datetime.date(2024, 6, 1)))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the statistics the planner's estimate reads
            cursor.execute("ANALYZE procurement_article")
    return made


@pytest.mark.parametrize("threshold", [0, 2], ids=["all-common", "all-rare"])
def test_it_finds_the_same_articles_by_walking_the_newest_or_through_the_index(
        client, kestrels, threshold, monkeypatch):
    """Whichever way the words are looked for, the hits and their order are the same."""
    monkeypatch.setattr(selectors, "COMMON_WORD_SHARE", threshold)
    html = _found(client, "kestrel radar")
    assert html.index("Report 59") < html.index("Report 40")
    assert "Report 39" not in html and "Frigate" not in html
    assert "Frigate" in _found(client, "zoltarion")
    assert "No article matches." in _found(client, "kestrel zoltarion")


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite always walks: its word index (FTS5) is looked up per article")
def test_it_walks_the_newest_articles_for_common_words_and_asks_the_index_for_rare_ones(
        kestrels, monkeypatch):
    """The planner's statistics say what share of articles hold the words: from the threshold
    up the query walks the newest articles (procurement_contains), below it the trigram index
    serves."""
    monkeypatch.setattr(selectors, "COMMON_WORD_SHARE", 0.5)
    assert selectors.words_are_common(["kestrel"])
    assert not selectors.words_are_common(["zoltarion"])
    assert not selectors.words_are_common(["kestrel", "zoltarion"])
    for q, walks in (("Kestrel", True), ("Zoltarion", False)):
        with CaptureQueriesContext(connection) as queries:
            hits = list(selectors.article_search(q=q, upto=21)[:21])
        assert hits
        sql = next(q["sql"] for q in queries.captured_queries if "ORDER BY" in q["sql"])
        assert ("procurement_contains(" in sql) is walks, q
