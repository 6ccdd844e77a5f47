from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..roles import EDITORS


class ReadOpenWriteEditors(BasePermission):
    """Anyone reads (unless TRACKER_PUBLIC_READ=0); only editors and superusers write."""

    message = "Writing needs an editor's account."

    def has_permission(self, request, view):
        user = request.user
        if request.method in SAFE_METHODS:
            return settings.TRACKER_PUBLIC_READ or bool(user and user.is_authenticated)
        return bool(user and user.is_authenticated
                    and (user.is_superuser or user.groups.filter(name=EDITORS).exists()))
