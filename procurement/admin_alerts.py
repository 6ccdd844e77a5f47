"""Alerts in admin: follows, webhooks (with their failures), deliveries and events.

Follows, webhooks and deliveries belong to readers: a superuser sees everyone's, anyone else
only their own. Webhooks are made through the API, which shows their secret once; no admin page
shows a secret or a feed token. Deliveries and events are written by the jobs: read-only here.
"""

from django.contrib import admin

from .models import Delivery, Event, Follow, Webhook
from .services.webhooks import webhook_save


class WrittenByJobsMixin:
    """Rows the jobs write: shown, never added or changed by hand."""

    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OwnRowsMixin:
    owner_field = "user"

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        return rows if request.user.is_superuser else rows.filter(**{self.owner_field: request.user})

    def owner_of(self, obj):
        return obj.user_id

    def _own(self, request, obj) -> bool:
        return obj is None or request.user.is_superuser or self.owner_of(obj) == request.user.pk

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._own(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._own(request, obj)


@admin.register(Follow)
class FollowAdmin(OwnRowsMixin, admin.ModelAdmin):
    list_display = ["user", "entity", "programme", "created"]
    list_select_related = ["user", "entity", "programme__buyer", "programme__platform"]
    search_fields = ["user__username", "entity__name", "programme__slug"]
    fields = ["user", "entity", "programme", "created"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # readers follow from the pages or the API


@admin.register(Webhook)
class WebhookAdmin(OwnRowsMixin, admin.ModelAdmin):
    owner_field = "owner"

    def owner_of(self, obj):
        return obj.owner_id
    list_display = ["url", "owner", "active", "failures", "short_error", "created"]
    list_filter = ["active"]
    list_select_related = ["owner"]
    search_fields = ["url", "owner__username", "description"]
    fields = ["owner", "url", "description", "events", "entities", "programmes", "active",
              "failures", "last_error", "disabled_reason", "created"]
    readonly_fields = ["owner", "failures", "last_error", "disabled_reason", "created"]
    autocomplete_fields = ["entities", "programmes"]

    def has_add_permission(self, request):
        return False  # made through the API, which shows the secret once

    def save_model(self, request, obj, form, change):
        webhook_save(webhook=obj)

    @admin.display(description="last error")
    def short_error(self, obj):
        return obj.last_error[:120]


@admin.register(Delivery)
class DeliveryAdmin(WrittenByJobsMixin, OwnRowsMixin, admin.ModelAdmin):
    owner_field = "webhook__owner"
    list_display = ["event", "webhook", "state", "attempts", "status_code", "next_try", "created"]
    list_filter = ["state"]
    list_select_related = ["event", "webhook"]
    fields = ["webhook", "event", "state", "attempts", "next_try", "status_code", "error",
              "delivered", "created"]
    readonly_fields = fields

    def owner_of(self, obj):
        return obj.webhook.owner_id


@admin.register(Event)
class EventAdmin(WrittenByJobsMixin, admin.ModelAdmin):
    list_display = ["kind", "__str__", "entity", "programme", "created"]
    list_filter = ["kind"]
    list_select_related = ["entity", "programme__buyer", "programme__platform"]
    fields = ["kind", "entity", "programme", "article", "claim", "payload", "created",
              "fanned_out"]
    readonly_fields = fields
