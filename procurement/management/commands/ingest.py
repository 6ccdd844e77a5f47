"""python manage.py ingest [--json] [--outlet NAME] [--language hi|en] [--dry-run] PATH...

Articles are stored a batch at a time (--batch, 200 by default), one transaction per batch and
a savepoint per article: a bad file or record is reported and skipped, the rest go in. On a
terminal, runs longer than a second show a progress bar on stderr (--no-progress: none).
Exit status: 0 when everything went in (or was already there), 1 when anything was refused,
2 for usage errors. Files of other types found in a folder are listed as skipped, which does not
change the exit status; named on the command line, they are refused.
"""

import contextlib
import gc
import json
import sys
import traceback
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from ...jsonload import loads_limited
from ...matching import current_automaton
from ...services.batches import articles_ingest
from ...services.ingest import IngestError, article_store, decode_text

SUFFIXES = (".txt", ".json", ".jsonl")
NOT_FOUND = "No such file or folder."
UNSUPPORTED = "Unsupported file type '{suffix}': use .txt, .json or .jsonl."
FILE_TOO_LARGE = "The file is {size:,} bytes; the limit is {limit:,} (INGEST_MAX_BYTES)."
NOT_AN_OBJECT = "Expected a JSON object with at least a 'body' field."
BAD_JSON = "Not valid JSON: {message} (line {line}, column {column})."
JSON_REFUSED = "Not valid JSON: {message}"
UNREADABLE = "Could not read the file: {reason}."
FAILED = ("Not stored, because of an unexpected error ({kind}: {message}); "
          "the rest of the run went on.")
SKIPPED = "Not a .txt, .json or .jsonl file."
UNKNOWN_FIELDS = "Unknown field(s): {names}. Allowed: title, body, url, outlet, language, published_on."
FIELDS = {"title", "body", "url", "outlet", "language", "published_on"}


@contextlib.contextmanager
def collector_spared():
    """For a run: what is loaded before it (Django, the alias automaton) lives through it, and
    frozen, Python's full garbage collections stop walking it, which cost 0.15 ms of each
    article's ~2 ms in the process (bench/ingest.py). Thawed after, for what runs next."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def expand(paths, skipped: list):
    """Files to read, in a stable order; missing paths are reported, not fatal.

    Other files in a folder go on `skipped`, so whoever ran the command sees what was left out.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                if found.suffix.lower() in SUFFIXES:
                    yield found
                else:
                    skipped.append({"file": str(found), "reason": SKIPPED})
        else:
            yield path


def records(path: Path):
    """(record index, fields dict | IngestError) for every article in one file."""
    try:
        yield from _records(path)
    except OSError as error:  # unreadable, vanished, a device: this file only
        yield 0, IngestError(UNREADABLE.format(reason=error.strerror or error))


def _records(path: Path):
    if not path.exists():
        yield 0, IngestError(NOT_FOUND)
        return
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield 0, IngestError(UNSUPPORTED.format(suffix=suffix or "(none)"))
        return
    limit = settings.INGEST_MAX_BYTES
    if suffix != ".jsonl" and path.stat().st_size > limit:
        yield 0, IngestError(FILE_TOO_LARGE.format(size=path.stat().st_size, limit=limit))
        return
    if suffix == ".txt":
        try:
            yield 0, {"body": decode_text(path.read_bytes())}
        except IngestError as error:
            yield 0, error
        return
    if suffix == ".json":
        try:
            yield 0, parse_object(decode_text(path.read_bytes()))
        except IngestError as error:
            yield 0, error
        return
    with path.open("rb") as handle:
        for index, line in enumerate(handle):
            if not line.strip():
                continue
            try:
                if len(line) > limit:
                    raise IngestError(FILE_TOO_LARGE.format(size=len(line), limit=limit))
                yield index, parse_object(decode_text(line))
            except IngestError as error:
                yield index, error


def parse_object(text: str) -> dict:
    try:
        data = loads_limited(text)
    except json.JSONDecodeError as error:
        raise IngestError(BAD_JSON.format(message=error.msg, line=error.lineno,
                                          column=error.colno)) from None
    except ValueError as error:  # nested too deeply, a number too long to convert
        raise IngestError(JSON_REFUSED.format(message=error)) from None
    if not isinstance(data, dict) or "body" not in data:
        raise IngestError(NOT_AN_OBJECT)
    unknown = set(data) - FIELDS
    if unknown:
        raise IngestError(UNKNOWN_FIELDS.format(names=", ".join(sorted(unknown))))
    return data


class Command(BaseCommand):
    help = "Ingest articles from .txt, .json and .jsonl files or folders."
    progress_delay = 1.0  # seconds before the bar appears: short runs print nothing more

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--json", action="store_true", help="Print one JSON object on stdout.")
        parser.add_argument("--outlet", default="", help="Outlet for records that name none.")
        parser.add_argument("--language", choices=["hi", "en", "ru", "zh"],
                            help="Language for records that give none (default: detected).")
        parser.add_argument("--dry-run", action="store_true", help="Check and match; store nothing.")
        parser.add_argument("--batch", type=int, default=200, metavar="N",
                            help="Articles per transaction (default 200).")
        parser.add_argument("--no-progress", action="store_true",
                            help="No progress bar, even on a terminal.")

    def handle(self, *args, **options):
        if not options["paths"]:
            raise CommandError("Give at least one file or folder.", returncode=2)
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1.", returncode=2)
        report = {"created": [], "duplicates": [], "errors": [], "skipped": []}
        files = list(expand(options["paths"], report["skipped"]))
        # One alias automaton for the whole run: aliases edited meanwhile apply to the next run
        # (or to `reextract`).
        options["automaton"] = current_automaton()
        progress = self.progress_bar(len(files), options)
        with collector_spared():
            pending = []  # (where, fields or IngestError), stored when a batch is full
            for path in files:
                index = 0
                try:
                    for index, fields in records(path):
                        pending.append(({"file": str(path), "record": index}, fields))
                        if len(pending) >= options["batch"]:
                            self.ingest_batch(pending, options, report, progress)
                except Exception as error:
                    # Reading the file broke: its remaining records are lost.
                    self.ingest_batch(pending, options, report, progress)
                    self.failed({"file": str(path), "record": index}, error, options, report)
                if progress is not None:
                    progress.update(1)
            self.ingest_batch(pending, options, report, progress)
        if progress is not None:
            progress.close()
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        elif options["verbosity"] > 0 or report["errors"] or report["skipped"]:
            self.summarise(report, options["dry_run"])
        if report["errors"]:
            sys.exit(1)

    def progress_bar(self, files: int, options):
        """A bar over the files, with the articles done so far, on a terminal only; shown once
        a run has taken a second, so short runs print nothing more than before."""
        stream = getattr(self.stderr, "_out", self.stderr)
        if options["no_progress"] or options["json"] or not stream.isatty():
            return None
        from tqdm import tqdm  # only on a terminal: piped and scripted runs never import it

        return tqdm(total=files, unit="file", file=stream, delay=self.progress_delay, leave=False,
                    dynamic_ncols=True)

    def ingest_batch(self, pending, options, report, progress):
        """Store the pending records, then report each in the order read; empties `pending`."""
        fields = [self.fields_of(f, where, options) for where, f in pending
                  if not isinstance(f, IngestError)]
        # `article_store` is looked up here, at run time, so a test can replace it.
        outcomes = iter(articles_ingest(items=fields, automaton=options["automaton"],
                                        batch=max(len(fields), 1), dry_run=options["dry_run"],
                                        store=article_store))
        for where, f in pending:
            self.record(where, f if isinstance(f, IngestError) else next(outcomes), options,
                        report)
        if progress is not None and pending:
            progress.set_postfix(articles=len(report["created"]) + len(report["duplicates"]),
                                 refused=len(report["errors"]), refresh=False)
        pending.clear()

    @staticmethod
    def fields_of(fields, where, options) -> dict:
        fields = dict(fields)
        fields.setdefault("outlet", options["outlet"])
        if fields.get("language") in (None, "") and options["language"]:
            fields["language"] = options["language"]
        fields["source"] = Path(where["file"]).name
        return fields

    def record(self, where, outcome, options, report):
        if isinstance(outcome, IngestError):
            report["errors"].append({**where, "error": str(outcome)})
        elif isinstance(outcome, Exception):
            self.failed(where, outcome, options, report)
        elif outcome.duplicate:
            report["duplicates"].append({**where, "article": outcome.article.pk})
        else:
            report["created"].append(self.describe(where, outcome))

    def failed(self, where, error, options, report):
        """An unexpected error (a bug, the database failing) becomes this record's error line
        instead of a traceback that ends the run before its report is printed."""
        if options["verbosity"] > 1:
            self.stderr.write("".join(traceback.format_exception(error)))
        message = " ".join(str(error).split())[:300] or "no message"
        report["errors"].append({**where, "error": FAILED.format(kind=type(error).__name__,
                                                                 message=message)})
        if isinstance(error, DatabaseError) and not connection.in_atomic_block:
            # A lost connection is reopened for the next record rather than failing them all.
            connection.close_if_unusable_or_obsolete()

    @staticmethod
    def describe(where, result):
        article = result.article
        return {
            **where, "article": article.pk, "title": article.title, "language": article.language,
            "published_on": article.published_on.isoformat() if article.published_on else None,
            # Set when the body ends in page furniture ("Related Posts"…), not matched in.
            "furniture_from": article.furniture_from,
            "mentions": [{"entity": m.slug, "kind": m.kind, "start": m.start,
                          "end": m.end, "text": m.text} for m in result.mentions],
        }

    def summarise(self, report, dry_run):
        verb = "would be created" if dry_run else "created"
        mentions = sum(len(c["mentions"]) for c in report["created"])
        self.stdout.write(f"{len(report['created'])} articles {verb} ({mentions} mentions), "
                          f"{len(report['duplicates'])} already stored, "
                          f"{len(report['errors'])} refused, "
                          f"{len(report['skipped'])} files skipped.")
        for error in report["errors"]:
            record = f" record {error['record']}" if error["record"] else ""
            self.stderr.write(f"  {error['file']}{record}: {error['error']}")
        for skipped in report["skipped"]:
            self.stderr.write(f"  {skipped['file']}: skipped: {skipped['reason']}")
