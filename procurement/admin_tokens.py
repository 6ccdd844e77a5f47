"""API tokens in admin: a read-only list to see and revoke them, never to make them.

knox's own admin lets anyone with its permissions create a token for any account, with any
expiry or none, and read every account's tokens. Here tokens only come from
`manage.py create_api_token` and POST /api/v1/auth/login/, both with an expiry; a superuser sees
and revokes every token, anyone else only their own.
"""

from django.contrib import admin
from knox.models import AuthToken

if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class AuthTokenAdmin(admin.ModelAdmin):
    list_display = ["token_key", "user", "created", "expiry"]
    fields = ["token_key", "user", "created", "expiry"]
    readonly_fields = fields
    list_select_related = ["user"]
    ordering = ["-created"]

    def get_search_fields(self, request):
        # Searching by account name is only useful, and only harmless, across all accounts.
        return ["user__username", "token_key"] if request.user.is_superuser else ["token_key"]

    def get_queryset(self, request):
        tokens = super().get_queryset(request)
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def _own(self, request, obj) -> bool:
        return obj is None or request.user.is_superuser or obj.user_id == request.user.pk

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a token's account or expiry never changes; revoke it and issue another

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._own(request, obj)
