"""Django admin, written for editors: search, filters, autocomplete, inlines, a review queue.

Every save goes through the services, so admin, API and commands apply the same rules.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .services.ingest import IngestError, article_read, article_store
from .text import fold_alias, is_variant_of
from .text.graphemes import cluster_end, snippet
from .models import (Agreement, Alias, Article, Country, Entity, Forum, Meeting, Mention,
                     Organisation, Outcome, Outlet, Person, Platform, Programme, Review,
                     StatusClaim, Story)

admin.site.site_header = "Defence-procurement tracker"
admin.site.site_title = "Tracker admin"
admin.site.index_title = "Curate the record"


# Inlines -----------------------------------------------------------------------------------

class AliasForm(forms.ModelForm):
    """Refuses on the form what the alias service would refuse on save, which is too late for
    the page to show it next to the field (it would be a server error)."""

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not any(c.isalnum() for c in fold_alias(text)):
            raise ValidationError(services.ALIAS_FOLDS_TO_NOTHING)
        return text


class AliasInline(admin.TabularInline):
    model = Alias
    form = AliasForm
    extra = 1
    fields = ["text", "language", "kind", "matchable", "script"]
    readonly_fields = ["script"]


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    fk_name = "meeting"
    fields = ["subject", "result", "note", "article", "quote", "source"]
    autocomplete_fields = ["subject", "article"]


class CappedPaginator(Paginator):
    """Counts a queue up to CAP rows: the changelist says "10000" where there are more, and
    pages through them all the same. A queue of a million machine-found mentions is counted in
    full on every view otherwise, reading the whole review index."""

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[:self.CAP].count()


def shorten(text: str, limit: int) -> str:
    """At most about `limit` characters, cut between graphemes (never inside a syllable)."""
    if len(text) <= limit:
        return text
    return text[:cluster_end(text, limit)].rstrip() + "…"


class NewestClaims:
    """The newest claims of a programme, as a table of links on its page.

    Editors read them here and edit each on its own page, where the quote is in full, so the
    page draws a plain table, not a formset: a formset of read-only rows still renders two
    hidden inputs per row through the widget templates, most of the page's time (measured at
    100,000 articles). Only the newest SHOWN: a busy programme gathers thousands, which the
    claim queue pages through (the link above the table)."""

    SHOWN = 20
    ORDER = ["-occurred_on", "-reported_on", "-pk"]

    @classmethod
    def of(cls, programme) -> list:
        return list(StatusClaim.objects.filter(programme=programme).order_by(*cls.ORDER)
                    .only("status", "review", "units_delivered", "units_total", "occurred_on",
                          "reported_on", "quote")[:cls.SHOWN])

    @staticmethod
    def units(claim) -> str:
        if claim.units_delivered is None:
            return "—"
        if claim.units_total:
            return f"{claim.units_delivered} of {claim.units_total}"
        return str(claim.units_delivered)

    @classmethod
    def table(cls, programme):
        claims = cls.of(programme)
        if not claims:
            return "—"
        rows = format_html_join("", "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td>"
                                "<td>{}</td><td>{}</td><td>{}</td></tr>", (
            (reverse("admin:procurement_statusclaim_change", args=[c.pk]),
             c.get_status_display(), c.get_review_display(), cls.units(c),
             c.occurred_on or "—", c.reported_on or "—", shorten(c.quote, 120))
            for c in claims))
        return format_html(
            '<table class="newest-claims"><thead><tr><th scope="col">status</th>'
            '<th scope="col">review</th><th scope="col">delivered</th>'
            '<th scope="col">occurred</th><th scope="col">reported</th>'
            '<th scope="col">quote</th></tr></thead><tbody>{}</tbody></table>', rows)


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    fields = ["entity", "text", "start", "end", "ambiguous", "review"]
    readonly_fields = ["entity", "text", "start", "end", "ambiguous"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # mentions come from extraction, not from typing


class ArticleInline(admin.TabularInline):
    model = Article
    extra = 0
    fields = ["title", "outlet", "published_on"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


# Saving through services ---------------------------------------------------------------------

class ServiceSavesMixin:
    """Route inline saves of aliases and claims through their services."""

    def save_formset(self, request, form, formset, change):
        if formset.model not in (Alias, StatusClaim):
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            if isinstance(obj, Alias):
                services.alias_save(alias=obj)
            else:
                services.claim_save(claim=obj)
        formset.save_m2m()


# Entities ------------------------------------------------------------------------------------

class EntityKindAdmin(ServiceSavesMixin, SimpleHistoryAdmin):
    inlines = [AliasInline]
    search_fields = ["name", "slug", "aliases__text"]
    prepopulated_fields = {"slug": ["name"]}
    list_display = ["name", "slug", "alias_count", "updated"]
    readonly_fields = ["created", "updated"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(alias_total=Count("aliases", distinct=True))

    @admin.display(description="aliases", ordering="alias_total")
    def alias_count(self, obj):
        return obj.alias_total


@admin.register(Entity)
class EntityAdmin(ServiceSavesMixin, SimpleHistoryAdmin):
    # The mixin matters here too: an alias saved without its matching form is invisible to
    # search and to the matcher.
    """All kinds in one list: the place to find anything by any of its names."""

    list_display = ["name", "kind", "slug", "updated"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases__text"]
    inlines = [AliasInline]
    readonly_fields = ["kind", "created", "updated"]

    def has_add_permission(self, request):
        return False  # add through the kind's own page so its fields are filled in


@admin.register(Country)
class CountryAdmin(EntityKindAdmin):
    list_display = ["name", "iso", "slug", "alias_count"]


@admin.register(Organisation)
class OrganisationAdmin(EntityKindAdmin):
    list_display = ["name", "category", "nation", "slug"]
    list_filter = ["category", "nation"]
    autocomplete_fields = ["nation"]


@admin.register(Person)
class PersonAdmin(EntityKindAdmin):
    list_display = ["name", "office", "nation", "slug"]
    list_filter = ["nation"]
    autocomplete_fields = ["nation"]


class ProgrammeOfPlatformInline(admin.TabularInline):
    model = Programme
    fk_name = "platform"
    extra = 0
    fields = ["buyer", "supplier", "kind", "units_ordered", "unit", "derived_status"]
    readonly_fields = ["derived_status"]
    autocomplete_fields = ["buyer", "supplier"]
    show_change_link = True

    @admin.display(description="current status (derived)")
    def derived_status(self, obj):
        return obj.status.label or "—" if obj.pk else "—"


@admin.register(Platform)
class PlatformAdmin(EntityKindAdmin):
    list_display = ["name", "category", "origin", "nato_name", "slug", "alias_count"]
    list_filter = ["category", "origin"]
    autocomplete_fields = ["origin", "maker", "parent"]
    inlines = [AliasInline, ProgrammeOfPlatformInline]


@admin.register(Forum)
class ForumAdmin(EntityKindAdmin):
    list_display = ["name", "category", "slug"]
    list_filter = ["category"]
    autocomplete_fields = ["members"]


@admin.register(Meeting)
class MeetingAdmin(EntityKindAdmin):
    list_display = ["name", "parent_forum", "starts_on", "place", "slug"]
    list_filter = ["parent_forum", "host"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["parent_forum", "host", "location", "participants"]
    inlines = [AliasInline, OutcomeInline]


@admin.register(Agreement)
class AgreementAdmin(EntityKindAdmin):
    list_display = ["name", "category", "status", "signed_on", "slug"]
    list_filter = ["category", "status"]
    autocomplete_fields = ["parties", "platforms", "at_meeting"]


@admin.register(Alias)
class AliasAdmin(SimpleHistoryAdmin):
    form = AliasForm
    list_display = ["text", "entity", "language", "script", "kind", "matchable"]
    list_filter = ["script", "language", "kind", "matchable", "entity__kind"]
    search_fields = ["text", "folded", "entity__name", "entity__slug"]
    autocomplete_fields = ["entity"]
    readonly_fields = ["folded", "script", "updated"]

    def save_model(self, request, obj, form, change):
        services.alias_save(alias=obj)


# Programmes and evidence -------------------------------------------------------------------------

@admin.register(Programme)
class ProgrammeAdmin(ServiceSavesMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "units_ordered", "derived_status", "as_of", "conflict"]
    list_filter = ["kind", "buyer", "supplier", "platform__category"]
    search_fields = ["slug", "platform__name", "platform__aliases__text", "buyer__name"]
    autocomplete_fields = ["buyer", "supplier", "platform", "agreements"]
    readonly_fields = ["derived_status", "as_of", "conflict", "all_claims", "newest_claims",
                       "created", "updated"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_evidence(sources=False)

    @admin.display(description=f"newest {NewestClaims.SHOWN} claims")
    def newest_claims(self, obj):
        return NewestClaims.table(obj) if obj.pk else "—"

    @admin.display(description="claims")
    def all_claims(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:procurement_statusclaim_changelist")
        return format_html('<a href="{}?programme__id__exact={}">All {} claims of this programme</a>',
                           url, obj.pk, obj.claims.count())

    @admin.display(description="current status (derived from confirmed claims)")
    def derived_status(self, obj):
        return obj.status.label or "no confirmed claim"

    @admin.display(description="as of")
    def as_of(self, obj):
        return obj.status.as_of or "—"

    @admin.display(description="conflict", boolean=True)
    def conflict(self, obj):
        return obj.status.conflicted


class ReviewActionsMixin:
    """Confirm / reject actions for the review queue."""

    actions = ["confirm", "reject", "reset_to_machine"]

    def action_checkbox(self, obj):
        # Django's own renders each row's box through the widget templates: a tenth of a
        # 50-row queue page's time (measured at 100,000 articles). The same markup, written.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME, obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)))

    def _review(self, request, queryset, review):
        done = 0
        for record in queryset:
            try:
                self.review_service(record, review, request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{record}: {'; '.join(error.messages)}", messages.ERROR)
        self.message_user(request, f"{done} marked {review}.", messages.SUCCESS)

    @admin.action(description="Confirm selected", permissions=["change"])
    def confirm(self, request, queryset):
        self._review(request, queryset, Review.CONFIRMED)

    @admin.action(description="Reject selected", permissions=["change"])
    def reject(self, request, queryset):
        self._review(request, queryset, Review.REJECTED)

    @admin.action(description="Send back to the queue", permissions=["change"])
    def reset_to_machine(self, request, queryset):
        self._review(request, queryset, Review.MACHINE)


@admin.register(StatusClaim)
class StatusClaimAdmin(ReviewActionsMixin, SimpleHistoryAdmin):
    paginator = CappedPaginator
    # The quote is what an editor judges, so it comes early and gets the room; units,
    # report date and confidence are on the claim's page.
    list_display = ["programme", "status", "short_quote", "occurred_on", "attribution", "review"]
    list_filter = ["review", "status", "attribution", "confidence", "programme"]
    search_fields = ["quote", "source", "programme__slug", "programme__platform__name"]
    autocomplete_fields = ["programme", "article"]
    readonly_fields = ["reviewed_by", "reviewed_at", "created", "updated"]
    list_select_related = ["programme__buyer", "programme__platform"]
    date_hierarchy = "occurred_on"
    show_full_result_count = False  # an unfiltered COUNT(*) per page view is wasted on a queue
    list_per_page = 50
    # Newest first, as the mention queue: the model's order (programme's buyer and platform
    # names, then date) made the database join and sort every claim awaiting review per page.
    ordering = ["-pk"]

    class Media:
        css = {"all": ["procurement/admin-queues.css"]}

    @staticmethod
    def review_service(record, review, editor):
        services.claim_review(claim=record, review=review, editor=editor)

    def save_model(self, request, obj, form, change):
        services.claim_save(claim=obj)

    @admin.display(description="quote")
    def short_quote(self, obj):
        return format_html('<span class="quote">{}</span>', shorten(obj.quote, 160))


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "subject", "result", "article"]
    list_filter = ["result", "meeting"]
    search_fields = ["meeting__name", "subject__name", "note", "quote"]
    autocomplete_fields = ["meeting", "subject", "article"]
    list_select_related = ["meeting", "subject", "article"]


# Articles ----------------------------------------------------------------------------------------

@admin.register(Outlet)
class OutletAdmin(SimpleHistoryAdmin):
    list_display = ["name", "language", "country", "url"]
    list_filter = ["language", "country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]


@admin.register(Story)
class StoryAdmin(SimpleHistoryAdmin):
    list_display = ["title", "created"]
    search_fields = ["title"]
    inlines = [ArticleInline]


class ArticleAddForm(forms.ModelForm):
    """Pasted text is checked by the ingestion pipeline before anything is saved."""

    title = forms.CharField(required=False, max_length=500,
                            help_text="Leave empty to use the first line of the text.")

    class Meta:
        model = Article
        fields = ["title", "url", "outlet", "language", "published_on", "body"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.draft = article_read(
                body=data.get("body"), title=data.get("title", ""), url=data.get("url", ""),
                outlet=data["outlet"].name if data.get("outlet") else "",
                language=data.get("language", ""), published_on=data.get("published_on"),
                source="admin")
        except IngestError as error:
            raise forms.ValidationError(str(error)) from error
        return data

    def validate_unique(self):
        pass  # the pipeline decides what a duplicate is (same normalised text)


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    paginator = CappedPaginator
    list_display = ["title", "outlet", "language", "published_on", "story", "created"]
    list_filter = ["language", "outlet", "published_on"]
    search_fields = ["title", "url", "body"]
    autocomplete_fields = ["outlet", "story"]
    # No date_hierarchy: its year links come from truncating every article's date on each
    # view (a whole-table pass); the date filter on the right covers the same need.
    inlines = [MentionInline]
    list_select_related = ["outlet", "story"]
    show_full_result_count = False  # a second COUNT(*) over every article per view

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ArticleAddForm
        return super().get_form(request, obj, **kwargs)

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def get_readonly_fields(self, request, obj=None):
        # The body is evidence: offsets of mentions and quotes point into it, so it never changes.
        fixed = ["hash", "dateline", "source", "created"]
        return fixed + ["body"] if obj else fixed

    def save_model(self, request, obj, form, change):
        if change:
            obj.full_clean()
            obj.save()
            return
        result = article_store(draft=form.draft)
        obj.pk = result.article.pk
        obj.refresh_from_db()
        obj.stored_before = result.duplicate  # read by log_addition and response_add below
        if result.duplicate:
            self.message_user(request, "This text is already stored; this is the existing article.",
                              messages.WARNING)
        else:
            self.message_user(request, f"Stored with {len(result.mentions)} mentions and "
                              f"{len(result.claims)} suggested claims.", messages.INFO)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Mention:
            return super().save_formset(request, form, formset, change)
        # A review set in the article's mention list goes through the service, as in the queue:
        # it stamps who and when, and confirming one of an ambiguous name's mentions rejects
        # the others. Review is the only field editable here, so nothing else is saved.
        formset.save(commit=False)  # sets what the history message lists; writes nothing
        for mention_form in formset.forms:
            if "review" not in mention_form.changed_data:
                continue
            mention = mention_form.instance
            try:
                services.mention_review(mention=mention, review=mention.review,
                                        editor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{mention.text}: " + "; ".join(error.messages),
                                  messages.ERROR)

    def log_addition(self, request, obj, message):
        # A pasted duplicate added nothing; an "added" entry would claim otherwise.
        if not getattr(obj, "stored_before", False):
            return super().log_addition(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        # Django would add "was added successfully" under our "already stored" warning; the
        # editor is taken to the stored article with the warning alone.
        if getattr(obj, "stored_before", False):
            return HttpResponseRedirect(reverse("admin:procurement_article_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)


def _other_candidates(mentions) -> dict:
    """{mention id: [(id, entity name, review) of the other entries' mentions of its span]}
    for the ambiguous ones among `mentions`: one query."""
    ambiguous = [m for m in mentions if m.ambiguous]
    found = {m.pk: [] for m in ambiguous}
    if not ambiguous:
        return found
    rows = (Mention.objects.filter(ambiguous=True,
                                   article_id__in={m.article_id for m in ambiguous})
            .order_by("entity__name")
            .values_list("pk", "article_id", "start", "end", "entity__name", "review"))
    by_span: dict[tuple, list] = {}
    for pk, article_id, start, end, name, review in rows:
        by_span.setdefault((article_id, start, end), []).append((pk, name, review))
    for m in ambiguous:
        found[m.pk] = [row for row in by_span.get((m.article_id, m.start, m.end), ())
                       if row[0] != m.pk]
    return found


class MentionChangeList(ChangeList):
    """The review queue, with each ambiguous mention's other candidates read in one query."""

    def get_results(self, request):
        super().get_results(request)
        page = list(self.result_list)  # evaluated once; the page renders these same objects
        others = _other_candidates(page)
        for mention in page:
            if mention.pk in others:
                mention.other_candidates = others[mention.pk]


@admin.register(Mention)
class MentionAdmin(ReviewActionsMixin, SimpleHistoryAdmin):
    paginator = CappedPaginator
    # Newest found first, as a queue reads; also the order the review index holds them in
    # (the model's article-and-offset order made the database sort every mention in the queue).
    ordering = ["-pk"]
    # Sized for a 1280 px screen: the context is what an editor reads to decide, so it gets
    # the width; offsets are on the mention's own page.
    list_display = ["text", "entity", "article_title", "review", "context", "how_found"]
    list_filter = ["review", "ambiguous", "entity__kind", "article__language"]
    search_fields = ["text", "entity__name", "entity__slug", "article__title"]
    autocomplete_fields = ["entity", "article", "alias"]
    readonly_fields = ["article", "start", "end", "text", "alias", "matched_as", "reviewed_by",
                       "reviewed_at", "context", "ambiguous", "candidates"]
    list_select_related = ["entity", "article", "alias"]
    show_full_result_count = False  # an unfiltered COUNT(*) per page view is wasted on a queue
    list_per_page = 50

    class Media:
        css = {"all": ["procurement/admin-queues.css"]}

    @staticmethod
    def review_service(record, review, editor):
        services.mention_review(mention=record, review=review, editor=editor)

    def has_add_permission(self, request):
        return False  # mentions come from extraction

    def get_changelist(self, request, **kwargs):
        return MentionChangeList

    def save_model(self, request, obj, form, change):
        # A review set on the form goes through the service, as the queue's actions do: it
        # stamps who and when, and confirming one of an ambiguous name's mentions rejects the
        # others. (A refusal is a ValidationError, which the form cannot show this late, so it
        # is sent as a message and nothing is saved.)
        if "review" not in form.changed_data:
            return super().save_model(request, obj, form, change)
        if set(form.changed_data) - {"review"}:
            super().save_model(request, obj, form, change)
        try:
            services.mention_review(mention=obj, review=obj.review, editor=request.user)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)

    @admin.display(description=gettext_lazy("other candidates"))
    def candidates(self, obj):
        """For an ambiguous name, the other entries its text may mean, with their review state:
        what an editor chooses among."""
        if not obj.ambiguous:
            return None
        others = getattr(obj, "other_candidates", None)
        if others is None:  # the mention's own page: one query
            others = _other_candidates([obj])[obj.pk]
        return format_html_join(", ", '<a href="{}">{}</a> ({})', (
            (reverse("admin:procurement_mention_change", args=[pk]), name,
             Review(review).label) for pk, name, review in others)) or None

    @admin.display(description=gettext_lazy("how found"))
    def how_found(self, obj):
        """The queue's short form of "matched as" and "other candidates": only what needs an
        editor's eye, a generated spelling (the full sentence on hover) or the other entries
        an ambiguous name may mean."""
        parts = []
        if obj.alias is not None and is_variant_of(obj.text, obj.alias.folded):
            parts.append(format_html('<span title="{}">{}</span>', self.matched_as(obj),
                                     gettext("variant of %(alias)s") % {"alias": obj.alias.text}))
        others = self.candidates(obj)
        if others:
            parts.append(format_html("{} {}", gettext("or:"), others))
        return format_html_join(mark_safe("<br>"), "{}", ((part,) for part in parts)) or None

    @admin.display(description="article", ordering="article__title")
    def article_title(self, obj):
        return shorten(obj.article.title, 40)

    @admin.display(description="in context")
    def context(self, obj):
        body = obj.article.body
        before, found, after = snippet(body, obj.start, obj.end, width=70)
        return format_html('<span class="snippet">{}{}<mark>{}</mark>{}{}</span>',
                           "…" if len(before) < obj.start else "", before, found, after,
                           "…" if obj.end + len(after) < len(body) else "")

    @admin.display(description=gettext_lazy("matched as"))
    def matched_as(self, obj):
        """Which alias found the mention, and whether the text is a generated spelling of it
        (बेलोसोव for the alias बेलौसोव), which an editor may want to check or list as an alias."""
        if obj.alias is None:
            return None  # the alias was deleted since (the admin shows its empty-value mark)
        if is_variant_of(obj.text, obj.alias.folded):
            return gettext("%(text)s — a spelling variant of the alias %(alias)s") % {
                "text": obj.text, "alias": obj.alias.text}
        return gettext("the alias %(alias)s") % {"alias": obj.alias.text}


# API tokens --------------------------------------------------------------------------------------

from . import admin_tokens  # noqa: E402,F401  (replaces knox's token admin)
from . import admin_meetings  # noqa: E402,F401  (the meeting-report review queue)
from . import admin_places  # noqa: E402,F401
from . import admin_candidates  # noqa: E402,F401  (the queue of new names)
from . import admin_sources  # noqa: E402,F401  (outlets' feeds and the pages they list)
from . import admin_alerts  # noqa: E402,F401  (follows, webhooks, deliveries, events)
