"""Programmes, their status claims (with the evidence behind them) and meeting outcomes."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import (Agreement, Article, Country, Entity, Meeting, Outcome, Outlet, Platform,
                       Programme, StatusClaim)
from ..fields import EntityRefField, LinkField, ListLinkField, ModelSerializer, TextField


class OutletRefSerializer(ModelSerializer):
    """An outlet, by slug (full record at /api/v1/outlets/{slug}/) and name."""

    class Meta:
        model = Outlet
        fields = ["slug", "name"]
        read_only_fields = fields


class EvidenceSerializer(ModelSerializer):
    """A confirmed claim as it appears under its programme: what was said, when, by whom."""

    api_url = LinkField("claim")
    source_url = serializers.CharField(read_only=True, help_text="Outside source, if any.")
    article = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True,
        help_text="Id of the article quoted (full text at /api/v1/articles/{id}/).")
    article_url = LinkField("article", lookup=None, source="article_id")
    outlet = OutletRefSerializer(source="article.outlet", read_only=True, allow_null=True,
                                 help_text="Outlet of the quoted article, if any.")

    class Meta:
        model = StatusClaim
        fields = ["id", "api_url", "status", "occurred_on", "occurred_precision", "reported_on",
                  "units_delivered", "units_total", "quote", "article", "article_url", "outlet",
                  "attribution", "confidence", "source", "source_url"]
        read_only_fields = fields


class StatusSerializer(serializers.Serializer):
    """A programme's current status, derived from its confirmed claims (never typed in)."""

    value = serializers.SerializerMethodField(
        help_text="The latest confirmed claim's status; null when no claim is confirmed yet.")
    label = serializers.CharField(help_text="The status in words, e.g. 'in delivery'.")
    units_delivered = serializers.IntegerField(
        allow_null=True, help_text="Units delivered according to the latest claim that says.")
    since_on = serializers.DateField(
        source="as_of", allow_null=True,
        help_text="Date of the deciding confirmed claim: when the status began, else when it "
                  "was reported.")
    last_confirmed_on = serializers.DateField(
        source="last_confirmed", allow_null=True,
        help_text="When a source last confirmed anything about the programme: the newest report "
                  "date among its confirmed claims (for a claim without one, when it happened). "
                  "The same date the pages show as 'last confirmed' and judge staleness by.")
    claim = serializers.SerializerMethodField(help_text="Id of the claim that decided it.")
    conflicts = serializers.SerializerMethodField(
        help_text="Ids of confirmed claims dated the same that say something else. Shown side "
                  "by side, never silently overwritten.")

    @extend_schema_field(serializers.ChoiceField(choices=StatusClaim.Status.choices,
                                                 allow_null=True))
    def get_value(self, status) -> str | None:
        return status.status or None

    def get_claim(self, status) -> int | None:
        return status.claim.pk if status.claim is not None else None

    def get_conflicts(self, status) -> list[int]:
        return [claim.pk for claim in status.conflicts]


class ProgrammeSummarySerializer(ModelSerializer):
    """A programme as listed under its platform: parties, status and the claims behind it."""

    api_url = LinkField("programme", lookup="slug")
    buyer = EntityRefField(read_only=True)
    supplier = EntityRefField(read_only=True)
    status = StatusSerializer(read_only=True)
    claims = EvidenceSerializer(
        source="confirmed_claims", many=True, read_only=True,
        help_text="The confirmed claims, oldest first. All claims, including unreviewed "
                  "suggestions, are at `claims_url`.")
    claims_url = ListLinkField("claim", "programme")

    class Meta:
        model = Programme
        fields = ["api_url", "slug", "buyer", "supplier", "kind", "units_ordered", "unit",
                  "status", "claims", "claims_url"]
        read_only_fields = fields


class ProgrammeSerializer(ProgrammeSummarySerializer):
    """One procurement line: who buys what from whom, its derived status and its evidence."""

    buyer = EntityRefField(queryset=Country.objects.all(), help_text="Buying country (slug).")
    supplier = EntityRefField(queryset=Country.objects.all(),
                              help_text="Supplying country (slug).")
    platform = EntityRefField(queryset=Platform.objects.all(), help_text="Platform (slug).")
    agreements = EntityRefField(queryset=Agreement.objects.all(), many=True, required=False,
                                help_text="Agreements this programme rests on (slugs).")

    class Meta:
        model = Programme
        fields = ["api_url", "slug", "buyer", "supplier", "platform", "kind", "units_ordered",
                  "unit", "value", "currency", "ordered_on", "ordered_precision", "agreements",
                  "sipri", "wikidata", "note", "status", "claims", "claims_url", "created",
                  "updated"]
        read_only_fields = ["created", "updated"]

    def validate_slug(self, value):
        return keep_slug(self, value)


class ClaimSerializer(ModelSerializer):
    """One dated assertion about a programme, from one source, with its review state."""

    api_url = LinkField("claim")
    programme = serializers.SlugRelatedField(
        slug_field="slug", queryset=Programme.objects.all(),
        help_text="Programme (slug); full record at /api/v1/programmes/{slug}/.")
    programme_url = LinkField("programme", lookup="slug", source="programme")
    article = serializers.PrimaryKeyRelatedField(
        queryset=Article.objects.only("pk"), allow_null=True, required=False,
        help_text="Id of the article quoted, if the source is an ingested article.")
    article_url = LinkField("article", lookup=None, source="article_id")
    outlet = OutletRefSerializer(source="article.outlet", read_only=True, allow_null=True)
    # A string, not `format: uri`: empty is the usual value (the source is an article).
    source_url = TextField(required=False, allow_blank=True, max_length=200,
                                       help_text="Outside source (a URL), when not an ingested "
                                                 "article; checked when saved.")
    reviewed_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True,
        help_text="Username of the editor who last reviewed it.")

    class Meta:
        model = StatusClaim
        fields = ["id", "api_url", "programme", "programme_url", "status", "units_delivered",
                  "units_total", "occurred_on", "occurred_precision", "reported_on", "article",
                  "article_url", "outlet", "quote", "quote_start", "quote_end", "source_url",
                  "source", "attribution", "confidence", "review", "reviewed_by", "reviewed_at",
                  "created", "updated"]
        read_only_fields = ["reviewed_at", "created", "updated"]
        extra_kwargs = {
            "review": {"help_text": "machine (suggested, unreviewed), confirmed or rejected. "
                                    "Only confirmed claims count towards the status."},
            "quote": {"help_text": "The exact words. Left empty with quote_start/quote_end "
                                   "given, it is copied from the article."},
        }


class OutcomeSerializer(ModelSerializer):
    """What a meeting did about an entity (discussed, agreed, signed, deferred, refused)."""

    api_url = LinkField("outcome")
    meeting = EntityRefField(queryset=Meeting.objects.all(), help_text="Meeting (slug).")
    subject = EntityRefField(queryset=Entity.objects.all(),
                             help_text="What it was about: any entity (slug).")
    article = serializers.PrimaryKeyRelatedField(
        queryset=Article.objects.only("pk"), allow_null=True, required=False,
        help_text="Id of the article that reports it, if ingested.")
    article_url = LinkField("article", lookup=None, source="article_id")

    class Meta:
        model = Outcome
        fields = ["id", "api_url", "meeting", "subject", "result", "note", "article",
                  "article_url", "quote", "source", "created", "updated"]
        read_only_fields = ["created", "updated"]


SLUG_FIXED = "The slug is this record's address; it cannot change once published."


def keep_slug(serializer, value):
    """Slugs are written once: consumers keep them as permanent addresses."""
    if serializer.instance is not None and value != serializer.instance.slug:
        raise serializers.ValidationError(SLUG_FIXED)
    return value

