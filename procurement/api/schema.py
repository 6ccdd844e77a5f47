"""OpenAPI generation: every refusal an operation can answer is documented, fields are typed.

`TrackerAutoSchema` (settings: DEFAULT_SCHEMA_CLASS) adds to each operation the error answers it
can give, so a consumer (and schemathesis) knows them without reading code:
- 400 for bodies (writes) and for filters and page sizes (lists);
- 401 everywhere (a bad or expired token is refused even where reading is open, and
  TRACKER_PUBLIC_READ=0 closes reading to anonymous callers);
- 403 for writes (signed in, but not an editor);
- 404 for one record (unknown slug or id) and for lists (a stale cursor or page number);
- 429 everywhere (throttled; `Retry-After` says when to come back).
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from ..models import Entity
from .errors import VALIDATION_ERROR_SCHEMA, ErrorSerializer
from .renderers import CSVRenderer

ERRORS = {
    "400": "Refused input: the body lists each problem by field (or filter).",
    "401": "No valid credentials: the token is missing where reading is closed, unknown, "
           "revoked or expired.",
    "403": "Signed in, but writing needs an editor's account.",
    "404": "No such record (or a stale cursor or page number).",
    "429": "Too many requests; `Retry-After` gives the seconds to wait.",
}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class EntityRefSerializer(serializers.Serializer):
    """A reference to an entity of any kind; its record is at /api/v1/entities/{slug}/."""

    slug = serializers.SlugField()
    kind = serializers.ChoiceField(choices=Entity.Kind.choices)
    name = serializers.CharField()


class EntityRefFieldExtension(OpenApiSerializerFieldExtension):
    """EntityRefField reads as an object and is written as a slug."""

    target_class = "procurement.api.fields.EntityRefField"

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$",
                    "description": "Slug of the entity."}
        return auto_schema.resolve_serializer(EntityRefSerializer, direction).ref


class LinkFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "procurement.api.fields.LinkField"

    def map_serializer_field(self, auto_schema, direction):
        return {**build_basic_type(OpenApiTypes.URI), "readOnly": True}


class ListLinkFieldExtension(LinkFieldExtension):
    target_class = "procurement.api.fields.ListLinkField"


class TrackerAutoSchema(AutoSchema):
    def _is_write(self) -> bool:
        return self.method in WRITE_METHODS

    def _is_list(self) -> bool:
        return self.method == "GET" and self._is_list_view()

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self._is_list() and any(isinstance(r, CSVRenderer) for r in self.view.get_renderers()):
            parameters.append(OpenApiParameter(
                "format", str, enum=["json", "csv"],
                description="`csv` for a spreadsheet: one row per result on this page, nested "
                            "objects as dotted columns, lists joined with `; `."))
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in ERRORS.items():
            if code in responses or not self._answers(code):
                continue
            body = VALIDATION_ERROR_SCHEMA if code == "400" else ErrorSerializer
            responses[code] = self._get_response_for_code(
                OpenApiResponse(body, description=description), code)
        # CSV is text, not the JSON structure: say so rather than repeat the JSON schema.
        for response in responses.values():
            content = response.get("content", {})
            if "text/csv" in content:
                content["text/csv"] = {"schema": {"type": "string"}}
        return responses

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        if status_code == "429":
            headers = dict(headers or {})
            headers["Retry-After"] = {"schema": {"type": "integer"},
                                      "description": "Seconds to wait before trying again."}
        return headers

    def _answers(self, code: str) -> bool:
        if code == "400":
            return self._is_write() or self._is_list()
        if code == "403":
            return self._is_write()
        return True
