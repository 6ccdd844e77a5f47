"""Which articles report which meetings: named outright, or described closely enough to suggest."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .articles import Article
from .choices import Review
from .entities import Meeting


class MeetingReportQuerySet(models.QuerySet):
    def visible(self) -> "MeetingReportQuerySet":
        """Reports analysts see: everything but what editors rejected."""
        return self.exclude(review=Review.REJECTED)

    def pending(self) -> "MeetingReportQuerySet":
        return self.filter(review=Review.MACHINE)


class MeetingReport(models.Model):
    """An article that reports a meeting, found by the machine and confirmed by an editor."""

    class Reason(models.TextChoices):
        NAMED = "named", _("names the meeting")
        DESCRIBED = "described", _("describes the meeting")

    article = models.ForeignKey(Article, models.CASCADE, related_name="meeting_reports",
                                db_index=False)
    # No index of its own: the unique (article, meeting) index leads with it.
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="reports", db_index=False)
    # CASCADE both ways: a report is a link between two records and means nothing without either.
    reason = models.CharField(max_length=10, choices=Reason.choices,
        help_text="Named: the article uses one of the meeting's names. Described: it names the "
                  "forum or the participants and the place, and was published around the dates.")
    evidence = models.CharField(max_length=300, blank=True,
        help_text="What the machine matched, e.g. 'forum: SCO; place: Qingdao; 26 Jun 2025'.")
    evidence_start = models.PositiveIntegerField(null=True, blank=True,
        help_text="Where in the article body the first matched name starts.")
    evidence_end = models.PositiveIntegerField(null=True, blank=True)
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.MACHINE)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    # SET_NULL: a review outlives the editor's account.
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = MeetingReportQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "article"]
        constraints = [
            models.UniqueConstraint(fields=["article", "meeting"],
                                    name="procurement_meetingreport_unique"),
            models.CheckConstraint(
                condition=Q(evidence_start__isnull=True, evidence_end__isnull=True)
                | Q(evidence_start__lt=models.F("evidence_end")),
                name="procurement_meetingreport_span_not_empty"),
        ]
        indexes = [models.Index(fields=["meeting", "review"], name="procurement_report_meeting"),
                   # ^ the meeting page and the API list a meeting's visible reports
                   models.Index(fields=["review"], name="procurement_report_review")]
                   # ^ the editors' review queue

    def __str__(self) -> str:
        return f"article {self.article_id} → meeting {self.meeting_id} ({self.reason})"
