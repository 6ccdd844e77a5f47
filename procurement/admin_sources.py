"""Feeds in admin: editors add and switch sources, see which fail and why, and poll one now.

Items (the pages feeds listed) are read-only: polling writes them, and an item's article is
one click away.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import Item, Source
from .services.sources import source_due_now
from .tasks.sources import source_poll_job

ERROR_SHOWN = 80  # characters of the last error in the list; the whole of it on the page


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "outlet", "kind", "enabled", "polled", "succeeded", "failures",
                    "short_error", "due"]
    list_filter = ["enabled", "kind", "language", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["slug", "url", "outlet__name"]
    autocomplete_fields = ["outlet"]
    readonly_fields = ["polled", "succeeded", "failures", "error", "etag", "modified",
                       "created"]
    fieldsets = [
        (None, {"fields": ["slug", "url", "kind", "outlet", "language", "interval",
                           "enabled"]}),
        (_("Polling"), {"fields": ["due", "polled", "succeeded", "failures", "error", "etag",
                                   "modified", "created"]}),
    ]
    actions = ["poll_now"]

    @admin.display(description=_("last error"), ordering="error")
    def short_error(self, obj):
        return Truncator(obj.error).chars(ERROR_SHOWN)

    @admin.action(description=_("Poll now"))
    def poll_now(self, request, queryset):
        """Due at once; with workers the poll is enqueued, without them it runs here."""
        count = 0
        for source in queryset.select_related("outlet"):
            source_due_now(source=source)
            source_poll_job.delay(source.pk)
            count += 1
        self.message_user(request, ngettext("%(count)d source will be polled now.",
                                             "%(count)d sources will be polled now.", count)
                          % {"count": count}, messages.SUCCESS)


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["title_or_url", "source", "state", "attempts", "seen", "done",
                    "article_link"]
    list_filter = ["state", "source"]
    list_select_related = ["source", "article"]
    search_fields = ["url", "title"]
    date_hierarchy = "seen"
    readonly_fields = ["source", "url", "guid", "title", "published", "state", "claimed",
                       "attempts", "error", "article_link", "seen", "done"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # view only: polling and workers write items

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("item"), ordering="title")
    def title_or_url(self, obj):
        return obj.title or obj.url

    @admin.display(description=_("article"))
    def article_link(self, obj):
        if obj.article_id is None:
            return ""
        return format_html('<a href="{}">{}</a>',
                           reverse("admin:procurement_article_change", args=[obj.article_id]),
                           obj.article.title if obj.article else obj.article_id)
