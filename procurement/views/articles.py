"""Articles: the filtered list (HTML and CSV) and one article with every mention marked."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from .. import selectors
from ..filters import ArticleFilter, known_records
from ..models import Article, Language
from .pages import csv_response, is_filtered, wants_csv, window
from .snippets import report_and_furniture


def _entities_named(mentions) -> list:
    """Distinct entities in first-mention order, with how often each is named."""
    seen = {}
    for m in mentions:
        if m.entity_id in seen:
            seen[m.entity_id][1] += 1
        else:
            seen[m.entity_id] = [m.entity, 1]
    return [(entity, count) for entity, count in seen.values()]


def article_list(request):
    if wants_csv(request):
        filterset = ArticleFilter(request.GET, queryset=selectors.article_export())
        return csv_response("articles", [
            "id", "published_on", "title", "outlet", "language", "url", "story", "dateline",
            "mentions", "page",
        ], ([a.pk, a.published_on, a.title, a.outlet and a.outlet.name, a.language, a.url,
             a.story_id, a.dateline, a.mention_total,
             request.build_absolute_uri(reverse("procurement:article", args=[a.pk]))]
            for a in selectors.in_chunks_with_totals(filterset.qs, of="article", size=2000)))
    filterset = ArticleFilter(request.GET, queryset=selectors.article_list())
    # The form lists the outlets and the mentioned entities anyway; the filter finds a slug
    # there rather than asking the database again. (An unknown slug is reported over the form,
    # and the list is shown without that filter, as for a malformed date.)
    outlets, entities = list(selectors.outlet_choices()), list(selectors.entity_choices())
    known_records(filterset, outlet=outlets, entity=entities)
    page = window(request, filterset.qs, count=True)
    for article in page:
        article.entities_named = _entities_named(article.visible_mentions)
    return render(request, "procurement/article_list.html", {
        "filter": filterset, "page": page,
        "outlets": outlets,
        "entities": entities,
        "languages": [c for c in Language.choices if c[0]],
        "filtered": is_filtered(request),
    })


def article_detail(request, pk):
    try:
        article = selectors.article_detail(pk=pk)
    except Article.DoesNotExist:
        raise Http404("No such article.")
    mentions = list(selectors.mention_in_article(article=article))
    body, furniture = report_and_furniture(article.body, mentions, article.furniture_from)
    return render(request, "procurement/article.html", {
        "article": article,
        "body": body,
        "furniture": furniture,
        "mentions": mentions,
        "entities_named": _entities_named(mentions),
        "siblings": selectors.article_siblings(article=article),
    })
