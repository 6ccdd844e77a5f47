"""One search box for entities (any alias, any script) and articles (full text)."""

from django.shortcuts import render

from .. import selectors
from .pages import page_number, window
from .snippets import search_snippet

MAX_QUERY = 200  # longer input is cut: nobody types a paragraph into the box
PER_PAGE = 20


def search(request):
    q = request.GET.get("q", "").strip()[:MAX_QUERY]
    entities, page, exact = [], None, []
    if q:
        entities = selectors.entity_search(q=q)
        exact = [e for e in entities if e.exact]
        # Articles naming an entity whose alias is exactly the query count as hits even when
        # their text spells it otherwise (एस-४०० for एस-400). A window, not a counted page:
        # counting every hit of a common word costs more than finding the page shown.
        hits = selectors.article_search(q=q, entities=exact,
                                        upto=page_number(request) * PER_PAGE + 1)
        page = window(request, hits, per_page=PER_PAGE)
        words = selectors.search_words(q)
        for article in page:
            spans = [(m.start, m.end) for m in article.search_mentions]
            article.snippet = search_snippet(article.body, words, spans)
    return render(request, "procurement/search.html", {
        "q": q, "entities": entities, "page": page,
        "best": exact[0] if len(exact) == 1 else None,
    })
