"""Outlets, stories, articles (read and ingest) and mentions (read and review)."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from ... import filters, services
from ...services.ingest import IngestError, article_ingest
from ...text import variant_of
from .. import selectors, serializers
from ..errors import NON_FIELD_ERRORS
from ..fields import api_path, origin
from ..filtersets import lean
from ..pagination import ArticleCursorPagination, MentionCursorPagination
from .base import ReadViewSet
from .docs import WRITE_NOTE, record_docs


@record_docs(noun="outlet", plural="outlets", writable=False,
             about="Publications that articles come from. Ingestion adds them by name.")
class OutletViewSet(ReadViewSet):
    serializer_class = serializers.OutletSerializer
    filterset_class = filters.OutletFilter
    ordering_fields = ["name", "slug"]
    lookup_field = "slug"
    selector = staticmethod(selectors.outlet_list)


@record_docs(noun="story", plural="stories", key="id", writable=False,
             about="Groups of articles reporting the same event (wire copy and its reprints, "
                   "found as near-duplicates at ingestion); they count once as evidence.")
class StoryViewSet(ReadViewSet):
    serializer_class = serializers.StorySerializer
    filter_backends = [DjangoFilterBackend]  # no ?ordering: newest story first, always
    selector = staticmethod(selectors.story_list)


INGEST_EXAMPLE = {
    "title": "S-400 deliveries to continue, says minister",
    "body": "S-400 deliveries to continue, says minister\n\nNew Delhi, June 26, 2025\n\n"
            "(the article text, as published)",
    "url": "https://news.example.org/2025/06/26/s-400",
    "outlet": "Demo Desk", "language": "en", "published_on": "2025-06-26",
}


@record_docs(noun="article", plural="articles", key="id", writable=False,
             about="Ingested news articles, newest stored first, without their text; each "
                   "article's `api_url` gives the text (`body`, exactly as stored) and every "
                   "mention found in it. Pages are cursor links (`next`, `previous`): there is "
                   "no count. `?q=` matches words in title or text; `?entity=` lists articles "
                   "that name an entity (rejected mentions do not count).")
class ArticleViewSet(ReadViewSet):
    filterset_class = filters.ArticleFilter
    filter_backends = [DjangoFilterBackend]  # the cursor fixes the order
    pagination_class = ArticleCursorPagination

    def get_queryset(self):
        if self.action == "list":
            return selectors.article_list()
        return selectors.article_detail()

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.ArticleListSerializer
        if self.action == "create":
            return serializers.ArticleIngestSerializer
        return serializers.ArticleSerializer

    @extend_schema(
        summary="Ingest an article",
        description=f"{WRITE_NOTE} Runs the same pipeline as `manage.py ingest`: the text is "
                    "normalised and stored, entities are found (mentions), status claims are "
                    "suggested for editors, and reprints are grouped into a story, in one "
                    "transaction. Text already stored is not stored again: the answer is then "
                    "200 with the existing article. Input that cannot become an article (empty "
                    "or binary body, a URL already used by other text, a bad date, an unknown "
                    "field) answers 400 with the reason, and nothing is written.",
        request=serializers.ArticleIngestSerializer,
        responses={
            201: OpenApiResponse(serializers.ArticleSerializer,
                                 description="Stored: the article with its mentions."),
            200: OpenApiResponse(serializers.ArticleSerializer,
                                 description="Already stored (same normalised text): the "
                                             "existing article, unchanged."),
        },
        examples=[OpenApiExample("An English report", value=INGEST_EXAMPLE, request_only=True),
                  OpenApiExample("Refused", status_codes=["400"], response_only=True,
                                 value={NON_FIELD_ERRORS: [
                                     "The article body is empty (only white space)."]})],
    )
    def create(self, request, *args, **kwargs):
        given = serializers.ArticleIngestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            result = article_ingest(source="api", **given.validated_data)
        except IngestError as error:
            raise ValidationError({NON_FIELD_ERRORS: [str(error)]}) from None
        article = selectors.article_detail().get(pk=result.article.pk)
        data = serializers.ArticleSerializer(article, context=self.get_serializer_context()).data
        if result.duplicate:
            return Response(data, status=status.HTTP_200_OK)
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["api_url"]})


def mention_row(row: tuple, *, mentions: str, articles: str) -> dict:
    """One mention as the API shows it, from a `selectors.mention_rows()` tuple.

    Same keys and values as MentionSerializer (tests compare them); built by hand because the
    list is the API's biggest and it runs for every row of every page.
    """
    (pk, article, slug, kind, name, alias, start, end, text, review, ambiguous,
     alias_text, alias_folded, published) = row
    return {
        "id": pk, "api_url": f"{mentions}{pk}/", "article": article,
        "article_url": f"{articles}{article}/", "published_on": published,
        "entity": {"slug": slug, "kind": kind, "name": name},
        "alias": alias, "start": start, "end": end, "text": text, "review": review,
        "ambiguous": bool(ambiguous),  # SQLite gives 0 or 1: raw rows skip converters
        "variant_of": variant_of(text, alias_text, alias_folded),
    }


@record_docs(noun="mention", plural="mentions", key="id", writable=False,
             about="Entities found in articles: `article` and `start`/`end` offsets into its "
                   "stored body (`body[start:end] == text`), the entity as `{slug, kind, name}`, "
                   "the article's date and the review state. Newest article first, then in "
                   "reading order. Rejected mentions are left out unless `?review=rejected` asks "
                   "for them; so are `ambiguous` ones (a name several entities share, the text "
                   "not saying which) until an editor confirms one; `?ambiguous=true` lists those. "
                   "Pages are cursor links: "
                   "there is no count.")
class MentionViewSet(ReadViewSet):
    serializer_class = serializers.MentionSerializer
    filterset_class = lean(filters.MentionFilter)
    filter_backends = [DjangoFilterBackend]  # the cursor fixes the order
    pagination_class = MentionCursorPagination

    def get_queryset(self):
        if self.action == "list":
            # `?ambiguous=true` is the editors' queue of undecided names: it lists them with
            # their decided siblings (add `&review=machine` for the undecided alone).
            undecided = self.request.query_params.get("ambiguous", "").lower() == "true"
            return selectors.mention_rows(include_rejected=self.shows_rejected() or undecided)
        return selectors.mention_detail()

    def list(self, request, *args, **kwargs):
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        base = origin(request)
        mentions, articles = base + api_path("mention"), base + api_path("article")
        return self.get_paginated_response(
            [mention_row(row, mentions=mentions, articles=articles) for row in rows])

    @extend_schema(
        summary="Review a mention",
        description=f"{WRITE_NOTE} Confirm or reject what the machine found, or set `machine` "
                    "to undo a decision. Rejected mentions stay stored, hidden from lists, so "
                    "matching the article again does not bring them back.",
        request=serializers.ReviewSerializer,
        responses={200: serializers.MentionSerializer},
        examples=[OpenApiExample("Reject", value={"review": "rejected"}, request_only=True)],
    )
    def partial_update(self, request, *args, **kwargs):
        mention = self.get_object()
        decision = serializers.ReviewSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        services.mention_review(mention=mention, review=decision.validated_data["review"],
                                editor=request.user)
        mention = selectors.mention_detail().get(pk=mention.pk)
        return Response(self.get_serializer(mention).data)
