"""Entities of every kind, each with its aliases in every script, and the aliases themselves."""

from rest_framework import serializers

from ...models import (Agreement, Alias, Country, Entity, Forum, Meeting, MeetingReport,
                       Organisation, Outcome, Person, Place, Platform)
from ..fields import EntityRefField, LinkField, ListLinkField, ModelSerializer
from .programmes import ProgrammeSummarySerializer, keep_slug


class AliasBriefSerializer(ModelSerializer):
    """A name of the entity as written somewhere. Edit it at /api/v1/aliases/{id}/."""

    class Meta:
        model = Alias
        fields = ["id", "text", "language", "script", "kind", "matchable"]
        read_only_fields = fields


class AliasSerializer(ModelSerializer):
    """A name of an entity as written somewhere, in any script: S-400, एस-400, С-400."""

    api_url = LinkField("alias")
    entity = EntityRefField(queryset=Entity.objects.all(), help_text="The entity named (slug).")

    class Meta:
        model = Alias
        fields = ["id", "api_url", "entity", "text", "folded", "language", "script", "kind",
                  "matchable", "updated"]
        read_only_fields = ["folded", "script", "updated"]
        extra_kwargs = {
            "folded": {"help_text": "Matching form (case, dashes, digits, nukta folded); "
                                    "computed from `text`."},
            "script": {"help_text": "Script of `text`; computed."},
        }
        # Uniqueness of (entity, text) is checked by the service's full_clean, with its message.
        validators = []


ENTITY_FIELDS = ["api_url", "slug", "kind", "name", "description", "wikidata", "aliases",
                 "mentions_url", "articles_url", "created", "updated"]


class EntitySerializer(ModelSerializer):
    """What every entity has, whatever its kind."""

    api_url = LinkField(lookup="slug", help_text="Full record at its kind's own address.")
    aliases = AliasBriefSerializer(many=True, read_only=True,
                                   help_text="Every name it goes by, in every script.")
    mentions_url = ListLinkField("mention", "entity")
    articles_url = ListLinkField("article", "entity")

    class Meta:
        model = Entity
        fields = ENTITY_FIELDS
        read_only_fields = ["created", "updated"]
        extra_kwargs = {"slug": {"help_text": "Stable address; cannot change once created."}}

    def validate_slug(self, value):
        return keep_slug(self, value)


def nation_field(**kwargs):
    # The model calls it `nation` (Entity already has a `country` link to its child row); the
    # API uses the plain word.
    return EntityRefField(source="nation", queryset=Country.objects.all(), allow_null=True,
                          required=False, help_text="Country (slug).", **kwargs)


class CountrySerializer(EntitySerializer):
    class Meta(EntitySerializer.Meta):
        model = Country
        fields = ENTITY_FIELDS + ["iso"]


class PersonSerializer(EntitySerializer):
    country = nation_field()
    meetings = EntityRefField(many=True, read_only=True,
                              help_text="Meetings this person took part in.")

    class Meta(EntitySerializer.Meta):
        model = Person
        fields = ENTITY_FIELDS + ["country", "office", "meetings"]


class OrganisationSerializer(EntitySerializer):
    country = nation_field()

    class Meta(EntitySerializer.Meta):
        model = Organisation
        fields = ENTITY_FIELDS + ["category", "country"]


class PlatformSerializer(EntitySerializer):
    origin = EntityRefField(queryset=Country.objects.all(), allow_null=True, required=False,
                            help_text="Country of origin (slug).")
    maker = EntityRefField(queryset=Organisation.objects.all(), allow_null=True, required=False,
                           help_text="Manufacturer (organisation slug).")
    parent = EntityRefField(queryset=Platform.objects.all(), allow_null=True, required=False,
                            help_text="The platform this one is a variant of (slug).")
    programmes = ProgrammeSummarySerializer(
        many=True, read_only=True,
        help_text="Procurement lines for this platform, each with its current status and the "
                  "confirmed claims behind it.")

    class Meta(EntitySerializer.Meta):
        model = Platform
        fields = ENTITY_FIELDS + ["category", "origin", "maker", "parent", "nato_name",
                                  "programmes"]


class ForumSerializer(EntitySerializer):
    members = EntityRefField(queryset=Country.objects.all(), many=True, required=False,
                             help_text="Member countries (slugs).")
    meetings = EntityRefField(many=True, read_only=True, help_text="Its meetings.")

    class Meta(EntitySerializer.Meta):
        model = Forum
        fields = ENTITY_FIELDS + ["category", "members", "meetings"]


class PlaceSerializer(EntitySerializer):
    country = nation_field()
    meetings = EntityRefField(many=True, read_only=True,
                              help_text="Meetings held there, newest first.")

    class Meta(EntitySerializer.Meta):
        model = Place
        fields = ENTITY_FIELDS + ["category", "country", "meetings"]


class OutcomeBriefSerializer(ModelSerializer):
    """An outcome as listed under its meeting; edit it at /api/v1/outcomes/{id}/."""

    api_url = LinkField("outcome")
    subject = EntityRefField(read_only=True)
    article = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Outcome
        fields = ["id", "api_url", "subject", "result", "note", "article", "quote", "source"]
        read_only_fields = fields


class MeetingReportBriefSerializer(ModelSerializer):
    """An article reporting the meeting: confirmed by an editor, or suggested by the machine
    (review "machine"). Rejected links are not listed."""

    article = serializers.PrimaryKeyRelatedField(read_only=True)
    article_url = LinkField("article", source="article_id", lookup=None)
    title = serializers.CharField(source="article.title", read_only=True)
    published_on = serializers.DateField(source="article.published_on", read_only=True)

    class Meta:
        model = MeetingReport
        fields = ["article", "article_url", "title", "published_on", "reason", "review",
                  "evidence"]
        read_only_fields = fields


class MeetingSerializer(EntitySerializer):
    forum = EntityRefField(source="parent_forum", queryset=Forum.objects.all(), allow_null=True,
                           required=False, help_text="The forum it belongs to (slug).")
    host = EntityRefField(queryset=Country.objects.all(), allow_null=True, required=False,
                          help_text="Host country (slug).")
    location = EntityRefField(queryset=Place.objects.all(), allow_null=True, required=False,
                              help_text="The place it was held in (slug); `place` keeps the "
                                        "name as reported.")
    participants = EntityRefField(queryset=Person.objects.all(), many=True, required=False,
                                  help_text="People who took part (slugs).")
    outcomes = OutcomeBriefSerializer(many=True, read_only=True)
    agreements = EntityRefField(many=True, read_only=True,
                                help_text="Agreements signed, refused or discussed there.")
    reports = MeetingReportBriefSerializer(
        many=True, read_only=True,
        help_text="Articles reporting it (naming or describing it), confirmed ones first.")
    reports_url = ListLinkField("article", "meeting")

    class Meta(EntitySerializer.Meta):
        model = Meeting
        fields = ENTITY_FIELDS + ["forum", "starts_on", "ends_on", "place", "location", "host",
                                  "participants", "outcomes", "agreements", "reports",
                                  "reports_url"]


class AgreementSerializer(EntitySerializer):
    parties = EntityRefField(queryset=Country.objects.all(), many=True, required=False,
                             help_text="Countries party to it (slugs).")
    platforms = EntityRefField(queryset=Platform.objects.all(), many=True, required=False,
                               help_text="Platforms it covers (slugs).")
    meeting = EntityRefField(source="at_meeting", queryset=Meeting.objects.all(),
                             allow_null=True, required=False,
                             help_text="The meeting where it was signed, refused or discussed.")
    programmes = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True,
        help_text="Slugs of programmes resting on it (at /api/v1/programmes/{slug}/).")

    class Meta(EntitySerializer.Meta):
        model = Agreement
        fields = ENTITY_FIELDS + ["category", "status", "parties", "platforms", "meeting",
                                  "signed_on", "signed_precision", "value", "currency",
                                  "programmes"]

