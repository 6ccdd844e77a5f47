"""Fields shared by the API's serializers: references to entities and links to API addresses."""

import functools
from urllib.parse import quote

from django.db import models
from django.urls import get_script_prefix, reverse
from rest_framework import serializers

# Every route's basename is the model's name in lower case, which for entities is their kind:
# an entity of kind "person" lives at reverse("api:person-detail", args=[slug]).
NAMESPACE = "api"


def origin(request) -> str:
    """scheme://host of the request, worked out once per request (it validates ALLOWED_HOSTS)."""
    cached = getattr(request, "_api_origin", None)
    if cached is None:
        cached = request._api_origin = request.build_absolute_uri("/")[:-1]
    return cached


_KEY = "0KEY0"  # a stand-in key that reverse() leaves as it is and no real path contains


@functools.lru_cache(maxsize=256)
def _route(basename: str, detail: bool, script_prefix: str) -> tuple[str, str]:
    """(before, after) the key in a route's path: reversed once, not once per row.

    `script_prefix` is only part of the cache key: reverse() reads it itself.
    """
    if not detail:
        return reverse(f"{NAMESPACE}:{basename}-list"), ""
    before, after = reverse(f"{NAMESPACE}:{basename}-detail", args=[_KEY]).split(_KEY)
    return before, after


def api_path(basename: str, key=None) -> str:
    before, after = _route(basename, key is not None, get_script_prefix())
    return before if key is None else f"{before}{key}{after}"


def api_url(request, basename: str, key=None, **query) -> str:
    """Absolute address of a record (with `key`) or of a filtered list (with `query`)."""
    path = api_path(basename, key)
    if query:
        path += "?" + "&".join(f"{name}={quote(str(value))}" for name, value in query.items())
    return origin(request) + path if request is not None else path


class StrictText:
    """Text, and only text: DRF's text fields turn 123 into "123", and `manage.py ingest` refuses
    a number where the record wants text, so the API does as well ("Not a valid string.")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class TextField(StrictText, serializers.CharField):
    pass


class SlugField(StrictText, serializers.SlugField):
    pass


class URLField(StrictText, serializers.URLField):
    pass


class EmailField(StrictText, serializers.EmailField):
    pass


class ModelSerializer(serializers.ModelSerializer):
    """Every record's serializer: text columns take only JSON strings, on every write."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextField,
        models.TextField: TextField,
        models.SlugField: SlugField,
        models.URLField: URLField,
        models.EmailField: EmailField,
    }


class EntityRefField(serializers.SlugRelatedField):
    """Another entity: read as {"slug", "kind", "name"}, written as its slug.

    Any entity's full record is at /api/v1/entities/{slug}/ (and at its kind's own address,
    e.g. /api/v1/platforms/{slug}/). The related row must be loaded with select_related, or
    each reference costs a query.
    """

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", **kwargs)

    def to_representation(self, entity):
        return {"slug": entity.slug, "kind": entity.kind, "name": entity.name}


class LinkField(serializers.Field):
    """The absolute API address of a record: the object itself, or a related one via `source`.

    `basename` names the route; without it the address is the entity's kind's own route.
    `lookup=None` when `source` already gives the key (e.g. source="article_id", which needs
    no join, unlike source="article").
    """

    def __init__(self, basename: str = "", lookup: str | None = "pk", **kwargs):
        self.basename, self.lookup = basename, lookup
        kwargs["read_only"] = True
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, obj):
        key = obj if self.lookup is None else getattr(obj, self.lookup)
        return api_url(self.context.get("request"), self.basename or obj.kind, key)


class ListLinkField(serializers.Field):
    """The absolute address of a list filtered by this record, e.g. its mentions or claims."""

    def __init__(self, basename: str, param: str, lookup: str = "slug", **kwargs):
        self.basename, self.param, self.lookup = basename, param, lookup
        kwargs["read_only"] = True
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return api_url(self.context.get("request"), self.basename,
                       **{self.param: getattr(obj, self.lookup)})
