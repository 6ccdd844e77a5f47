"""Every page runs a fixed number of queries, whether it shows one row or a hundred."""

import pytest

from procurement.models import Article

# (page, most queries allowed): what the selectors each view calls cost. A page that starts
# querying per row fails at 100 rows long before anyone notices it in production. The changes
# page costs 1 + one per history table on the page (14 at most) + 2 for the things they name.
# Lists that show mention counts count them in a query of their own, for the rows shown only;
# exports do so once per chunk of rows they stream (2,000 articles, 500 entities). Lists of
# the articles naming an entity first ask how often it is named (models.articles.naming).
PAGES = [
    ("/", 9),
    ("/systems/", 6),
    ("/systems/s-400/", 16),  # + the articles of the dates drawn (with_sources)
    ("/programmes/", 2),
    ("/programmes/india-s-400-purchase/", 7),  # the same
    ("/agreements/", 4),
    ("/agreements/agreement-0/", 10),
    ("/meetings/", 4),
    ("/meetings/sco-meeting-0/", 7),
    ("/forums/sco/", 9),
    ("/people/andrei-belousov/", 10),
    ("/people/", 4),
    ("/countries/india/", 14),
    ("/organisations/almaz-antey/", 7),
    ("/articles/", 5),
    ("/articles/?entity=s-400&language=hi&published_after=2025-01-01", 6),
    ("/articles/{article}/", 5),
    ("/search/?q=S-400", 6),  # on PostgreSQL one is words_are_common's estimate
    ("/search/?q=एस-400", 6),
    ("/changes/", 17),
    ("/changes/feed/", 17),
]
EXPORTS = [
    ("/articles/?format=csv", 2),
    ("/systems/?format=csv", 5),
    ("/programmes/?format=csv", 2),
    ("/agreements/?format=csv", 3),
    ("/meetings/?format=csv", 3),
    ("/people/?format=csv", 3),
]


def _url(url):
    article = Article.objects.order_by("pk").first()
    return url.format(article=article.pk if article else 0)


def _get(client, url):
    """Status of the page, after reading all of it (exports stream: rows are read lazily)."""
    response = client.get(url)
    response.getvalue()
    return response.status_code


@pytest.mark.parametrize("rows", [1, 100])
@pytest.mark.parametrize("url,most", PAGES + EXPORTS)
def test_it_keeps_each_page_within_a_fixed_number_of_queries(client, make_corpus, rows, url,
                                                              most, django_assert_max_num_queries):
    """Each page and export stays within its query budget at 1 row and at 100."""
    make_corpus(rows)
    url = _url(url)
    with django_assert_max_num_queries(most):
        assert _get(client, url) == 200
