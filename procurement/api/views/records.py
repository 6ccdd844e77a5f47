"""Programmes, status claims, meeting outcomes and aliases."""

from django.db import transaction
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view

from ... import filters, services
from ...models import StatusClaim
from .. import selectors, serializers
from .base import RecordViewSet, assign
from .docs import WRITE_NOTE, record_docs


@record_docs(noun="programme", plural="programmes",
             about="Procurement lines (buyer, supplier, platform, kind) with the current status "
                   "derived from confirmed claims and those claims as evidence. Every claim, "
                   "including unreviewed suggestions, is at `claims_url`. `?status=` filters "
                   "by the derived status.",
             create_examples=[OpenApiExample(
                 "A purchase", request_only=True,
                 value={"slug": "india-s-400-purchase", "buyer": "india", "supplier": "russia",
                        "platform": "s-400", "kind": "purchase", "units_ordered": 5,
                        "unit": "squadrons", "ordered_on": "2018-10-05",
                        "ordered_precision": "month"})])
class ProgrammeViewSet(RecordViewSet):
    serializer_class = serializers.ProgrammeSerializer
    filterset_class = filters.ProgrammeFilter
    ordering_fields = ["slug", "ordered_on", "created", "updated"]
    lookup_field = "slug"
    selector = staticmethod(selectors.programme_list)


CLAIM_ABOUT = ("Dated assertions about programmes, one source each: status, units delivered, "
               "when, the exact quote (with offsets into the article body), attribution, "
               "confidence and review state. Rejected claims are left out unless "
               "`?review=rejected` asks for them.")


@record_docs(noun="claim", plural="claims", key="id", about=CLAIM_ABOUT,
             create_examples=[OpenApiExample(
                 "A claim quoting an article", request_only=True,
                 value={"programme": "india-s-400-purchase", "status": "in_delivery",
                        "units_delivered": 3, "units_total": 5, "occurred_on": "2025-06-01",
                        "occurred_precision": "month", "article": 12, "quote_start": 120,
                        "quote_end": 188, "attribution": "named", "confidence": "high",
                        "review": "confirmed"})])
@extend_schema_view(partial_update=extend_schema(
    summary="Change or review a claim",
    description=f"{WRITE_NOTE} `{{\"review\": \"confirmed\"}}` (or `rejected`, or `machine` to "
                "undo) records the decision with the editor and the time; only confirmed claims "
                "count towards a programme's status. Other fields given are saved first.",
    examples=[OpenApiExample("Confirm", request_only=True, value={"review": "confirmed"})]))
class ClaimViewSet(RecordViewSet):
    serializer_class = serializers.ClaimSerializer
    filterset_class = filters.ClaimFilter
    ordering_fields = ["occurred_on", "reported_on", "created", "updated", "id"]

    def get_queryset(self):
        return selectors.claim_list(include_rejected=self.shows_rejected())

    @transaction.atomic
    def save_record(self, record: StatusClaim, data):
        # The review is a decision with a name and a time on it, so it goes through its own
        # service; everything else through claim_save (which copies quotes from offsets).
        review = data.pop("review", None)
        if data or record.pk is None:
            record = services.claim_save(claim=assign(record, data))
        if review is not None and review != record.review:
            record = services.claim_review(claim=record, review=review, editor=self.request.user)
        return record


@record_docs(noun="outcome", plural="outcomes", key="id",
             about="What a meeting did about an entity: discussed, agreed, signed, deferred or "
                   "refused, with the article, quote or source that says so.",
             create_examples=[OpenApiExample(
                 "Discussed at a meeting", request_only=True,
                 value={"meeting": "sco-defence-ministers-meeting-2025", "subject": "s-400",
                        "result": "discussed", "source": "Ministry of Defence statement"})])
class OutcomeViewSet(RecordViewSet):
    serializer_class = serializers.OutcomeSerializer
    filterset_class = filters.OutcomeFilter
    ordering_fields = ["id", "created", "updated"]
    selector = staticmethod(selectors.outcome_list)


@record_docs(noun="alias", plural="aliases", key="id",
             about="Names of entities as written in any script. Adding or changing one changes "
                   "what ingestion finds in new articles (`manage.py reextract` applies it to "
                   "stored ones). `folded` (the matching form) and `script` are computed.",
             create_examples=[OpenApiExample(
                 "A Devanagari name", request_only=True,
                 value={"entity": "s-400", "text": "एस-400", "language": "hi",
                        "kind": "transliteration"})])
class AliasViewSet(RecordViewSet):
    serializer_class = serializers.AliasSerializer
    filterset_class = filters.AliasFilter
    ordering_fields = ["text", "id", "updated"]
    selector = staticmethod(selectors.alias_list)

    def save_record(self, record, data):
        return services.alias_save(alias=assign(record, data))
