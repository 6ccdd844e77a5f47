"""python manage.py backup [--force] [--database ALIAS] FILE

Writes a consistent copy of the configured database to FILE: on SQLite a database file made
with SQLite's online backup API (safe while the site is serving), on PostgreSQL a pg_dump
custom-format archive. FILE is written beside itself first and renamed when complete, readable
by its owner only. Restore it with `manage.py restore FILE`.

Exit status: 0 when the backup was written, 1 when it was refused or failed (the reason is
printed; pg_dump's own message included), 2 for usage errors.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to FILE (SQLite: a database file; PostgreSQL: pg_dump -Fc)."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", type=Path)
        parser.add_argument("--force", action="store_true", help="Replace FILE if it exists.")
        parser.add_argument("--database", default="default",
                            help="Database alias from settings (default: default).")

    def handle(self, *args, file, force, database, **options):
        try:
            backup(file, using=database, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if options["verbosity"] > 0:
            self.stdout.write(f"Backed up the database to {file} ({file.stat().st_size:,} bytes).")
