"""Programmes, the dated status claims made about them, and what meetings decided."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import Precision, Review
from .entities import Agreement, Country, Entity, Meeting, Platform


class ProgrammeQuerySet(models.QuerySet):
    def for_buyer(self, country) -> "ProgrammeQuerySet":
        return self.filter(buyer=country)

    def with_evidence(self, *, sources: bool = True) -> "ProgrammeQuerySet":
        """Everything the status needs: parties, platform and confirmed claims with sources.

        `sources=False`: the claims without their articles, for lists that show the status
        and not the evidence (an article row per confirmed claim made /programmes/ grow with
        the record: 2.3× slower at 100,000 articles than at 10,000)."""
        confirmed = (StatusClaim.objects.confirmed()
                     .order_by("occurred_on", "reported_on", "pk"))
        if sources:
            confirmed = confirmed.select_related("article__outlet")
        return self.select_related("buyer", "supplier", "platform").prefetch_related(
            Prefetch("claims", queryset=confirmed, to_attr="confirmed_claims"))


class Programme(models.Model):
    """One procurement line, as SIPRI and Janes track them: who buys what from whom, and how."""

    class Kind(models.TextChoices):
        PURCHASE = "purchase", _("purchase")
        UPGRADE = "upgrade", _("upgrade")
        LICENSED = "licensed", _("licensed production")
        CODEVELOPMENT = "codevelopment", _("co-development")
        LEASE = "lease", _("lease")

    slug = models.SlugField(max_length=120, unique=True,
        help_text="Stable address, e.g. india-s-400-purchase.")
    buyer = models.ForeignKey(Country, models.PROTECT, related_name="purchases")
    supplier = models.ForeignKey(Country, models.PROTECT, related_name="sales")
    platform = models.ForeignKey(Platform, models.PROTECT, related_name="programmes")
    # PROTECT (all three): a country or platform with programmes is part of the record;
    # retire or merge it instead of deleting it.
    kind = models.CharField(max_length=20, choices=Kind.choices)
    units_ordered = models.PositiveIntegerField(null=True, blank=True,
        help_text="Units in the contract. Leave empty when no reliable figure is public.")
    unit = models.CharField(max_length=40, default="units",
        help_text="What is counted: units, squadrons, regiments, aircraft…")
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True,
        help_text="Contract value as reported. Leave empty when no reliable figure is public.")
    currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217, e.g. USD, INR.")
    ordered_on = models.DateField(null=True, blank=True)
    ordered_precision = models.CharField(max_length=5, choices=Precision.choices,
                                         default=Precision.DAY)
    agreements = models.ManyToManyField(Agreement, blank=True, related_name="programmes")
    sipri = models.CharField("SIPRI deal id", max_length=40, blank=True)
    wikidata = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["buyer__name", "platform__name"]
        constraints = [
            models.UniqueConstraint(fields=["buyer", "supplier", "platform", "kind"],
                                    name="procurement_programme_unique_line"),
            models.CheckConstraint(condition=~Q(buyer=models.F("supplier")),
                                   name="procurement_programme_buyer_not_supplier"),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0),
                                   name="procurement_programme_value_not_negative"),
            models.CheckConstraint(condition=Q(value__isnull=True) | ~Q(currency=""),
                                   name="procurement_programme_value_has_currency"),
        ]
        indexes = [models.Index(fields=["platform", "kind"], name="procurement_prog_platform")]
        # ^ the platform page lists its programmes

    def __str__(self) -> str:
        return f"{self.buyer} – {self.platform} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("procurement:programme", args=[self.slug])

    @property
    def status(self):
        """The derived status. Costs a query unless loaded through `with_evidence()`."""
        from ..status import derive_status

        claims = getattr(self, "confirmed_claims", None)
        if claims is None:
            claims = list(self.claims.confirmed().select_related("article__outlet"))
        return derive_status(claims)


class StatusClaimQuerySet(models.QuerySet):
    def visible(self) -> "StatusClaimQuerySet":
        """Claims analysts see: everything but what editors rejected."""
        return self.exclude(review=Review.REJECTED)

    def confirmed(self) -> "StatusClaimQuerySet":
        return self.filter(review=Review.CONFIRMED)

    def pending(self) -> "StatusClaimQuerySet":
        return self.filter(review=Review.MACHINE)


class StatusClaim(models.Model):
    """One dated assertion about a programme, from one source."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        NEGOTIATING = "negotiating", _("negotiating")
        CONTRACTED = "contracted", _("contracted")
        IN_DELIVERY = "in_delivery", _("in delivery")
        DELIVERED = "delivered", _("delivered")
        STALLED = "stalled", _("stalled")
        CANCELLED = "cancelled", _("cancelled")

    class Attribution(models.TextChoices):
        OFFICIAL = "official", _("official statement")
        NAMED = "named", _("named official")
        UNNAMED = "unnamed", _("unnamed sources")
        FOREIGN = "foreign", _("foreign media")
        PRESS = "press", _("press report")
        RECORD = "record", _("public record")

    class Confidence(models.TextChoices):
        HIGH = "high", _("high")
        MEDIUM = "medium", _("medium")
        LOW = "low", _("low")

    programme = models.ForeignKey(Programme, models.CASCADE, related_name="claims")
    status = models.CharField(max_length=20, choices=Status.choices)
    units_delivered = models.PositiveIntegerField(null=True, blank=True,
        help_text="Units delivered so far according to this source.")
    units_total = models.PositiveIntegerField(null=True, blank=True,
        help_text="The total the source gives alongside (the M in 'N of M').")
    occurred_on = models.DateField(null=True, blank=True,
        help_text="When the status began, as precisely as the source says.")
    occurred_precision = models.CharField(max_length=5, choices=Precision.choices,
                                          default=Precision.DAY)
    reported_on = models.DateField(null=True, blank=True,
        help_text="When the source said it (usually the article's date).")
    article = models.ForeignKey("Article", models.SET_NULL, null=True, blank=True,
                                related_name="claims")
    # SET_NULL: the claim's quote and source text stay if the article is removed.
    quote = models.TextField(blank=True, help_text="The exact words that support the claim.")
    quote_start = models.PositiveIntegerField(null=True, blank=True)
    quote_end = models.PositiveIntegerField(null=True, blank=True)
    source_url = models.URLField(blank=True, help_text="Outside source, when not an ingested article.")
    source = models.CharField(max_length=300, blank=True,
        help_text="Who says so, e.g. 'Ministry of Defence press release'.")
    attribution = models.CharField(max_length=10, choices=Attribution.choices,
                                   default=Attribution.PRESS)
    confidence = models.CharField(max_length=6, choices=Confidence.choices,
                                  default=Confidence.MEDIUM)
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.MACHINE)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    # SET_NULL: a review outlives the editor's account.
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = StatusClaimQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "occurred_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(units_delivered__isnull=True) | Q(units_total__isnull=True)
                | Q(units_delivered__lte=models.F("units_total")),
                name="procurement_claim_delivered_within_total"),
            models.CheckConstraint(
                condition=(Q(quote_start__isnull=True) & Q(quote_end__isnull=True))
                | Q(quote_start__lt=models.F("quote_end")),
                name="procurement_claim_quote_span"),
            models.CheckConstraint(
                condition=Q(article__isnull=False) | ~Q(source_url="") | ~Q(source=""),
                name="procurement_claim_has_source"),
            models.CheckConstraint(
                condition=Q(quote_start__isnull=True) | Q(article__isnull=False),
                name="procurement_claim_offsets_need_article"),
        ]
        indexes = [models.Index(fields=["programme", "review", "occurred_on"],
                                name="procurement_claim_prog_review")]
        # ^ the derived status reads a programme's confirmed claims by date

    def __str__(self) -> str:
        return f"{self.programme}: {self.get_status_display()} ({self.occurred_on or 'undated'})"

    def clean(self):
        errors = {}
        ordered = self.programme.units_ordered if self.programme_id else None
        if ordered is not None and self.units_delivered is not None and self.units_delivered > ordered:
            errors["units_delivered"] = (f"{self.units_delivered} delivered is more than the "
                                         f"{ordered} {self.programme.unit} ordered.")
        if self.article_id and self.quote_start is not None and self.quote_end is not None:
            body = self.article.body
            if self.quote_end > len(body):
                errors["quote_end"] = "The quote runs past the end of the article."
            elif self.quote and body[self.quote_start:self.quote_end] != self.quote:
                errors["quote"] = "The quote is not the article's text at these offsets."
        if errors:
            raise ValidationError(errors)


class Outcome(models.Model):
    """What a meeting did about an entity: discussed, agreed, signed, deferred or refused."""

    class Result(models.TextChoices):
        DISCUSSED = "discussed", _("discussed")
        AGREED = "agreed", _("agreed")
        SIGNED = "signed", _("signed")
        DEFERRED = "deferred", _("deferred")
        REFUSED = "refused", _("refused")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="outcomes")
    subject = models.ForeignKey(Entity, models.PROTECT, related_name="meeting_outcomes",
                               help_text="What it was about: a platform, agreement, programme's platform…")
    # PROTECT: an outcome is evidence; the subject cannot vanish from under it.
    result = models.CharField(max_length=10, choices=Result.choices)
    note = models.TextField(blank=True, help_text="What exactly was said or decided, in your words.")
    article = models.ForeignKey("Article", models.SET_NULL, null=True, blank=True,
                                related_name="outcomes")
    # SET_NULL: keep the outcome and its quote if the article goes.
    quote = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "subject__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "subject", "result"],
                                    name="procurement_outcome_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} → {self.subject}: {self.get_result_display()}"
