"""The editors' queue of new names (see services.candidates): most-seen first, with examples.

One step per name: the actions make the selected names new entities of the kind guessed, or
dismiss them; a name's own page makes it a new entity of another kind, or an alias of an
existing entity (typed with autocomplete).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Candidate, Entity, Sighting
from .services.candidates import candidate_dismiss, candidate_promote
from .text.graphemes import snippet

EXAMPLES = 2  # sentences shown per name in the queue
# Kinds whose fields all have defaults, so a name alone makes one. A forum, an agreement or a
# country needs more (category, status, ISO code): add it on its own page, then the alias here.
NEW_KINDS = [Entity.Kind.PLATFORM, Entity.Kind.PERSON, Entity.Kind.ORGANISATION,
             Entity.Kind.PLACE, Entity.Kind.MEETING]


class QueueFilter(admin.SimpleListFilter):
    """Open names unless asked otherwise; "named since" are open names an alias now matches."""

    title = _("status")
    parameter_name = "queue"
    ALL = "all"
    NAMED = "named"

    def lookups(self, request, model_admin):
        return [(self.NAMED, _("named since (an alias exists)")),
                (Candidate.Status.PROMOTED, _("promoted")),
                (Candidate.Status.DISMISSED, _("dismissed")),
                (self.ALL, _("all"))]

    def choices(self, changelist):
        yield {"selected": self.value() is None, "display": _("open"),
               "query_string": changelist.get_query_string(remove=[self.parameter_name])}
        for value, label in self.lookup_choices:
            yield {"selected": self.value() == value, "display": label,
                   "query_string": changelist.get_query_string({self.parameter_name: value})}

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.open()
        if value == self.NAMED:
            return queryset.named_since()
        if value in (Candidate.Status.PROMOTED, Candidate.Status.DISMISSED):
            return queryset.filter(status=value)
        return queryset


class DecisionForm(forms.ModelForm):
    """Either an existing entity (the name becomes its alias) or a kind and name for a new one."""

    new_kind = forms.ChoiceField(
        label=_("Make a new entity of kind"), required=False,
        choices=[("", "—")] + [(k.value, k.label) for k in NEW_KINDS])
    new_name = forms.CharField(label=_("Name of the new entity"), required=False, max_length=200,
                               help_text=_("As analysts should see it, e.g. S-500 Prometey."))
    new_slug = forms.SlugField(label=_("Slug of the new entity"), required=False, max_length=80,
                               allow_unicode=True,
                               help_text=_("Leave empty to make one from the name."))

    class Meta:
        model = Candidate
        fields = ["promoted_to"]
        labels = {"promoted_to": _("Add as alias of existing entity")}

    def clean(self):
        data = super().clean()
        entity, kind = data.get("promoted_to"), data.get("new_kind")
        if entity and kind:
            raise ValidationError(_("Choose an existing entity or a new kind, not both."))
        if kind and not (data.get("new_name") or "").strip():
            self.add_error("new_name", _("A new entity needs a name."))
        slug = data.get("new_slug")
        if slug and Entity.objects.filter(slug=slug).exists():
            self.add_error("new_slug", _("Another entity already has this slug."))
        return data


@admin.register(Candidate)
class CandidateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "articles", "status", "examples"]
    list_filter = [QueueFilter, "kind"]
    search_fields = ["name", "folded"]
    list_select_related = ["promoted_to"]
    show_full_result_count = False  # an unfiltered COUNT(*) per page view is wasted on a queue
    list_per_page = 50
    actions = ["promote_as_guessed", "dismiss"]
    autocomplete_fields = ["promoted_to"]
    form = DecisionForm
    decided = ["folded", "kind", "status", "articles", "promoted_to", "decided_by", "created",
               "updated", "all_examples"]

    class Media:
        css = {"all": ["procurement/admin-queues.css"]}

    def get_queryset(self, request):
        latest = (Sighting.objects.only("candidate_id", "text", "sentence", "at")
                  .order_by("-article_id"))
        return super().get_queryset(request).prefetch_related(
            Prefetch("sightings", queryset=latest[:EXAMPLES], to_attr="latest"))

    def has_add_permission(self, request):
        return False  # names come from ingestion

    def get_fields(self, request, obj=None):
        if obj is None or obj.status == Candidate.Status.PROMOTED:
            return ["name"] + self.decided
        return ["name", "folded", "kind", "articles", "status", "all_examples", "promoted_to",
                "new_kind", "new_name", "new_slug"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None or obj.status == Candidate.Status.PROMOTED:
            return ["name"] + self.decided
        return ["name", "folded", "kind", "articles", "status", "all_examples"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None or obj.status == Candidate.Status.PROMOTED:
            kwargs["form"] = forms.ModelForm  # nothing left to decide
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        data = getattr(form, "cleaned_data", {})
        entity, kind = data.get("promoted_to"), data.get("new_kind")
        if not (entity or kind):
            return  # nothing decided
        try:
            made = candidate_promote(candidate=obj, editor=request.user, entity=entity,
                                     kind=kind or None, name=data.get("new_name") or None,
                                     slug=data.get("new_slug") or None)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, _("“%(name)s” is now a name of %(entity)s; its articles "
                                     "were matched again.") % {"name": obj.name, "entity": made},
                          messages.SUCCESS)

    @admin.display(description=_("examples"))
    def examples(self, obj):
        return _marked(getattr(obj, "latest", None) or [], 90)

    @admin.display(description=_("examples"))
    def all_examples(self, obj):
        return _marked(obj.sightings.order_by("-article_id")[:10], 200)

    @admin.action(description=_("Make each a new entity of the kind guessed"),
                  permissions=["change"])
    def promote_as_guessed(self, request, queryset):
        done = 0
        for candidate in queryset:
            try:
                candidate_promote(candidate=candidate, editor=request.user,
                                  kind=candidate.kind, name=candidate.name)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{candidate}: {'; '.join(error.messages)}",
                                  messages.ERROR)
        self.message_user(request, _("%(count)d made into entities.") % {"count": done},
                          messages.SUCCESS)

    @admin.action(description=_("Dismiss (never show these names again)"),
                  permissions=["change"])
    def dismiss(self, request, queryset):
        done = 0
        for candidate in queryset:
            try:
                candidate_dismiss(candidate=candidate, editor=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{candidate}: {'; '.join(error.messages)}",
                                  messages.ERROR)
        self.message_user(request, _("%(count)d dismissed.") % {"count": done}, messages.SUCCESS)


def _marked(sightings, width: int):
    """Each sighting's sentence with the name marked, about `width` characters a side."""
    rows = []
    for s in sightings:
        end = s.at + len(s.text)
        before, found, after = snippet(s.sentence, s.at, end, width=width)
        rows.append(("…" if len(before) < s.at else "", before, found, after,
                     "…" if end + len(after) < len(s.sentence) else ""))
    return format_html_join("", '<span class="snippet">{}{}<mark>{}</mark>{}{}</span><br>', rows)
