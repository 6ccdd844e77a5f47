"""Request rates: anonymous callers by address, signed-in callers (token or session) by account."""

from rest_framework.throttling import UserRateThrottle


class AccountRateThrottle(UserRateThrottle):
    """DRF's per-user rate, for signed-in callers only.

    DRF's own UserRateThrottle also counts anonymous callers (by address), on top of
    AnonRateThrottle: two counters, two cache round trips per anonymous request, and the
    higher account rate applying to callers who have no account.
    """

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None  # AnonRateThrottle counts these
        return super().get_cache_key(request, view)
