"""Articles: the list with ArticleFilter's filters and CSV, and one article with its mentions."""

import datetime

from django.utils import timezone

from procurement.models import Outlet, Review, Story

from ..conftest import make_article, make_claim
from .conftest import mention, page, squash


def test_it_marks_every_mention_in_an_article(client, s400):
    """Mentions are wrapped in <mark> linking to their entity, the rest escaped."""
    article = make_article(body="<b>S-400</b> and एस-400", hash="a" * 64)
    mention(article, s400, "S-400")
    mention(article, s400, "एस-400")
    html = page(client.get(article.get_absolute_url()))
    assert ('&lt;b&gt;<a href="/systems/s-400/" title="S-400 Triumf"><mark>S-400</mark></a>'
            "&lt;/b&gt;") in html
    assert "<mark>एस-400</mark>" in html


def test_it_does_not_mark_rejected_mentions(client, s400, article):
    """A mention editors rejected is not marked."""
    mention(article, s400, "S-400", review=Review.REJECTED)
    assert "<mark>" not in page(client.get(article.get_absolute_url()))


def test_it_shows_the_dateline_outlet_language_and_story_siblings(client, outlet):
    """The article page gives its dateline, outlet, language and the other copies of its story."""
    story = Story.objects.create(title="Qingdao")
    article = make_article(outlet=outlet, story=story, dateline="Qingdao, 26 June 2025",
                           language="hi", body="भारत और रूस", published_on=datetime.date(2025, 6, 26))
    reprint = make_article(title="Reprint", hash="b" * 64, story=story,
                           outlet=Outlet.objects.create(slug="other", name="Other Paper"))
    make_article(title="Unrelated", hash="c" * 64)
    html = page(client.get(article.get_absolute_url()))
    assert "Qingdao, 26 June 2025" in html and "Demo Desk" in html and "Hindi" in html
    assert 'lang="hi"' in html and reprint.title in html and "Other Paper" in html
    assert "Unrelated" not in html


def test_it_lists_the_claims_an_article_supports(client, programme, article):
    """Status claims sourced from the article are listed beside it."""
    make_claim(programme, article=article, status="in_delivery")
    assert "India – S-400 Triumf purchase" in page(client.get(article.get_absolute_url()))


def test_it_lists_articles_newest_first(client, outlet):
    """/articles/ lists every article, newest first, with outlet and date."""
    make_article(title="Older", hash="1" * 64, outlet=outlet, published_on=datetime.date(2025, 1, 1))
    make_article(title="Newer", hash="2" * 64, outlet=outlet, published_on=datetime.date(2025, 6, 1))
    html = page(client.get("/articles/"))
    assert html.index("Newer") < html.index("Older") and "2 articles" in html


def test_it_filters_articles_by_entity_outlet_language_dates_and_story(client, s400, outlet):
    """The list takes ArticleFilter's filters, combined."""
    story = Story.objects.create(title="S")
    hindi = make_article(title="Hindi report", hash="1" * 64, language="hi", outlet=outlet,
                         body="एस-400 की आपूर्ति", published_on=datetime.date(2025, 6, 26),
                         story=story)
    mention(hindi, s400, "एस-400")
    make_article(title="English report", hash="2" * 64, language="en",
                 published_on=datetime.date(2024, 1, 1))
    for query in ("entity=s-400", "language=hi", "outlet=demo-desk",
                  "published_after=2025-01-01", "published_before=2025-12-31&language=hi",
                  f"story={story.pk}", "q=आपूर्ति"):
        html = page(client.get(f"/articles/?{query}"))
        assert "Hindi report" in html and "English report" not in html, query


def test_it_ignores_and_reports_a_malformed_filter(client, article):
    """A date that is not a date is reported, and the list is shown unfiltered by it."""
    html = page(client.get("/articles/?published_after=yesterday"))
    assert 'role="alert"' in html and article.title in html


def test_it_pages_the_article_list(client, db):
    """25 articles a page; the page links keep the filters."""
    for i in range(30):
        make_article(title=f"Article {i:02d}", hash=f"{i:064d}", language="en",
                     published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=i))
    html = page(client.get("/articles/?language=en"))
    assert "Article 29" in html and "Article 04" not in html
    assert "?language=en&amp;page=2" in html
    assert "Article 04" in page(client.get("/articles/?language=en&page=2"))
    assert "Article 04" in page(client.get("/articles/?language=en&page=999"))  # last page


def test_it_exports_the_filtered_articles_as_csv(client, s400, outlet):
    """?format=csv gives every filtered article (not just one page), UTF-8 with a BOM."""
    for i in range(30):
        a = make_article(title=f"रिपोर्ट {i}", hash=f"{i:064d}", language="hi", outlet=outlet)
        mention(a, s400, "S-400")
    make_article(title="Not this", hash="x" * 64, language="en")
    response = client.get("/articles/?language=hi&format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="articles.csv"'
    body = response.getvalue()
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").splitlines()
    assert len(lines) == 31 and "रिपोर्ट 0" in body.decode() and "Not this" not in body.decode()
    assert lines[0] == "id,published_on,title,outlet,language,url,story,dateline,mentions,page"
    assert ",Demo Desk,hi,," in lines[1] and lines[1].split(",")[8] == "1"


def test_it_stops_an_export_at_the_row_limit_and_says_so(client, outlet, settings):
    """EXPORT_MAX_ROWS cuts a streamed export after that many rows (newest first), and every
    export names the limit in a header, since a stream cannot say its total up front."""
    settings.EXPORT_MAX_ROWS = 3
    for i in range(5):
        make_article(title=f"Report {i}", hash=f"{i:064d}", outlet=outlet,
                     published_on=datetime.date(2025, 1, i + 1))
    response = client.get("/articles/?format=csv")
    assert response.status_code == 200
    assert response["X-Export-Row-Limit"] == "3"
    rows = response.getvalue().decode("utf-8-sig").splitlines()[1:]
    assert [row.split(",")[2] for row in rows] == ["Report 4", "Report 3", "Report 2"]


def test_it_defuses_formulas_in_the_csv(client, db):
    """A title a spreadsheet would run as a formula is exported as text."""
    make_article(title='=HYPERLINK("http://example.org")', hash="f" * 64)
    body = client.get("/articles/?format=csv").getvalue().decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_it_reports_an_unknown_entity_or_outlet_over_the_filter_form(client, article, s400):
    """A slug that names nothing is said over the form, by name, and the list is not filtered
    by it (as for a malformed date), instead of an empty list that looks like an answer."""
    html = page(client.get("/articles/?entity=nope&outlet=no-desk"))
    assert 'role="alert"' in html
    assert "No entity has the slug “nope”." in html
    assert "No outlet has the slug “no-desk”." in html
    assert article.title in html


def test_it_filters_by_an_entity_that_no_article_names_yet(client, article, belousov):
    """An entity left out of the form's suggestions (nothing names it) still exists: no alert,
    just no articles."""
    html = page(client.get("/articles/?entity=andrei-belousov"))
    assert 'role="alert"' not in html and article.title not in html


def test_it_neutralises_formulas_and_keeps_numbers_in_the_csv(client, s400, outlet):
    """A title of "-5" is text and prefixed; the mention count, a number, is not."""
    a = make_article(title="-5", hash="f" * 64, outlet=outlet)
    mention(a, s400, "S-400")
    body = client.get("/articles/?format=csv").getvalue().decode("utf-8-sig")
    (row,) = body.splitlines()[1:]
    assert row.split(",")[2] == "'-5" and row.split(",")[8] == "1"


def _received(article, day: datetime.date):
    """The article as if it had come in on `day` (its publication date left as it is)."""
    article.created = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    article.save()
    return article


def _three(outlet, s400=None):
    """Published 1 June, received (undated) 10 June, published 20 June 2025."""
    made = [make_article(title="Older", hash="1" * 64, outlet=outlet,
                         published_on=datetime.date(2025, 6, 1)),
            _received(make_article(title="Undated", hash="3" * 64, outlet=outlet),
                      datetime.date(2025, 6, 10)),
            make_article(title="Newer", hash="2" * 64, outlet=outlet,
                         published_on=datetime.date(2025, 6, 20))]
    if s400 is not None:
        for article in made:
            mention(article, s400, "S-400")
    return made


RECEIVED = '<time class="received" datetime="2025-06-10">received June 10, 2025</time>'


def test_it_lists_an_undated_article_at_the_day_it_was_received(client, outlet):
    """/articles/ sorts by publication date, else the day received, and marks the latter."""
    _three(outlet)
    html = squash(page(client.get("/articles/")))
    assert html.index("Newer") < html.index("Undated") < html.index("Older")
    assert RECEIVED in html and "date unknown" not in html


def test_it_lists_an_undated_article_on_the_entity_page_by_the_day_received(client, s400, outlet):
    """A platform's articles sort and mark an undated article the same way."""
    _three(outlet, s400)
    html = squash(page(client.get("/systems/s-400/")))
    assert html.index("Newer") < html.index("Undated") < html.index("Older")
    assert RECEIVED in html


def test_it_shows_an_undated_article_as_received(client, outlet):
    """The article page says the date is unknown and when the article came in."""
    article = _received(make_article(outlet=outlet), datetime.date(2025, 6, 10))
    html = squash(page(client.get(f"/articles/{article.pk}/")))
    assert f"date unknown; {RECEIVED}" in html


def test_it_moves_an_article_when_its_publication_date_is_set(client, outlet):
    """The sort date follows the publication date an editor sets, and back when it is cleared."""
    older, undated, newer = _three(outlet)
    undated.published_on = datetime.date(2025, 5, 1)
    undated.save(update_fields=["published_on"])
    undated.refresh_from_db()
    assert undated.dated_on == datetime.date(2025, 5, 1)
    html = page(client.get("/articles/"))
    assert html.index("Older") < html.index("Undated")
    undated.published_on = None
    undated.save()
    undated.refresh_from_db()
    assert undated.dated_on == datetime.date(2025, 6, 10)


def _listed(client, url):
    return [a.pk for a in client.get(url).context["page"]]


def test_it_lists_the_same_articles_naming_an_entity_however_often_it_is_named(
        client, s400, monkeypatch):
    """Common entities are found by walking articles newest first, rare ones from their
    mentions' ids (models.articles.naming): both give the same list, hidden mentions left out."""
    from procurement.models import articles

    for day in range(1, 9):
        a = make_article(title=f"Day {day}", hash=f"{day:064d}",
                         published_on=datetime.date(2025, 5, day))
        if day % 4 == 0:
            mention(a, s400, "S-400", review=Review.REJECTED)
        elif day % 4 == 1:
            mention(a, s400, "S-400", ambiguous=True)  # an undecided name awaiting an editor
        else:
            mention(a, s400, "S-400")
    rare = _listed(client, "/articles/?entity=s-400")
    system_rare = _listed(client, "/systems/s-400/")
    monkeypatch.setattr(articles, "COMMON_MENTIONS", 1)
    assert _listed(client, "/articles/?entity=s-400") == rare
    assert _listed(client, "/systems/s-400/") == system_rare == rare
    assert len(rare) == 4  # days 2, 3, 6 and 7


def test_it_counts_a_long_list_only_up_to_a_cap(client, db, monkeypatch):
    """Past COUNT_CAP rows the list says "more than", having read no further; paging works on."""
    from procurement.views import pages

    monkeypatch.setattr(pages, "COUNT_CAP", 27)
    for i in range(30):
        make_article(title=f"Article {i:02d}", hash=f"{i:064d}",
                     published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=i))
    html = page(client.get("/articles/"))
    assert "More than 27 articles" in html and "Page 1 of" not in html
    assert "Article 04" in page(client.get("/articles/?page=2"))
    monkeypatch.setattr(pages, "COUNT_CAP", 30)
    html = page(client.get("/articles/"))
    assert "30 articles" in html and "Page 1 of 2" in html
