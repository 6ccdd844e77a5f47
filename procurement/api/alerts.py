"""The API of alerts: my follows and my webhooks. Each account sees and changes only its own
(another account's record is not found, 404); any signed-in account or token may use them."""

from django.db import transaction
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ..models import Entity, Event, Follow, Programme, Webhook
from ..models.alerts import FOLLOWABLE_KINDS
from ..selectors_alerts import follow_list
from ..services.alerts import follow_create, subscriber_get
from ..services.webhooks import webhook_ping, webhook_save
from .views.base import ID
from .fields import EntityRefField, LinkField, ModelSerializer, TextField, URLField

ONE_TARGET = "Give either `entity` (a slug) or `programme` (a slug), not both."
OWN_NOTE = ("Any signed-in account or token; each account sees and changes only its own (another "
            "account's is not found, 404).")


class OwnRecordsMixin:
    permission_classes = [IsAuthenticated]
    filter_backends = []
    # Any path segment reaches the view (so that API links can be built for any id); one that
    # is not an id is not found, as an id of someone else's record is.
    lookup_value_regex = "[^/]+"

    def get_object(self):
        if not ID.fullmatch(str(self.kwargs.get("pk", ""))):
            raise NotFound()
        return super().get_object()


class FollowSerializer(ModelSerializer):
    """One item I follow: an entity (system, person, meeting) or a programme."""

    api_url = LinkField("follow")
    entity = EntityRefField(queryset=Entity.objects.filter(kind__in=FOLLOWABLE_KINDS),
                            required=False, allow_null=True,
                            help_text="Slug of a system, person or meeting.")
    programme = serializers.SlugRelatedField(
        slug_field="slug", queryset=Programme.objects.all(), required=False, allow_null=True,
        help_text="Slug of a programme.")

    class Meta:
        model = Follow
        fields = ["id", "api_url", "entity", "programme", "created"]
        read_only_fields = ["id", "created"]

    def validate(self, data):
        if bool(data.get("entity")) == bool(data.get("programme")):
            raise serializers.ValidationError(ONE_TARGET)
        return data


@extend_schema_view(
    list=extend_schema(summary="What I follow",
                       description=f"The items the signed-in account follows, newest first. "
                                   f"Their events reach my feeds, digest and webhooks. {OWN_NOTE}"),
    retrieve=extend_schema(summary="One follow", description=f"One item I follow. {OWN_NOTE}"),
    create=extend_schema(
        summary="Follow an item",
        description="Follow a system, person or meeting (`entity`) or a programme "
                    "(`programme`), by slug. Refused (400) for another kind of entity, an "
                    f"unknown slug, both or neither, or an item already followed. {OWN_NOTE}",
        examples=[OpenApiExample("A system", request_only=True, value={"entity": "s-400"})]),
    destroy=extend_schema(summary="Stop following",
                          description=f"Stop following the item; answers 204. {OWN_NOTE}"),
)
class FollowViewSet(OwnRecordsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = FollowSerializer

    def get_queryset(self):
        return follow_list(user=self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = follow_create(user=self.request.user,
                                            target=data.get("entity") or data.get("programme"))


class WebhookSerializer(ModelSerializer):
    """A webhook of mine: where events go, which kinds, about which items."""

    api_url = LinkField("webhook")
    url = URLField(max_length=500, help_text="Where events are POSTed: a public http(s) address.")
    description = TextField(required=False, allow_blank=True, max_length=200)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=Event.Kind.choices), required=False,
        help_text="Event kinds to send; empty or left out for every kind.")
    entities = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False,
        queryset=Entity.objects.filter(kind__in=FOLLOWABLE_KINDS),
        help_text="Only events about these systems, people or meetings. Leave `entities` and "
                  "`programmes` empty for everything I follow (as I follow it, changes "
                  "included).")
    programmes = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=Programme.objects.all(),
        help_text="Only events about these programmes.")

    class Meta:
        model = Webhook
        fields = ["id", "api_url", "url", "description", "events", "entities", "programmes",
                  "active", "failures", "last_error", "disabled_reason", "created"]
        read_only_fields = ["id", "failures", "last_error", "disabled_reason", "created"]


class WebhookCreatedSerializer(WebhookSerializer):
    """The new webhook with its secret, which no later answer shows again."""

    secret = serializers.CharField(read_only=True,
        help_text="Keep it: it verifies X-Tracker-Signature, and is never shown again.")

    class Meta(WebhookSerializer.Meta):
        fields = WebhookSerializer.Meta.fields + ["secret"]


PING_RESULT = inline_serializer("WebhookPing", {
    "delivered": serializers.BooleanField(),
    "status_code": serializers.IntegerField(allow_null=True),
    "error": serializers.CharField(),
})


@extend_schema_view(
    list=extend_schema(summary="My webhooks", description=f"My webhooks, oldest first. {OWN_NOTE}"),
    retrieve=extend_schema(summary="One webhook",
                           description="With its failures in a row and the last error; a "
                                       "webhook switched off says why in `disabled_reason`. "
                                       f"{OWN_NOTE}"),
    create=extend_schema(
        summary="Register a webhook",
        description="Events (`article.new`, `claim.confirmed`, `status.changed`) are POSTed "
                    "as JSON, signed: `X-Tracker-Signature: sha256=<hex HMAC-SHA256 of "
                    "\"<X-Tracker-Timestamp>.<body>\" with the secret>`. The answer carries "
                    "the `secret`, once. Failed deliveries are retried with growing waits for "
                    "about a day; a webhook failing many times in a row is switched off (set "
                    "`active` again to resume). Refused (400) for an address that is not "
                    f"http(s), carries a password, or is private or loopback. {OWN_NOTE}",
        responses={201: WebhookCreatedSerializer},
        examples=[OpenApiExample("Status changes of one system", request_only=True,
                                 value={"url": "https://example.org/tracker-hook",
                                        "events": ["status.changed"], "entities": ["s-400"]})]),
    update=extend_schema(summary="Replace a webhook",
                         description=f"Every writable field given; the secret stays. Setting "
                                     f"`active` again clears the failures. {OWN_NOTE}"),
    partial_update=extend_schema(summary="Change a webhook",
                                 description=f"Only the fields given change; setting `active` "
                                             f"again clears the failures. {OWN_NOTE}"),
    destroy=extend_schema(summary="Delete a webhook",
                          description=f"Deletes it and its deliveries; answers 204. {OWN_NOTE}"),
)
class WebhookViewSet(OwnRecordsMixin, viewsets.ModelViewSet):
    serializer_class = WebhookSerializer

    def get_queryset(self):
        return (Webhook.objects.filter(owner=self.request.user)
                .prefetch_related("entities", "programmes").order_by("pk"))

    def _save(self, serializer, webhook):
        data = dict(serializer.validated_data)
        entities, programmes = data.pop("entities", None), data.pop("programmes", None)
        for name, value in data.items():
            setattr(webhook, name, value)
        return webhook_save(webhook=webhook, entities=entities, programmes=programmes)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subscriber_get(user=request.user)
        with transaction.atomic():
            webhook = self._save(serializer, Webhook(owner=request.user))
        body = WebhookCreatedSerializer(webhook, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        serializer.instance = self._save(serializer, serializer.instance)

    @extend_schema(summary="Send a test ping",
                   description="POSTs a signed `ping` event to the webhook now and says what "
                               "came back. Does not count as a failure or a delivery. "
                               f"{OWN_NOTE}",
                   request=None, responses={200: PING_RESULT})
    @action(detail=True, methods=["post"])
    def ping(self, request, *args, **kwargs):
        return Response(webhook_ping(webhook=self.get_object()))


__all__ = ["FollowViewSet", "WebhookViewSet"]
