"""The analyst pages answer, show the derived status and mark mentions."""

import datetime

from procurement.models import Mention

from .conftest import make_article, make_claim


def test_it_serves_the_dashboard_with_each_status(client, programme):
    """/ lists every programme with its derived status."""
    make_claim(programme, status="in_delivery", occurred_on=datetime.date(2023, 1, 1),
               units_delivered=3)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "S-400 Triumf" in html and "in delivery" in html and "3" in html


def test_it_serves_the_dashboard_empty(client, db):
    """A fresh database still answers 200."""
    assert client.get("/").status_code == 200


def test_it_keeps_the_dashboard_queries_fixed(client, programme, django_assert_max_num_queries):
    """The dashboard's query count does not grow with programmes or claims."""
    for year in range(2018, 2026):
        make_claim(programme, occurred_on=datetime.date(year, 1, 1))
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200


def test_it_shows_an_entity_with_its_names_and_articles(client, s400, article):
    """The platform page lists aliases in every script and the articles naming it."""
    Mention.objects.create(article=article, entity=s400, start=23, end=28, text=article.body[23:28])
    response = client.get("/systems/s-400/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "एस-400" in html and "С-400" in html and article.title in html


def test_it_answers_404_for_unknown_or_misfiled_slugs(client, s400):
    """Unknown slugs and a slug under the wrong kind are not found."""
    assert client.get("/systems/no-such-thing/").status_code == 404
    assert client.get("/people/s-400/").status_code == 404
    assert client.get("/programmes/nope/").status_code == 404
    assert client.get("/articles/999999/").status_code == 404


def test_it_marks_every_mention_in_an_article(client, s400):
    """Mentions are wrapped in <mark> linking to their entity, the rest escaped."""
    article = make_article(body="<b>S-400</b> and एस-400", hash="a" * 64)
    Mention.objects.create(article=article, entity=s400, start=3, end=8, text="S-400")
    Mention.objects.create(article=article, entity=s400, start=17, end=23, text="एस-400")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '&lt;b&gt;<a href="/systems/s-400/"><mark>S-400</mark></a>&lt;/b&gt;' in html
    assert "<mark>एस-400</mark>" in html


def test_it_shows_a_programme_with_its_claims(client, programme):
    """The programme page shows claims with their sources."""
    make_claim(programme, source="Ministry of Defence press release", quote="Supply discussed.")
    response = client.get(programme.get_absolute_url())
    assert response.status_code == 200
    assert "Supply discussed." in response.content.decode()
