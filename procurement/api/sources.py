"""Outlets' feeds in the API: which the tracker polls, when, and whether they answer.

Read-only: editors add and change sources in admin. Anyone who may read the record sees the
list; the last error is shown to editors only, as it can name addresses inside our network.
"""

from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..filters import SlugFilter
from ..models import Language, Outlet, Source
from ..roles import EDITORS
from ..selectors_sources import source_list
from .fields import LinkField, ModelSerializer
from .views.base import ReadViewSet
from .views.docs import record_docs


@extend_schema_field(OpenApiTypes.BOOL)
class YesNoFilter(filters.TypedChoiceFilter):
    """true or false, and nothing else (400), for a filter that is not a model field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=[("true", "true"), ("false", "false")],
                         coerce=lambda value: value == "true", **kwargs)


class SourceFilter(filters.FilterSet):
    outlet = SlugFilter(Outlet, field_name="outlet", label="outlet (slug)")
    kind = filters.ChoiceFilter(choices=Source.Kind.choices)
    language = filters.ChoiceFilter(choices=Language.choices)
    # Choices rather than BooleanFilter, which ignores a value it cannot read (see filters.py).
    enabled = filters.TypedChoiceFilter(choices=[("true", "true"), ("false", "false")],
                                        coerce=lambda value: value == "true",
                                        label="polled at all (true/false)")
    failing = YesNoFilter(method="filter_failing", label="its last poll failed (true/false)")

    class Meta:
        model = Source
        fields = ["outlet", "kind", "language", "enabled", "failing"]

    def filter_failing(self, queryset, name, value):
        return queryset.filter(failures__gt=0) if value else queryset.filter(failures=0)


class SourceSerializer(ModelSerializer):
    """One feed of one outlet (RSS, Atom, or a news sitemap) and how its polls go."""

    api_url = LinkField("source", lookup="slug")
    outlet = serializers.SlugRelatedField(slug_field="slug", read_only=True,
                                          help_text="The outlet's slug.")
    error = serializers.SerializerMethodField(
        help_text="Why the last poll failed (empty when it succeeded); shown to editors only.")

    class Meta:
        model = Source
        fields = ["api_url", "slug", "url", "kind", "outlet", "language", "interval", "enabled",
                  "polled", "succeeded", "failures", "error", "due", "created"]
        read_only_fields = fields

    def get_error(self, obj) -> str:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and (
                user.is_superuser or EDITORS in self._groups(user)):
            return obj.error
        return ""

    def _groups(self, user) -> set:
        # Once per request, not once per row.
        cached = self.context.get("_groups")
        if cached is None:
            cached = self.context["_groups"] = set(user.groups.values_list("name", flat=True))
        return cached


@record_docs(noun="source", plural="sources", writable=False,
             about="Outlets' feeds the tracker polls for new articles: RSS 2.0, Atom or news "
                   "sitemaps, each with its interval and the outcome of its last poll. A "
                   "failing source is tried again later and later (up to once a day). Editors "
                   "add and change sources in admin.")
class SourceViewSet(ReadViewSet):
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    ordering_fields = ["slug", "polled", "due", "failures"]
    lookup_field = "slug"
    selector = staticmethod(source_list)
