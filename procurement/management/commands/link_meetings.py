"""python manage.py link_meetings

Suggests, for every stored article, the meetings it names or describes (see
services.meetings). Run it after adding meetings, or once over articles ingested before
meeting links existed; links editors confirmed or rejected are left as they are.
"""

from django.core.management.base import BaseCommand

from ...models import Article, MeetingReport
from ...services.meetings import meeting_report_backfill


class Command(BaseCommand):
    help = "Suggest links between stored articles and the meetings they report."

    def handle(self, *args, **options):
        read, added = meeting_report_backfill(articles=Article.objects.order_by("pk"))
        meetings = MeetingReport.objects.visible().values("meeting").distinct().count()
        self.stdout.write(f"{read} articles read: {added} meeting links suggested; "
                          f"{meetings} meetings now have at least one article.")
