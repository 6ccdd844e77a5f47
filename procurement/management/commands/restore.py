"""python manage.py restore [--force] [--database ALIAS] FILE

Replaces the configured database with a backup made by `manage.py backup`, then prints the row
counts of the main tables. Refuses, changing nothing:
- a file that is not a backup of this tracker, or is a backup of the other engine;
- a backup made by newer code (migrations this code does not know);
- a database that already has tables, unless --force (PostgreSQL then restores with
  pg_restore --clean --if-exists, in one transaction).
On PostgreSQL the database must exist (createdb NAME); restore fills it.

Exit status: 0 when restored, 1 when refused or failed (the reason is printed; pg_restore's own
message included), 2 for usage errors.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database from a backup FILE made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", type=Path)
        parser.add_argument("--force", action="store_true",
                            help="Replace a database that already has tables.")
        parser.add_argument("--database", default="default",
                            help="Database alias from settings (default: default).")

    def handle(self, *args, file, force, database, **options):
        try:
            restored = restore(file, using=database, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {file}. Rows:")
        width = max(len(label) for label, _ in restored.counts)
        for label, count in restored.counts:
            self.stdout.write(f"  {label:<{width}}  {count:>9,}")
        if restored.unapplied:
            self.stdout.write(f"The backup predates {restored.unapplied} migration(s) of this "
                              f"code: run `manage.py migrate` before serving.")
