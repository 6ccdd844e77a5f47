"""Who may read: with TRACKER_PUBLIC_READ=0 only signed-in accounts see anything.

The API's views decide for themselves, by the same rule (procurement.api.permissions): DRF
authenticates tokens inside the view, after every middleware has run, so a request with
`Authorization: Token …` still looks anonymous here.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework.views import APIView

from .api.permissions import reading_open

# Open to anyone whatever the setting: the language switch (the sign-in page has it) and the
# health check, which load balancers call without an account.
OPEN_PREFIXES = ("/i18n/",)
OPEN_PATHS = ("/healthz",)


def _decides_itself(request, view_func) -> bool:
    """Views with their own checks: the admin (it signs people in) and DRF's views."""
    if "admin" in request.resolver_match.app_names:
        return True
    if getattr(view_func, "opens_with_token", False):  # private feeds: the token decides
        return True
    view_class = getattr(view_func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


def _open_path(path: str) -> bool:
    static = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else None
    return (path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)
            or bool(static and path.startswith(static)))


class ReadAccessMiddleware:
    """Closes every page, CSV export and feed to anonymous visitors unless reading is public.

    Works on the resolved view (process_view), so an address that does not exist still
    answers 404 and a page that does exist is refused before it runs a single query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (reading_open(request) or _open_path(request.path_info)
                or _decides_itself(request, view_func)):
            return None
        if isinstance(view_func, Feed):
            # Feed readers cannot fill in a sign-in form; a redirect would hand them HTML.
            return HttpResponse(_("Sign in to read this feed."), status=401,
                                content_type="text/plain; charset=utf-8")
        return redirect_to_login(request.get_full_path())
