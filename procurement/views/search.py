"""One search box for entities (any alias, any script) and articles (full text)."""

from django.shortcuts import render

from .. import selectors
from .pages import paginate
from .snippets import search_snippet

MAX_QUERY = 200  # longer input is cut: nobody types a paragraph into the box


def search(request):
    q = request.GET.get("q", "").strip()[:MAX_QUERY]
    entities, page, exact = [], None, []
    if q:
        entities = selectors.entity_search(q=q)
        exact = [e for e in entities if e.exact]
        # Articles naming an entity whose alias is exactly the query count as hits even when
        # their text spells it otherwise (एस-४०० for एस-400).
        page = paginate(request, selectors.article_search(q=q, entities=exact), per_page=20)
        words = q.split()
        for article in page:
            spans = [(m.start, m.end) for m in article.search_mentions]
            article.snippet = search_snippet(article.body, words, spans)
    return render(request, "procurement/search.html", {
        "q": q, "entities": entities, "page": page,
        "best": exact[0] if len(exact) == 1 else None,
    })
