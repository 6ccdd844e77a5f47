"""API routes: /api/v1/… (the resources), /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI).

Each route's basename is the model's name in lower case (an entity kind's route is its kind),
which is what fields.api_url reverses.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import views
from .alerts import FollowViewSet, WebhookViewSet
from .candidates import CandidateViewSet
from .sources import SourceViewSet

app_name = "api"

# No format suffixes (/platforms/s-400.json): `?format=` does the same, and a dot may then be
# part of an address, which the views answer with a JSON 404 rather than the site's HTML one.
class Router(DefaultRouter):
    include_format_suffixes = False


router = Router()
router.register("entities", views.EntityViewSet, basename="entity")
router.register("platforms", views.PlatformViewSet, basename="platform")
router.register("countries", views.CountryViewSet, basename="country")
router.register("people", views.PersonViewSet, basename="person")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("forums", views.ForumViewSet, basename="forum")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("places", views.PlaceViewSet, basename="place")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("outcomes", views.OutcomeViewSet, basename="outcome")
router.register("aliases", views.AliasViewSet, basename="alias")
router.register("outlets", views.OutletViewSet, basename="outlet")
router.register("stories", views.StoryViewSet, basename="story")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("mentions", views.MentionViewSet, basename="mention")
router.register("candidates", CandidateViewSet, basename="candidate")
router.register("follows", FollowViewSet, basename="follow")
router.register("webhooks", WebhookViewSet, basename="webhook")
router.register("sources", SourceViewSet, basename="source")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/v1/auth/login/", views.LoginView.as_view(), name="knox-login"),
    path("api/v1/auth/logout/", views.LogoutView.as_view(), name="knox-logout"),
    path("api/v1/auth/logoutall/", views.LogoutAllView.as_view(), name="knox-logoutall"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/ is an API 404 (JSON), not the site's HTML page.
    re_path(r"^api/", views.not_found, name="not-found"),
]
