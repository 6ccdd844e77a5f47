"""python manage.py poll [--source SLUG] [--no-progress]

Polls, once and in the foreground, the sources that are due (or the one named, due or not) and
ingests the pages they list in this process: no broker or worker needed. One line per source
on stdout, then its refusals and failures. Exit status: 0 when every source answered, 1 when
any source's poll failed (its error is recorded on it for the admin), 2 for an unknown source.
"""

import sys
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ...models import Item, Source
from ...selectors_sources import items_waiting, sources_due
from ...services.sources import item_claim, item_ingest, source_lease, source_poll

UNKNOWN_SOURCE = "No source has the slug '{slug}'. Sources: {known}."
NOTHING_DUE = "No source is due; name one with --source to poll it now."


class Command(BaseCommand):
    help = "Poll due (or the named) feeds once and ingest their new pages in this process."

    def add_arguments(self, parser):
        parser.add_argument("--source", metavar="SLUG", help="Poll this source now, due or not.")
        parser.add_argument("--no-progress", action="store_true",
                            help="No progress bar (it is shown only on a terminal anyway).")

    def handle(self, *args, **options):
        slug = options["source"]
        if slug is not None:
            source = Source.objects.select_related("outlet").filter(slug=slug).first()
            if source is None:
                known = ", ".join(Source.objects.values_list("slug", flat=True)[:20]) or "none"
                raise CommandError(UNKNOWN_SOURCE.format(slug=slug, known=known), returncode=2)
            sources = [source]
        else:
            # Leased like the workers do, so a poll beat started meanwhile does not repeat.
            sources = [s for s in sources_due() if source_lease(source=s)]
            if not sources:
                self.stdout.write(NOTHING_DUE)
                return
        show = sys.stderr.isatty() and not options["no_progress"]
        failed = False
        for source in sources:
            failed |= not self.poll(source, show)
        if failed:
            sys.exit(1)

    def poll(self, source: Source, show: bool) -> bool:
        result = source_poll(source=source)
        waiting = list(items_waiting(source=source).select_related("source__outlet"))
        counts, problems = Counter(), []
        for item in tqdm(waiting, desc=source.slug, unit="page", disable=not show,
                         file=sys.stderr, leave=False):
            if not item_claim(item=item):
                continue  # a worker took it meanwhile
            outcome = item_ingest(item=item)
            state = "retry" if outcome.retry else outcome.item.state
            counts[state] += 1
            if state in (Item.State.REFUSED, Item.State.FAILED, "retry"):
                problems.append((state, item.url, outcome.item.error))
        if result.error:
            status = "poll failed"
        elif result.not_modified:
            status = "not modified"
        else:
            status = f"{result.listed} listed"
        self.stdout.write(
            f"{source.slug}: {status}; {result.created} new, {counts[Item.State.INGESTED]} "
            f"ingested, {counts[Item.State.DUPLICATE]} duplicates, "
            f"{counts[Item.State.REFUSED]} refused, {counts[Item.State.FAILED]} failed, "
            f"{counts['retry']} to retry")
        if result.error:
            self.stdout.write(f"  error: {result.error}")
        labels = {"retry": "will retry", Item.State.REFUSED: "refused",
                  Item.State.FAILED: "failed"}
        for state, url, error in problems:
            self.stdout.write(f"  {labels[state]}: {url} — {error}")
        return not result.error
