"""python manage.py load_reference [--file PATH] [--update]

Adds the reference rows the database lacks (fixtures/reference.json by default) and never
overwrites a row that exists: running set-up again keeps every editor's change. Differences
between the file and existing rows are listed; --update applies them, except in fields an
editor has changed (see procurement/services/reference.py). Exit status 0 when loaded, 1 for a
bad file (nothing is written), 2 for usage errors.
"""

from django.core.management.base import BaseCommand, CommandError

from ...services.reference import ReferenceFileError, default_path, reference_load


class Command(BaseCommand):
    help = ("Add the reference data the database lacks, keeping every row that exists; "
            "report (and with --update apply) what a newer file would change.")

    def add_arguments(self, parser):
        parser.add_argument("--file", metavar="PATH",
                            help="A reference file in Django's fixture format "
                                 "(default: fixtures/reference.json).")
        parser.add_argument("--update", action="store_true",
                            help="Apply the file's values to existing rows, except in fields "
                                 "an editor has changed.")

    def handle(self, *args, **options):
        try:
            report = reference_load(path=options["file"] or default_path(),
                                    update=options["update"])
        except ReferenceFileError as error:
            raise CommandError(str(error)) from error
        verbosity = options["verbosity"]
        if report.created:
            parts = ", ".join(f"{count} {label}" for label, count in sorted(report.created.items()))
            self.stdout.write(f"Created {report.created_total} rows: {parts}.")
        else:
            self.stdout.write("Created nothing: every reference row is already there.")
        pending = [c for c in report.changes if not c.editor and c not in report.updated]
        kept = [c for c in report.changes if c.editor]
        for change in report.updated:
            self.stdout.write(f"Updated {change}")
        for change in pending:
            self.stdout.write(f"Would change {change}")
        if pending:
            self.stdout.write(f"{len(pending)} fields differ from the file; "
                              "run again with --update to apply them.")
        if kept:
            self.stdout.write(f"Kept {len(kept)} fields editors changed"
                              + (":" if verbosity > 1 else " (-v 2 lists them)."))
            if verbosity > 1:
                for change in kept:
                    self.stdout.write(f"  kept {change}")
        for key in report.removed:
            self.stdout.write(f"Not recreated (deleted or renamed by an editor): {key}")
        for key in report.skipped:
            self.stdout.write(f"Skipped (links to a row an editor deleted): {key}")
        for conflict in report.conflicts:
            self.stderr.write(conflict)
