"""API views, by topic."""

from .articles import ArticleViewSet, MentionViewSet, OutletViewSet, StoryViewSet
from .auth import LoginView, LogoutAllView, LogoutView
from .base import not_found
from .entities import (AgreementViewSet, CountryViewSet, EntityViewSet, ForumViewSet,
                       MeetingViewSet, OrganisationViewSet, PersonViewSet, PlaceViewSet,
                       PlatformViewSet)
from .records import AliasViewSet, ClaimViewSet, OutcomeViewSet, ProgrammeViewSet

__all__ = [
    "AgreementViewSet", "AliasViewSet", "ArticleViewSet", "ClaimViewSet", "CountryViewSet",
    "EntityViewSet", "ForumViewSet", "LoginView", "LogoutAllView", "LogoutView",
    "MeetingViewSet", "MentionViewSet", "OrganisationViewSet", "OutcomeViewSet",
    "OutletViewSet", "PersonViewSet", "PlaceViewSet", "PlatformViewSet", "ProgrammeViewSet",
    "StoryViewSet", "not_found",
]
