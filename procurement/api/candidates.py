"""The queue of new names in the API: read by anyone, decided by editors (promote or dismiss)."""

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from ..models import Candidate, Entity, Sighting
from ..services.candidates import candidate_dismiss, candidate_promote
from .fields import EntityRefField, LinkField, ModelSerializer, SlugField, TextField
from .views.base import ReadViewSet
from .views.docs import WRITE_NOTE, record_docs

EXAMPLES = 3  # latest sightings shown with each candidate


class CandidateFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=Candidate.Status.choices, method="filter_status",
        label="open (the queue: not yet the name of any entity), promoted or dismissed")
    kind = filters.ChoiceFilter(choices=Entity.Kind.choices)

    class Meta:
        model = Candidate
        fields = ["status", "kind"]

    def filter_status(self, queryset, name, value):
        # "open" is the queue editors see: a name an alias now matches has left it.
        if value == Candidate.Status.OPEN:
            return queryset.open()
        return queryset.filter(status=value)


class SightingSerializer(ModelSerializer):
    """Where the name stands in one article: body[start:end] == text; sentence[at:] starts
    with it."""

    article_url = LinkField("article", source="article_id", lookup=None)

    class Meta:
        model = Sighting
        fields = ["article", "article_url", "start", "end", "text", "sentence", "at"]
        read_only_fields = fields


class CandidateSerializer(ModelSerializer):
    """A name seen in articles that no alias matches, with the latest places it was seen."""

    api_url = LinkField("candidate")
    promoted_to = EntityRefField(read_only=True, allow_null=True)
    examples = SightingSerializer(many=True, read_only=True, source="latest",
                                  help_text=f"The latest {EXAMPLES} articles it was seen in.")

    class Meta:
        model = Candidate
        fields = ["id", "api_url", "name", "folded", "kind", "status", "articles",
                  "promoted_to", "examples", "created", "updated"]
        read_only_fields = fields


class PromoteSerializer(serializers.Serializer):
    """Either `entity` (the name becomes its alias) or `kind` and `name` (a new entity)."""

    entity = serializers.SlugRelatedField(
        slug_field="slug", queryset=Entity.objects.all(), required=False,
        help_text="Slug of an existing entity; the name and its spellings become its aliases.")
    kind = serializers.ChoiceField(choices=Entity.Kind.choices, required=False,
                                   help_text="Kind of the new entity.")
    name = TextField(required=False, max_length=200, help_text="Name of the new entity.")
    slug = SlugField(required=False, max_length=80, allow_unicode=True,
                     help_text="Slug of the new entity; made from the name when left out.")


def candidate_list():
    latest = (Sighting.objects.only("candidate_id", "article_id", "start", "end", "text",
                                    "sentence", "at").order_by("-article_id"))
    return (Candidate.objects.select_related("promoted_to")
            .prefetch_related(Prefetch("sightings", queryset=latest[:EXAMPLES], to_attr="latest")))


@record_docs(noun="candidate", plural="candidates", key="id", writable=False,
             about="Names seen in articles that no alias matches — designations (S-500), "
                   "titled people, organisations — most-seen first, with where they were seen. "
                   "`?status=open` is the editors' queue. An editor makes one a new entity or "
                   "an alias of an existing one (`promote`), or dismisses it for good.")
class CandidateViewSet(ReadViewSet):
    serializer_class = CandidateSerializer
    filterset_class = CandidateFilter
    ordering_fields = ["articles", "name", "id", "updated"]
    selector = staticmethod(candidate_list)

    @extend_schema(
        summary="Make a name an entity or an alias",
        description=f"{WRITE_NOTE} With `entity`, the name and every spelling seen become "
                    "aliases of that entity; with `kind` and `name` (and optionally `slug`), a "
                    "new entity is made with them. The articles the name was seen in are "
                    "matched again at once; `manage.py reextract` finds it in all others. "
                    "Refused (400) for an unknown entity, a missing kind or name, both at once, "
                    "a slug taken, or a name already promoted.",
        request=PromoteSerializer, responses={200: CandidateSerializer},
        examples=[OpenApiExample("A new platform", request_only=True,
                                 value={"kind": "platform", "name": "S-500 Prometey",
                                        "slug": "s-500"}),
                  OpenApiExample("An alias", request_only=True, value={"entity": "s-400"})])
    @action(detail=True, methods=["post"])
    def promote(self, request, *args, **kwargs):
        candidate = self.get_object()
        given = PromoteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        candidate_promote(candidate=candidate, editor=request.user, **given.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=candidate.pk)).data)

    @extend_schema(
        summary="Dismiss a name",
        description=f"{WRITE_NOTE} The name leaves the queue for good: ingestion no longer "
                    "counts it. A promoted name cannot be dismissed (400).",
        request=None, responses={200: CandidateSerializer})
    @action(detail=True, methods=["post"])
    def dismiss(self, request, *args, **kwargs):
        candidate = self.get_object()
        candidate_dismiss(candidate=candidate, editor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=candidate.pk)).data)
