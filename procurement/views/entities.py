"""Entity pages (systems, countries, people, organisations, forums, meetings, agreements).

Every kind's page has the same frame: what it is, its names in every script, what meetings did
about it, a chart of mentions over time and the articles naming it (each with the sentence
around the mention). Each kind adds its own sections through `_EXTRA`.
"""

from itertools import groupby

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..filters import (AgreementFilter, CountryFilter, ForumFilter, MeetingFilter,
                       OrganisationFilter, PersonFilter, PlatformFilter)
from ..models import Entity, Script
from . import charts
from .pages import csv_response, paginate, wants_csv
from .programmes import programme_row, with_timeline
from .snippets import around

KIND_OF_PREFIX = {prefix: kind for kind, prefix in Entity.URL_PREFIX.items()}
ARTICLES_PER_PAGE = 10

# Headings of the list pages, by URL prefix.
LIST_TITLES = {
    "systems": _("Systems"), "countries": _("Countries"), "people": _("People"),
    "organisations": _("Organisations"), "forums": _("Forums"), "meetings": _("Meetings"),
    "agreements": _("Agreements"),
}


def aliases_by_script(aliases) -> list[tuple[str, list]]:
    """[(script label, [alias…])…] in the order the selector sorted them."""
    labels = dict(Script.choices)
    return [(labels.get(script, script) or _("other"), list(group))
            for script, group in groupby(aliases, key=lambda a: a.script)]


def _platform(entity, today):
    programmes = [with_timeline(p, today=today)
                  for p in selectors.programme_for_platform(platform=entity)]
    return {"programmes": programmes,
            # What meetings did about the system or about its contracts.
            "subjects": [entity.pk, *[a.pk for a in entity.agreements.all()]]}


def _country(entity, today):
    return {"rows": [programme_row(p, today=today)
                     for p in selectors.programme_for_country(country=entity)]}


def _agreement(entity, today):
    return {"rows": [programme_row(p, today=today) for p in entity.programmes.all()]}


_EXTRA = {
    Entity.Kind.PLATFORM: _platform,
    Entity.Kind.COUNTRY: _country,
    Entity.Kind.AGREEMENT: _agreement,
}


def entity_detail(request, prefix, slug):
    kind = KIND_OF_PREFIX[prefix]
    try:
        entity = selectors.entity_detail(kind=kind, slug=slug)
    except Entity.DoesNotExist:
        raise Http404("No such entity.")
    today = timezone.localdate()
    context = {"entity": entity, "kind": kind, "subjects": [entity.pk]}
    if kind in _EXTRA:
        context.update(_EXTRA[kind](entity, today))
    page = paginate(request, selectors.article_mentioning(entity=entity),
                    per_page=ARTICLES_PER_PAGE)
    for article in page:
        spans = [(m.start, m.end) for m in article.entity_mentions]
        article.snippet = around(article.body, spans)
        article.mention_count = len(spans)
    context.update({
        "aliases": aliases_by_script(entity.aliases.all()),
        # A meeting's own outcomes are on its page already; others show what meetings did
        # about them.
        "outcomes": [] if kind == Entity.Kind.MEETING
        else selectors.outcome_about(subjects=context["subjects"]),
        "chart": charts.timeline(selectors.mention_counts_by_day(entity=entity), today=today),
        "page": page,
    })
    return render(request, f"procurement/entity/{kind}.html", context)


# Lists ----------------------------------------------------------------------------------------

# The plain lists (countries, people, organisations, forums): the API's FilterSet for the kind,
# and the labels its fields get on the page.
PLAIN_FILTERS = {
    Entity.Kind.COUNTRY: CountryFilter, Entity.Kind.PERSON: PersonFilter,
    Entity.Kind.ORGANISATION: OrganisationFilter, Entity.Kind.FORUM: ForumFilter,
}
FIELD_LABELS = {
    "q": _("Name (any script)"), "category": _("Category"), "country": _("Country (slug)"),
    "member": _("Member (country slug)"),
}


def filter_fields(filterset) -> list[dict]:
    """The filter form's fields as the generic list template draws them."""
    fields = []
    for name, bound in filterset.form.fields.items():
        choices = getattr(bound, "choices", None)
        fields.append({"name": name, "label": FIELD_LABELS.get(name, bound.label or name),
                       "value": filterset.form[name].value() or "",
                       "choices": [c for c in choices if c[0]] if choices else None})
    return fields


def _platform_rows(platforms, today):
    for platform in platforms:
        platform.rows = [programme_row(p, today=today) for p in platform.programmes.all()]
    return platforms


def entity_list(request, prefix):
    kind = KIND_OF_PREFIX[prefix]
    export = wants_csv(request)
    today = timezone.localdate()
    if kind == Entity.Kind.PLATFORM:
        filterset = PlatformFilter(request.GET, queryset=selectors.platform_list())
        header = ["slug", "name", "category", "origin", "maker", "nato_name", "mentions", "names"]

        def line(p):
            return [p.slug, p.name, p.category, p.origin and p.origin.name,
                    p.maker and p.maker.name, p.nato_name, p.mention_total,
                    " | ".join(a.text for a in p.aliases.all())]
    elif kind == Entity.Kind.AGREEMENT:
        filterset = AgreementFilter(request.GET, queryset=selectors.agreement_list())
        header = ["slug", "name", "category", "status", "signed_on", "signed_precision",
                  "parties", "platforms", "meeting", "value", "currency"]

        def line(a):
            return [a.slug, a.name, a.category, a.status, a.signed_on, a.signed_precision,
                    " | ".join(c.name for c in a.parties.all()),
                    " | ".join(p.name for p in a.platforms.all()),
                    a.at_meeting and a.at_meeting.slug, a.value, a.currency]
    elif kind == Entity.Kind.MEETING:
        filterset = MeetingFilter(request.GET, queryset=selectors.meeting_list())
        header = ["slug", "name", "forum", "starts_on", "ends_on", "place", "host",
                  "participants", "outcomes"]

        def line(m):
            return [m.slug, m.name, m.parent_forum and m.parent_forum.name, m.starts_on,
                    m.ends_on, m.place, m.host and m.host.name,
                    " | ".join(p.name for p in m.participants.all()),
                    " | ".join(f"{o.subject.name}: {o.result}" for o in m.outcomes.all())]
    else:
        filterset = PLAIN_FILTERS[kind](request.GET, queryset=selectors.entity_list(kind=kind))
        header = ["slug", "name", "description", "mentions", "names"]

        def line(e):
            return [e.slug, e.name, e.description, e.mention_total,
                    " | ".join(a.text for a in e.aliases.all())]
    if export:
        # Prefetches need a chunk size to stream; 500 rows a round trip.
        return csv_response(prefix, header, (line(e) for e in filterset.qs.iterator(chunk_size=500)))
    page = paginate(request, filterset.qs)
    if kind == Entity.Kind.PLATFORM:
        _platform_rows(page, today)
    return render(request, f"procurement/lists/{prefix}.html"
                  if kind in (Entity.Kind.PLATFORM, Entity.Kind.AGREEMENT, Entity.Kind.MEETING)
                  else "procurement/lists/entities.html", {
                      "filter": filterset, "page": page, "prefix": prefix, "kind": kind,
                      "title": LIST_TITLES[prefix],
                      "filtered": any(v for k, v in request.GET.items() if k != "page"),
                      "fields": filter_fields(filterset) if kind in PLAIN_FILTERS else [],
                  })
