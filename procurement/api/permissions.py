from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..roles import EDITORS


def reading_open(request) -> bool:
    """Whether this request may read the record: the API's rule, and the pages' (access.py).

    The setting is read on every request, so tests (and override_settings) can switch it.
    """
    user = getattr(request, "user", None)
    return settings.TRACKER_PUBLIC_READ or bool(user and user.is_authenticated)


class ReadOpenWriteEditors(BasePermission):
    """Anyone reads (unless TRACKER_PUBLIC_READ=0); only editors and superusers write."""

    message = "Writing needs an editor's account."

    def has_permission(self, request, view):
        user = request.user
        if request.method in SAFE_METHODS:
            return reading_open(request)
        return bool(user and user.is_authenticated
                    and (user.is_superuser or user.groups.filter(name=EDITORS).exists()))


class ReadOpen(BasePermission):
    """Anyone while reading is public, else any signed-in account or token: the schema and its
    docs page (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]) are closed when the data is."""

    def has_permission(self, request, view):
        return reading_open(request)
