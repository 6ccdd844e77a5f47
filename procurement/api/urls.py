"""API routes: /api/v1/… (the resources), /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI).

Each route's basename is the model's name in lower case (an entity kind's route is its kind),
which is what fields.api_url reverses.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("entities", views.EntityViewSet, basename="entity")
router.register("platforms", views.PlatformViewSet, basename="platform")
router.register("countries", views.CountryViewSet, basename="country")
router.register("people", views.PersonViewSet, basename="person")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("forums", views.ForumViewSet, basename="forum")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("outcomes", views.OutcomeViewSet, basename="outcome")
router.register("aliases", views.AliasViewSet, basename="alias")
router.register("outlets", views.OutletViewSet, basename="outlet")
router.register("stories", views.StoryViewSet, basename="story")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("mentions", views.MentionViewSet, basename="mention")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/v1/auth/login/", views.LoginView.as_view(), name="knox-login"),
    path("api/v1/auth/logout/", views.LogoutView.as_view(), name="knox-logout"),
    path("api/v1/auth/logoutall/", views.LogoutAllView.as_view(), name="knox-logoutall"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
