"""Entities: every kind at /api/v1/entities/, and each kind at its own address."""

from drf_spectacular.utils import OpenApiExample

from ... import filters
from .. import selectors, serializers
from .base import ReadViewSet, RecordViewSet
from .docs import record_docs

ENTITY_ORDERING = ["name", "slug", "created", "updated"]


class EntityAddress:
    """What every entity resource shares: addressed by slug, ordered by the common fields."""

    lookup_field = "slug"
    ordering_fields = ENTITY_ORDERING


S400 = {
    "api_url": "https://tracker.example.org/api/v1/platforms/s-400/",
    "slug": "s-400", "kind": "platform", "name": "S-400 Triumf",
    "description": "Russian long-range surface-to-air missile system.", "wikidata": "",
    "aliases": [
        {"id": 1, "text": "S-400", "language": "en", "script": "latn", "kind": "common",
         "matchable": True},
        {"id": 2, "text": "एस-400", "language": "hi", "script": "deva", "kind": "transliteration",
         "matchable": True},
        {"id": 3, "text": "С-400 «Триумф»", "language": "ru", "script": "cyrl",
         "kind": "official", "matchable": True},
    ],
    "mentions_url": "https://tracker.example.org/api/v1/mentions/?entity=s-400",
    "articles_url": "https://tracker.example.org/api/v1/articles/?entity=s-400",
    "created": "2025-06-01T10:00:00+05:30", "updated": "2025-06-01T10:00:00+05:30",
    "category": "air_defence",
    "origin": {"slug": "russia", "kind": "country", "name": "Russia"},
    "maker": None, "parent": None, "nato_name": "SA-21 Growler",
    "programmes": [{
        "api_url": "https://tracker.example.org/api/v1/programmes/india-s-400-purchase/",
        "slug": "india-s-400-purchase",
        "buyer": {"slug": "india", "kind": "country", "name": "India"},
        "supplier": {"slug": "russia", "kind": "country", "name": "Russia"},
        "kind": "purchase", "units_ordered": 5, "unit": "squadrons",
        "status": {"value": "in_delivery", "label": "in delivery", "units_delivered": 3,
                   "since_on": "2025-06-26", "last_confirmed_on": "2025-06-26", "claim": 7,
                   "conflicts": []},
        "claims": [{
            "id": 7, "api_url": "https://tracker.example.org/api/v1/claims/7/",
            "status": "in_delivery", "occurred_on": "2025-06-26", "occurred_precision": "day",
            "reported_on": "2025-06-26", "units_delivered": 3, "units_total": 5,
            "quote": "(the sentence of the article that says so)", "article": 12,
            "article_url": "https://tracker.example.org/api/v1/articles/12/",
            "outlet": {"slug": "demo-desk", "name": "Demo Desk"},
            "attribution": "named", "confidence": "high", "source": "", "source_url": ""}],
        "claims_url": "https://tracker.example.org/api/v1/claims/?programme=india-s-400-purchase",
    }],
}


@record_docs(noun="entity", plural="entities", writable=False,
             about="Everything an article can name, of every kind, with its aliases in every "
                   "script. `?q=` finds an entity by any alias, compared in matching form: "
                   "`?q=S400`, `?q=एस-400` and `?q=s 400` all find S-400; `?q=बेलौसोव` finds "
                   "Andrei Belousov. Each row's `api_url` is its record at its kind's own "
                   "address, with the kind's own fields. Create entities there.",
             list_examples=[OpenApiExample(
                 "Search in Devanagari", response_only=True, status_codes=["200"],
                 description="GET /api/v1/entities/?q=एस-400",
                 value={"count": 1, "next": None, "previous": None,
                        "results": [{k: S400[k] for k in (
                            "api_url", "slug", "kind", "name", "description", "wikidata",
                            "aliases", "mentions_url", "articles_url", "created", "updated")}]})])
class EntityViewSet(EntityAddress, ReadViewSet):
    serializer_class = serializers.EntitySerializer
    filterset_class = filters.EntityFilter
    selector = staticmethod(selectors.entity_list)


@record_docs(noun="platform", plural="platforms",
             about="Weapon systems and other hardware. Each carries its programmes (who buys it "
                   "from whom), each programme's current status derived from confirmed claims, "
                   "since when (`since_on`), when a source last confirmed it (`last_confirmed_on`) "
                   "and the confirmed "
                   "claims themselves with their quotes, articles and outlets.",
             retrieve_examples=[OpenApiExample("S-400", value=S400, response_only=True)],
             create_examples=[OpenApiExample(
                 "A new platform", request_only=True,
                 value={"slug": "s-500", "name": "S-500 Prometey", "category": "air_defence",
                        "origin": "russia", "description": "Russian air-defence system."})])
class PlatformViewSet(EntityAddress, RecordViewSet):
    serializer_class = serializers.PlatformSerializer
    filterset_class = filters.PlatformFilter
    selector = staticmethod(selectors.platform_list)


@record_docs(noun="country", plural="countries",
             create_examples=[OpenApiExample("A country", request_only=True,
                                             value={"slug": "india", "name": "India",
                                                    "iso": "IN"})])
class CountryViewSet(EntityAddress, RecordViewSet):
    serializer_class = serializers.CountrySerializer
    filterset_class = filters.CountryFilter
    ordering_fields = ENTITY_ORDERING + ["iso"]
    selector = staticmethod(selectors.country_list)


@record_docs(noun="person", plural="people",
             about="Ministers, officials and others named in the reporting, with the meetings "
                   "they took part in.",
             create_examples=[OpenApiExample(
                 "A person", request_only=True,
                 value={"slug": "andrei-belousov", "name": "Andrei Belousov",
                        "country": "russia", "office": "Defence Minister of Russia"})])
class PersonViewSet(EntityAddress, RecordViewSet):
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    selector = staticmethod(selectors.person_list)


@record_docs(noun="organisation", plural="organisations",
             about="Ministries, armed services, companies and agencies.")
class OrganisationViewSet(EntityAddress, RecordViewSet):
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    selector = staticmethod(selectors.organisation_list)


@record_docs(noun="forum", plural="forums",
             about="Multilateral organisations (SCO, BRICS), bilateral mechanisms (IRIGC-M&MTC) "
                   "and summit series, with members and meetings.")
class ForumViewSet(EntityAddress, RecordViewSet):
    serializer_class = serializers.ForumSerializer
    filterset_class = filters.ForumFilter
    selector = staticmethod(selectors.forum_list)


@record_docs(noun="meeting", plural="meetings",
             about="Meetings with their forum, dates, place (`location`, the place's record; "
                   "`place`, its name as reported), participants, outcomes (what was "
                   "discussed, agreed, signed, deferred or refused, with evidence) and "
                   "agreements. Newest first by default.",
             create_examples=[OpenApiExample(
                 "A meeting", request_only=True,
                 value={"slug": "sco-defence-ministers-meeting-2025",
                        "name": "SCO Defence Ministers' Meeting 2025", "forum": "sco",
                        "starts_on": "2025-06-25", "ends_on": "2025-06-26", "place": "Qingdao",
                        "location": "qingdao",
                        "host": "china", "participants": ["rajnath-singh", "andrei-belousov"]})])
class MeetingViewSet(EntityAddress, RecordViewSet):
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    ordering_fields = ENTITY_ORDERING + ["starts_on"]
    selector = staticmethod(selectors.meeting_list)


@record_docs(noun="agreement", plural="agreements",
             about="Contracts, intergovernmental agreements, memoranda and joint statements, "
                   "with parties, platforms, the meeting and the programmes resting on them.")
class AgreementViewSet(EntityAddress, RecordViewSet):
    serializer_class = serializers.AgreementSerializer
    filterset_class = filters.AgreementFilter
    ordering_fields = ENTITY_ORDERING + ["signed_on"]
    selector = staticmethod(selectors.agreement_list)


@record_docs(noun="place", plural="places",
             about="Cities, regions and bases that articles name and meetings are held in, with "
                   "their names in every script and the meetings held there. `?q=चिंगदाओ` and "
                   "`?q=qingdao` both find Qingdao.",
             create_examples=[OpenApiExample(
                 "A place", request_only=True,
                 value={"slug": "qingdao", "name": "Qingdao", "category": "city",
                        "country": "china"})])
class PlaceViewSet(EntityAddress, RecordViewSet):
    serializer_class = serializers.PlaceSerializer
    filterset_class = filters.PlaceFilter
    selector = staticmethod(selectors.place_list)
