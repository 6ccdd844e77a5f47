"""Recompute the daily mention tallies from the mentions (see models.tallies)."""

from django.core.management.base import BaseCommand

from ...services.tallies import tallies_rebuild


class Command(BaseCommand):
    help = ("Recompute the daily mention counts that charts and lists read, from the mentions; "
            "says how many counts were off.")

    def handle(self, *args, **options):
        differing = tallies_rebuild()
        self.stdout.write(f"Rebuilt the daily mention tallies; {differing} count(s) differed "
                          "from the mentions.")
