"""Entity pages (systems, countries, people, organisations, forums, meetings, agreements, places).

Every kind's page has the same frame: what it is, its names in every script, what meetings did
about it, a chart of mentions over time and the articles naming it (each with the sentence
around the mention). Each kind adds its own sections through `_EXTRA`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import groupby

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..filters import (AgreementFilter, CountryFilter, ForumFilter, MeetingFilter,
                       OrganisationFilter, PersonFilter, PlaceFilter, PlatformFilter)
from ..models import Entity, Script
from . import charts
from .pages import csv_response, is_filtered, paginate, wants_csv, window
from .programmes import programme_row, with_sources, with_timelines
from .snippets import around

KIND_OF_PREFIX = {prefix: kind for kind, prefix in Entity.URL_PREFIX.items()}
ARTICLES_PER_PAGE = 10

# Headings of the list pages, by URL prefix.
LIST_TITLES = {
    "systems": _("Systems"), "countries": _("Countries"), "people": _("People"),
    "organisations": _("Organisations"), "forums": _("Forums"), "meetings": _("Meetings"),
    "agreements": _("Agreements"), "places": _("Places"),
}


def aliases_by_script(aliases) -> list[tuple[str, list]]:
    """[(script label, [alias…])…] in the order the selector sorted them."""
    labels = dict(Script.choices)
    return [(labels.get(script, script) or _("other"), list(group))
            for script, group in groupby(aliases, key=lambda a: a.script)]


# Dates of each programme's timeline on a system's page: an overview; the programme's own page
# has them all (a programme followed for years gathers hundreds, each drawn with its evidence).
SYSTEM_MOMENTS = 10


def _platform(entity, today):
    programmes = with_timelines(selectors.programme_for_platform(platform=entity), today=today)
    for programme in programmes:
        programme.timeline.latest(SYSTEM_MOMENTS)
    with_sources(programmes)
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
    # A meeting lists the articles that report it, named or described (services.meetings),
    # not only those using one of its names: few articles name a meeting as such.
    articles = (selectors.article_reporting(meeting=entity) if kind == Entity.Kind.MEETING
                else selectors.article_mentioning(entity=entity))
    page = window(request, articles, per_page=ARTICLES_PER_PAGE, count=True)
    for article in page:
        spans = [(m.start, m.end) for m in article.entity_mentions]
        article.mention_count = len(spans)
        if not spans and getattr(article, "report_start", None) is not None:
            spans = [(article.report_start, article.report_end)]
        article.snippet = around(article.body, spans)
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


# Draws any FilterSet's fields (`filter_fields`); the other lists lay out their own forms.
GENERIC_LIST = "procurement/lists/entities.html"


def _names(items) -> str:
    return " | ".join(items)


@dataclass(frozen=True)
class ListPage:
    """How one kind's list is read, filtered, exported and drawn."""

    filterset: type
    rows: Callable[[], QuerySet]         # the selector, called per request
    header: list[str]                    # the CSV's columns…
    line: Callable[[Entity], list]       # …and one row's cells
    template: str = GENERIC_LIST
    dress: Callable | None = None        # sets what the template needs on the page's rows
    counted: bool = True                 # shows each row's `mention_total`

    @property
    def generic(self) -> bool:
        return self.template == GENERIC_LIST


def _platform_rows(platforms, today):
    for platform in platforms:
        platform.rows = [programme_row(p, today=today) for p in platform.programmes.all()]


def _plain(filterset: type, kind: str) -> ListPage:
    """Countries, people, organisations, forums, places: name, description, names, mentions."""
    return ListPage(filterset, partial(selectors.entity_list, kind=kind),
                    ["slug", "name", "description", "mentions", "names"],
                    lambda e: [e.slug, e.name, e.description, e.mention_total,
                               _names(a.text for a in e.aliases.all())])


LISTS = {
    Entity.Kind.PLATFORM: ListPage(
        PlatformFilter, selectors.platform_list,
        ["slug", "name", "category", "origin", "maker", "nato_name", "mentions", "names"],
        lambda p: [p.slug, p.name, p.category, p.origin and p.origin.name,
                   p.maker and p.maker.name, p.nato_name, p.mention_total,
                   _names(a.text for a in p.aliases.all())],
        "procurement/lists/systems.html", dress=_platform_rows),
    Entity.Kind.AGREEMENT: ListPage(
        AgreementFilter, selectors.agreement_list,
        ["slug", "name", "category", "status", "signed_on", "signed_precision", "parties",
         "platforms", "meeting", "value", "currency"],
        lambda a: [a.slug, a.name, a.category, a.status, a.signed_on, a.signed_precision,
                   _names(c.name for c in a.parties.all()),
                   _names(p.name for p in a.platforms.all()),
                   a.at_meeting and a.at_meeting.slug, a.value, a.currency],
        "procurement/lists/agreements.html", counted=False),
    Entity.Kind.MEETING: ListPage(
        MeetingFilter, selectors.meeting_list,
        ["slug", "name", "forum", "starts_on", "ends_on", "place", "host", "participants",
         "outcomes"],
        lambda m: [m.slug, m.name, m.parent_forum and m.parent_forum.name, m.starts_on,
                   m.ends_on, m.place, m.host and m.host.name,
                   _names(p.name for p in m.participants.all()),
                   _names(f"{o.subject.name}: {o.result}" for o in m.outcomes.all())],
        "procurement/lists/meetings.html", counted=False),
    Entity.Kind.COUNTRY: _plain(CountryFilter, Entity.Kind.COUNTRY),
    Entity.Kind.PERSON: _plain(PersonFilter, Entity.Kind.PERSON),
    Entity.Kind.ORGANISATION: _plain(OrganisationFilter, Entity.Kind.ORGANISATION),
    Entity.Kind.FORUM: _plain(ForumFilter, Entity.Kind.FORUM),
    Entity.Kind.PLACE: _plain(PlaceFilter, Entity.Kind.PLACE),
}


def entity_list(request, prefix):
    kind = KIND_OF_PREFIX[prefix]
    spec = LISTS[kind]
    filterset = spec.filterset(request.GET, queryset=spec.rows())
    if wants_csv(request):
        # Prefetches need a chunk size to stream; 500 rows a round trip (and one for their
        # mention counts).
        rows = (selectors.in_chunks_with_totals(filterset.qs, of="entity") if spec.counted
                else filterset.qs.iterator(chunk_size=500))
        return csv_response(prefix, spec.header, (spec.line(e) for e in rows))
    page = paginate(request, filterset.qs)
    if spec.counted:
        page.object_list = selectors.mention_totals(page.object_list, of="entity")
    if spec.dress:
        spec.dress(page, timezone.localdate())
    return render(request, spec.template, {
        "filter": filterset, "page": page, "prefix": prefix, "kind": kind,
        "title": LIST_TITLES[prefix], "filtered": is_filtered(request),
        "fields": filter_fields(filterset) if spec.generic else [],
    })
