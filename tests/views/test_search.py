"""One search box: entities by any alias in any script, articles by their words."""

from procurement import services
from procurement.models import Meeting, Platform, Review

from ..conftest import make_article
from .conftest import mention, page


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
