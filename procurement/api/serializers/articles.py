"""Outlets, stories, articles, the mentions found in them, and article ingestion input."""

from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import Article, Language, Mention, Outlet, Review, Story
from ...text import variant_of
from ..fields import EntityRefField, LinkField, ListLinkField, ModelSerializer, TextField
from .programmes import OutletRefSerializer

# URLs that may be empty are typed as strings: "" is not a valid `format: uri` value.
BLANK_URL = "The outlet's site; empty when unknown."
INGEST_FIELDS = ("title", "body", "url", "outlet", "language", "published_on")
UNKNOWN_FIELDS = "Unknown field(s): {names}. Allowed: " + ", ".join(INGEST_FIELDS) + "."


class OutletSerializer(ModelSerializer):
    """A publication articles come from."""

    api_url = LinkField("outlet", lookup="slug")
    url = serializers.CharField(read_only=True, help_text=BLANK_URL)
    country = EntityRefField(read_only=True, allow_null=True)
    articles_url = ListLinkField("article", "outlet")

    class Meta:
        model = Outlet
        fields = ["api_url", "slug", "name", "url", "language", "country", "articles_url"]
        read_only_fields = fields


class ArticleBriefSerializer(ModelSerializer):
    api_url = LinkField("article")
    outlet = OutletRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Article
        fields = ["id", "api_url", "title", "outlet", "language", "published_on"]
        read_only_fields = fields


class StorySerializer(ModelSerializer):
    """Articles that report the same event; wire copy and its reprints count once as evidence."""

    api_url = LinkField("story")
    articles = ArticleBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Story
        fields = ["id", "api_url", "title", "created", "articles"]
        read_only_fields = fields


class MentionInArticleSerializer(ModelSerializer):
    """A mention inside its article: body[start:end] == text."""

    api_url = LinkField("mention")
    entity = EntityRefField(read_only=True)

    class Meta:
        model = Mention
        fields = ["id", "api_url", "entity", "start", "end", "text", "review"]
        read_only_fields = fields


class ArticleListSerializer(ModelSerializer):
    """An article without its text: lists stay small. The text is at `api_url`."""

    api_url = LinkField("article")
    outlet = OutletRefSerializer(read_only=True, allow_null=True)
    story = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True,
        help_text="Id of the story (reprints of one report), at /api/v1/stories/{id}/; null "
                  "when the article stands alone.")
    url = serializers.CharField(
        read_only=True, help_text="Where the source published it (not an API address); empty "
                                  "when unknown.")
    mentions_url = ListLinkField("mention", "article", lookup="pk")

    class Meta:
        model = Article
        fields = ["id", "api_url", "title", "url", "outlet", "language", "published_on",
                  "dateline", "story", "created", "mentions_url"]
        read_only_fields = fields


class ArticleSerializer(ArticleListSerializer):
    """An article with its stored text and every mention found in it (rejected ones hidden)."""

    mentions = MentionInArticleSerializer(source="visible_mentions", many=True, read_only=True)

    class Meta(ArticleListSerializer.Meta):
        fields = ArticleListSerializer.Meta.fields + ["body", "mentions"]
        read_only_fields = fields


class RawTextField(TextField):
    """Text handed to ingestion as sent: the service, not DRF, explains NUL and control bytes
    (in the same words as for a file given to `manage.py ingest`)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators
                           if not isinstance(v, ProhibitNullCharactersValidator)]


class ArticleIngestSerializer(serializers.Serializer):
    """One article to ingest: the same fields as a .json file for `manage.py ingest`."""

    title = TextField(required=False, allow_blank=True, trim_whitespace=False,
                      help_text="Defaults to the body's first non-empty line.")
    body = RawTextField(trim_whitespace=False, allow_blank=True,
                        help_text="The text, UTF-8. Stored as written (NFC).")
    url = TextField(required=False, allow_blank=True, help_text="Where the source published it.")
    outlet = TextField(required=False, allow_blank=True,
                       help_text="Outlet name as it names itself; created if new.")
    language = serializers.ChoiceField(
        choices=[c for c in Language.values if c], required=False, allow_blank=True,
        help_text="Detected from the script when absent.")
    published_on = serializers.DateField(required=False, allow_null=True,
                                         help_text="Read from the dateline when absent.")

    def validate(self, data):
        # A misspelt field ("publish_on") would otherwise be dropped without a word.
        # (The browsable API's form adds its CSRF token; that is not a misspelling.) By now the
        # input is known to be a mapping: DRF refuses anything else before validate().
        unknown = set(self.initial_data) - set(INGEST_FIELDS) - {"csrfmiddlewaretoken"}
        if unknown:
            raise serializers.ValidationError(
                UNKNOWN_FIELDS.format(names=", ".join(sorted(unknown))))
        return data


class MentionSerializer(ModelSerializer):
    """An entity found in an article: body[start:end] == text, with its review state.

    The list endpoint builds these rows by hand (see views.articles.mention_row) from one lean
    query; this serializer describes them and serves the single-mention endpoint.
    """

    api_url = LinkField("mention")
    article = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="Id of the article (at /api/v1/articles/{id}/).")
    article_url = LinkField("article", lookup=None, source="article_id")
    published_on = serializers.DateField(source="article.published_on", read_only=True,
                                         allow_null=True, help_text="The article's date.")
    entity = EntityRefField(read_only=True,
                            help_text="The entity named; its record is at "
                                      "/api/v1/entities/{slug}/.")
    alias = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True,
        help_text="Id of the alias that matched (null if since removed).")
    ambiguous = serializers.BooleanField(
        read_only=True,
        help_text=_("True when several entities share the name and the text did not say which "
                    "is meant: each of them has a mention of the same span. Lists leave such "
                    "mentions out until an editor confirms one (the others are then rejected)."))
    variant_of = serializers.SerializerMethodField(
        help_text=_("The alias (as listed) that `text` is a generated spelling variant of, e.g. "
                    "बेलौसोव when the article wrote बेलोसोव; null when `text` is the alias itself "
                    "(in any case, spacing or dashes) or the alias was removed."))

    class Meta:
        model = Mention
        fields = ["id", "api_url", "article", "article_url", "published_on", "entity", "alias",
                  "start", "end", "text", "review", "ambiguous", "variant_of"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_variant_of(self, mention) -> str | None:
        alias = mention.alias  # loaded with the mention (selectors.mention_detail)
        return variant_of(mention.text, alias and alias.text, alias and alias.folded)


class ReviewSerializer(serializers.Serializer):
    """An editor's decision on something the machine found."""

    review = serializers.ChoiceField(
        choices=Review.choices,
        help_text="confirmed, rejected, or machine to undo a decision. Rejected mentions stay "
                  "stored (hidden) so that matching again cannot bring them back.")
