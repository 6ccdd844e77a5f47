"""What every API view shares: CSV on lists, and saving through one validated path."""

import re
import unicodedata

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import (api_view, authentication_classes, permission_classes,
                                       throttle_classes)
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import AllowAny

from ...models import Review
from ...services.records import record_save
from ..renderers import CSVRenderer


# What an address can hold: a slug, or an id the database can store. Anything else is not
# found, rather than handed to the database to fail on (a NUL character, a number past 2**63).
# A slug may be in any script, and keeps its combining marks: "ट्रैकर" is ट + ् + र + ै + …, and
# the virama and vowel signs are marks (Mn, Mc), which neither \w nor Django's unicode slug
# pattern accepts.
SLUG_MAX = 120
ID = re.compile(r"[0-9]{1,18}")


def is_slug(value: str) -> bool:
    return 0 < len(value) <= SLUG_MAX and all(
        char in "-_" or unicodedata.category(char)[0] in "LMN" for char in value)


ADDRESS = {"slug": is_slug, "pk": ID.fullmatch}


class ReadViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail. Lists also answer `?format=csv` (one row per result, nested flattened).

    A resource names what it reads as `selector = staticmethod(selectors.<thing>_list)`, called
    afresh for each request, or overrides get_queryset() when the action changes the read.
    """

    filter_backends = [DjangoFilterBackend, OrderingFilter]
    # Any path segment reaches the view, which answers a malformed one with a JSON 404.
    lookup_value_regex = "[^/]+"
    selector = None

    def get_queryset(self):
        return self.selector()

    def shows_rejected(self) -> bool:
        """Lists leave out what editors rejected unless `?review=rejected` asks for it; a single
        record is shown whatever its review, so its address keeps working."""
        return self.action != "list" or self.request.query_params.get("review") == Review.REJECTED

    def get_object(self):
        value = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if not ADDRESS[self.lookup_field](value):
            raise NotFound()
        return super().get_object()

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action == "list":
            renderers.append(CSVRenderer())
        return renderers


class RecordViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadViewSet):
    """Read for all, create and update for editors. No delete: retire records, don't erase them.

    After a write the record is read back through `get_queryset()`, so the answer has exactly
    the shape (and the derived fields) of a GET.
    """

    def perform_create(self, serializer):
        record = self.save_record(serializer.Meta.model(), dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=record.pk)

    def perform_update(self, serializer):
        record = self.save_record(serializer.instance, dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=record.pk)

    def save_record(self, record, data):
        return record_save(record=record, data=data)


def assign(record, data: dict):
    """`record` with the fields of `data` set on it (not saved), for services that take a record."""
    for name, value in data.items():
        setattr(record, name, value)
    return record


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([])
def not_found(request, *args, **kwargs):
    """Unknown addresses under /api/ answer like the API's other 404s."""
    raise NotFound()
