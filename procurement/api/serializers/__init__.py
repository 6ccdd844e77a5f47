"""Serializers of the REST API, by topic. They list their fields; none uses "__all__"."""

from .articles import (ArticleIngestSerializer, ArticleListSerializer, ArticleSerializer,
                       MentionSerializer, OutletSerializer, ReviewSerializer, StorySerializer)
from .entities import (AgreementSerializer, AliasSerializer, CountrySerializer, EntitySerializer,
                       ForumSerializer, MeetingSerializer, OrganisationSerializer,
                       PersonSerializer, PlaceSerializer, PlatformSerializer)
from .programmes import ClaimSerializer, OutcomeSerializer, ProgrammeSerializer

__all__ = [
    "AgreementSerializer", "AliasSerializer", "ArticleIngestSerializer", "ArticleListSerializer",
    "ArticleSerializer", "ClaimSerializer", "CountrySerializer", "EntitySerializer",
    "ForumSerializer", "MeetingSerializer", "MentionSerializer", "OrganisationSerializer",
    "OutcomeSerializer", "OutletSerializer", "PersonSerializer", "PlaceSerializer",
    "PlatformSerializer",
    "ProgrammeSerializer", "ReviewSerializer", "StorySerializer",
]
