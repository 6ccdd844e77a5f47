"""What every API view shares: CSV on lists, and saving through one validated path."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, viewsets
from rest_framework.filters import OrderingFilter

from .. import writes
from ..renderers import CSVRenderer


class ReadViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail. Lists also answer `?format=csv` (one row per result, nested flattened)."""

    filter_backends = [DjangoFilterBackend, OrderingFilter]

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
        return writes.record_save(record=record, data=data)
