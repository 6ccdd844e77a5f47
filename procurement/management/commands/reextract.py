"""python manage.py reextract [--entity SLUG]

Matches every stored article again after aliases change, keeping editors' confirmations and
rejections. With --entity, only that entity's mentions are added or removed.
"""

from django.core.management.base import BaseCommand, CommandError

from ...matching import current_automaton
from ...models import Article, Entity
from ...services.ingest import article_reextract


class Command(BaseCommand):
    help = "Re-run matching over stored articles after aliases changed."

    def add_arguments(self, parser):
        parser.add_argument("--entity", metavar="SLUG", help="Only this entity's mentions.")

    def handle(self, *args, **options):
        entity_id = None
        if options["entity"]:
            entity_id = Entity.objects.filter(slug=options["entity"]).values_list("pk", flat=True).first()
            if entity_id is None:
                raise CommandError(f"No entity with slug '{options['entity']}'.", returncode=2)
        automaton = current_automaton()
        added = removed = articles = 0
        for article in Article.objects.only("pk", "body", "furniture_from").order_by("pk").iterator(chunk_size=500):
            result = article_reextract(article=article, automaton=automaton, entity_id=entity_id)
            added += result.added
            removed += result.removed
            articles += 1
        self.stdout.write(f"{articles} articles matched again: {added} mentions added, "
                          f"{removed} machine-found mentions no longer found were removed.")
