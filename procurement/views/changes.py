"""Recent changes to the record, merged across the main tables, as a page and an Atom feed."""

from dataclasses import dataclass, field

from django.contrib.syndication.views import Feed
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import selectors
from ..models import Entity
from .pages import window

ACTIONS = {"+": gettext_lazy("created"), "~": gettext_lazy("changed"), "-": gettext_lazy("deleted")}
LABELS = {
    "programme": gettext_lazy("programme"), "statusclaim": gettext_lazy("status claim"),
    "outcome": gettext_lazy("meeting outcome"), "platform": gettext_lazy("system"),
    "country": gettext_lazy("country"), "person": gettext_lazy("person"),
    "organisation": gettext_lazy("organisation"), "forum": gettext_lazy("forum"),
    "meeting": gettext_lazy("meeting"), "agreement": gettext_lazy("agreement"),
    "alias": gettext_lazy("name (alias)"), "article": gettext_lazy("article"),
    "outlet": gettext_lazy("outlet"), "mention": gettext_lazy("mention"),
}
# Bookkeeping fields: they change on every save and say nothing to an analyst.
QUIET_FIELDS = {"updated", "created", "reviewed_at", "folded", "script", "hash", "signature"}


@dataclass
class Change:
    label: str
    record: object
    title: str
    url: str = ""
    fields: list = field(default_factory=list)   # verbose names of the fields that changed
    staff: bool = False                           # whether the reader is staff (see `who`)

    @property
    def kind(self):
        return LABELS[self.label]

    @property
    def action(self):
        return ACTIONS.get(self.record.history_type, self.record.history_type)

    @property
    def when(self):
        return self.record.history_date

    @property
    def who(self):
        """The editor's full name, else "an editor"; staff also see the account's user name.

        A user name is half of what signing in asks for, so the public never sees one.
        """
        user = self.record.history_user
        if user is None:
            return ""
        name = user.get_full_name()
        if self.staff:
            return f"{name} ({user.get_username()})" if name else user.get_username()
        return name or _("an editor")

    @property
    def reason(self):
        return self.record.history_change_reason or ""


def _entity_url(entity) -> str:
    return entity.get_absolute_url() if entity else ""


def _describe(label, record, entities, programmes) -> tuple[str, str]:
    """(title, url) of the changed thing, from the record and the preloaded targets."""
    gone = record.history_type == "-"
    if label in Entity.URL_PREFIX:  # the entity kinds, each with its own history table
        url = "" if gone else reverse("procurement:entity",
                                      args=[Entity.URL_PREFIX[label], record.slug])
        return record.name, url
    if label == "programme":
        p = programmes.get(record.id)
        return (str(p) if p else record.slug), ("" if gone or not p else p.get_absolute_url())
    if label == "statusclaim":
        p = programmes.get(record.programme_id)
        status = record.instance.get_status_display()
        return (f"{p}: {status}" if p else status), (p.get_absolute_url() if p else "")
    if label == "outcome":
        meeting, subject = entities.get(record.meeting_id), entities.get(record.subject_id)
        result = record.instance.get_result_display()
        return f"{meeting or '?'} → {subject or '?'}: {result}", _entity_url(meeting)
    if label == "alias":
        entity = entities.get(record.entity_id)
        return f"{record.text} ({entity or '?'})", _entity_url(entity)
    if label == "mention":
        entity = entities.get(record.entity_id)
        return (f"{record.text} → {entity or '?'}",
                reverse("procurement:article", args=[record.article_id]))
    if label == "article":
        return record.title, "" if gone else reverse("procurement:article", args=[record.id])
    if label == "outlet":
        return record.name, "" if gone else reverse("procurement:articles") + f"?outlet={record.slug}"
    return str(record.id), ""


def _changed_fields(record) -> list[str]:
    if record.history_type != "~" or record.previous is None:
        return []
    delta = record.diff_against(record.previous)
    names = {f.name: f.verbose_name for f in record.instance_type._meta.fields}
    return [str(names.get(name, name)) for name in delta.changed_fields if name not in QUIET_FIELDS]


def changes_for(refs, *, staff: bool = False) -> list[Change]:
    """The changes behind `refs` (rows of `selectors.change_list()`), in their order, as a
    reader who is staff (or not) sees them.

    A fixed number of queries for any number of refs: one per table present, plus one for the
    entities and one for the programmes they refer to.
    """
    refs = list(refs)
    records = selectors.change_records(refs=refs)
    entity_ids, programme_ids = [], []
    for (label, _id), r in records.items():
        if label == "outcome":
            entity_ids += [r.meeting_id, r.subject_id]
        elif label in ("alias", "mention"):
            entity_ids.append(r.entity_id)
        elif label == "statusclaim":
            programme_ids.append(r.programme_id)
        elif label == "programme":
            programme_ids.append(r.id)
    entities, programmes = selectors.change_targets(entity_ids=entity_ids,
                                                    programme_ids=programme_ids)
    changes = []
    for ref in refs:
        record = records[(ref["label"], ref["history_id"])]
        title, url = _describe(ref["label"], record, entities, programmes)
        changes.append(Change(ref["label"], record, title, url, _changed_fields(record),
                              staff=staff))
    return changes


def change_list(request):
    label = request.GET.get("model", "")
    labels = [label] if label in selectors.HISTORY_MODELS else None
    page = window(request, selectors.change_list(labels=labels), per_page=50)
    return render(request, "procurement/changes.html", {
        "page": page, "changes": changes_for(page.object_list, staff=request.user.is_staff),
        "labels": LABELS.items(), "model": label if labels else "",
    })


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    link = "/changes/"

    def title(self):
        return _("Defence-procurement tracker: recent changes")

    def subtitle(self):
        return _("Edits to programmes, claims, meetings, entities and articles.")

    def get_object(self, request, *args, **kwargs):
        # The feed is one shared instance: who is reading travels as the feed's object.
        return request.user

    def items(self, reader):
        return changes_for(selectors.change_list()[:50], staff=reader.is_staff)

    def item_title(self, item):
        return f"{item.kind} {item.action}: {item.title}"

    def item_description(self, item):
        parts = []
        if item.fields:
            parts.append(_("Changed: %(fields)s") % {"fields": ", ".join(item.fields)})
        if item.reason:
            parts.append(item.reason)
        if item.who:
            parts.append(_("By %(user)s") % {"user": item.who})
        return " · ".join(parts)

    def item_link(self, item):
        return item.url or reverse("procurement:changes")

    def item_guid(self, item):
        return f"tag:tracker,change:{item.label}:{item.record.history_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.when

    def item_updateddate(self, item):
        return item.when

    def item_author_name(self, item):
        return item.who or None
