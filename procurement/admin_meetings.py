"""The editors' queue of articles suggested as reports of meetings (see services.meetings)."""

from django.contrib import admin
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .admin import ReviewActionsMixin
from .models import MeetingReport
from .services.meetings import meeting_report_review


@admin.register(MeetingReport)
class MeetingReportAdmin(ReviewActionsMixin, SimpleHistoryAdmin):
    list_display = ["meeting", "article", "published_on", "reason", "review", "evidence",
                    "context"]
    list_filter = ["review", "reason", "meeting"]
    search_fields = ["meeting__name", "meeting__slug", "article__title", "evidence"]
    readonly_fields = ["article", "meeting", "reason", "evidence", "evidence_start",
                       "evidence_end", "reviewed_by", "reviewed_at", "created", "context"]
    fields = readonly_fields[:4] + ["context", "review", "reviewed_by", "reviewed_at", "created"]
    list_select_related = ["meeting", "article"]

    @staticmethod
    def review_service(record, review, editor):
        meeting_report_review(report=record, review=review, editor=editor)

    def has_add_permission(self, request):
        return False  # reports come from ingestion and `manage.py link_meetings`

    def save_model(self, request, obj, form, change):
        # Only the review is editable here; it is stamped with the editor like the actions do.
        meeting_report_review(report=obj, review=obj.review, editor=request.user)

    @admin.display(description="published", ordering="article__published_on")
    def published_on(self, obj):
        return obj.article.published_on

    @admin.display(description="in context")
    def context(self, obj):
        if obj.evidence_start is None:
            return ""
        body = obj.article.body
        return format_html("…{}<mark>{}</mark>{}…", body[max(0, obj.evidence_start - 60):
                                                        obj.evidence_start],
                           body[obj.evidence_start:obj.evidence_end],
                           body[obj.evidence_end:obj.evidence_end + 60])
