"""Backing up the configured database to one file, and restoring such a file.

SQLite: the backup is a copy made with SQLite's online backup API, one self-contained database
file; restoring copies it back the same way. PostgreSQL: pg_dump's custom format; restoring runs
pg_restore. Both refuse to restore over a database that already has tables unless forced, and
refuse a file that is not a backup of this tracker.

Every refusal or failure is a BackupError whose message is meant for the person at the terminal.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.apps import apps
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"

# A file is a backup of this tracker when it has these: Django's record of migrations and the
# two tables everything else hangs from.
REQUIRED_TABLES = ("django_migrations", "procurement_entity", "procurement_article")

# What restore prints afterwards, as "label: rows", so a person can see at a glance that the
# data they expected came back.
MAIN_MODELS = (
    ("procurement", "Entity"), ("procurement", "Alias"), ("procurement", "Programme"),
    ("procurement", "StatusClaim"), ("procurement", "Outcome"), ("procurement", "Outlet"),
    ("procurement", "Article"), ("procurement", "Mention"), ("procurement", "Story"),
    ("auth", "User"),
)

NOT_A_BACKUP = "{path} is not a backup of this tracker: {why}."
NOT_EMPTY = ("The database {name} is not empty ({tables} tables, e.g. {example}). Restoring "
             "replaces what is in it: check that this is the database you mean, then add --force.")
UNKNOWN_MIGRATIONS = ("{path} was made by a newer version of the tracker: this code does not "
                      "know its migration(s) {names}. Restore it with the version that made it.")
ENGINE_MISMATCH = ("{path} is {kind} backup, but the configured database is {engine}. Backups "
                   "restore into the same engine; move data between engines with dumpdata and "
                   "loaddata.")
TOOL_MISSING = ("{tool} was not found on PATH. Install the PostgreSQL client tools of the "
                "server's major version (Debian and Ubuntu: postgresql-client).")


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why and what to do."""


@dataclass
class Restored:
    counts: list[tuple[str, int]]  # (label, rows) for MAIN_MODELS and the history tables
    unapplied: int  # migrations of this code the backup predates


def backup(target: Path, *, using: str = "default", force: bool = False) -> None:
    """Write a consistent copy of the database `using` to `target`."""
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give a file name for the backup.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists; add --force to replace it.")
    connection = connections[using]
    if connection.vendor == "sqlite":
        sqlite_backup(sqlite_path(connection), target)
    elif connection.vendor == "postgresql":
        postgres_backup(connection.settings_dict, target)
    else:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.display_name}.")


def restore(source: Path, *, using: str = "default", force: bool = False) -> Restored:
    """Replace the database `using` with the backup `source`; refuse a non-empty one unless forced."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} does not exist or is not a file.")
    connection = connections[using]
    if connection.vendor == "sqlite":
        sqlite_restore(source, sqlite_path(connection), force=force)
    elif connection.vendor == "postgresql":
        postgres_restore(source, connection, force=force)
    else:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.display_name}.")
    # The connection may have seen the database before it was replaced.
    connection.close()
    return Restored(counts=table_counts(connection), unapplied=unapplied_count(connection))


def table_counts(connection) -> list[tuple[str, int]]:
    """Rows in the main tables and in all history tables together; absent tables are skipped."""
    existing = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    counts = []
    history_tables = [model._meta.db_table for model in apps.get_models()
                      if model.__name__.startswith("Historical")]
    with connection.cursor() as cursor:
        for app_label, name in MAIN_MODELS:
            table = apps.get_model(app_label, name)._meta.db_table
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
                counts.append((str(apps.get_model(app_label, name)._meta.verbose_name_plural),
                               cursor.fetchone()[0]))
        history = 0
        for table in history_tables:
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
                history += cursor.fetchone()[0]
        counts.append(("history rows", history))
    return counts


def unapplied_count(connection) -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def refuse_unknown_migrations(path: Path, applied: set[tuple[str, str]]) -> None:
    """A backup from newer code would leave tables this code does not expect; `migrate` cannot
    undo migrations it has never seen."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = sorted(f"{app}.{name}" for app, name in applied
                     if app in loader.migrated_apps and (app, name) not in loader.graph.nodes)
    if unknown:
        raise BackupError(UNKNOWN_MIGRATIONS.format(path=path, names=", ".join(unknown)))


@contextmanager
def partial_file(target: Path):
    """A new file beside `target` that becomes `target` only when the block succeeds, so a
    failed run never leaves a truncated backup where a good one was. mkstemp makes it readable
    by its owner only: a backup holds password hashes."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                    suffix=".partial")
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def file_kind(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    return ""


# SQLite ----------------------------------------------------------------------------------------

def sqlite_path(connection) -> Path:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("The database is in memory: there is no file to back up or restore.")
    return Path(name)


def sqlite_open(path: Path, *, read_only: bool) -> sqlite3.Connection:
    # Read-only through a URI: opening never creates the file or writes to it.
    uri = path.resolve().as_uri() + ("?mode=ro" if read_only else "?mode=rwc")
    return sqlite3.connect(uri, uri=True, timeout=20)


def sqlite_tables(path: Path) -> list[str]:
    database = sqlite_open(path, read_only=True)
    try:
        return [name for (name,) in database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
    finally:
        database.close()


def sqlite_check(path: Path) -> set[tuple[str, str]]:
    """Refuse unless `path` is an intact SQLite database of this tracker; its applied migrations."""
    kind = file_kind(path)
    if kind == "postgresql":
        raise BackupError(ENGINE_MISMATCH.format(path=path, kind="a PostgreSQL (pg_dump)",
                                                 engine="SQLite"))
    if kind != "sqlite":
        raise BackupError(NOT_A_BACKUP.format(path=path, why="it is not an SQLite database"))
    try:
        database = sqlite_open(path, read_only=True)
        try:
            problems = [row[0] for row in database.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise BackupError(NOT_A_BACKUP.format(
                    path=path, why="SQLite finds it damaged: " + "; ".join(problems[:5])))
            tables = {name for (name,) in database.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            missing = [table for table in REQUIRED_TABLES if table not in tables]
            if missing:
                raise BackupError(NOT_A_BACKUP.format(
                    path=path, why=f"it is an SQLite database without the table(s) "
                                   f"{', '.join(missing)}"))
            return set(database.execute("SELECT app, name FROM django_migrations"))
        finally:
            database.close()
    except sqlite3.Error as error:
        raise BackupError(NOT_A_BACKUP.format(path=path, why=f"SQLite cannot read it ({error})"))


def sqlite_backup(database: Path, target: Path) -> None:
    if not database.is_file():
        raise BackupError(f"The database file {database} does not exist.")
    if target.resolve() == database.resolve():
        raise BackupError(f"{target} is the database itself; choose another file.")
    with partial_file(target) as partial:
        try:
            source = sqlite_open(database, read_only=True)
            try:
                copy = sqlite3.connect(partial)
                try:
                    # One step (pages=-1) copies every page inside one read transaction: a
                    # consistent snapshot. Under WAL the app keeps writing meanwhile; its
                    # commits land after the snapshot and are not in this backup.
                    source.backup(copy)
                    # The copy inherits WAL mode; a backup should be one file, with no -wal
                    # file that must travel beside it.
                    copy.execute("PRAGMA journal_mode=DELETE")
                finally:
                    copy.close()
            finally:
                source.close()
        except sqlite3.Error as error:
            raise BackupError(f"SQLite could not copy {database}: {error}.") from None
        try:
            sqlite_check(partial)
        except BackupError:
            raise BackupError(f"{database} is not a migrated database of this tracker; nothing "
                              f"was written. Is DATABASE_URL right?") from None


def sqlite_restore(source: Path, database: Path, *, force: bool) -> None:
    if source.resolve() == database.resolve():
        raise BackupError(f"{source} is the configured database itself.")
    refuse_unknown_migrations(source, sqlite_check(source))
    if not database.parent.is_dir():
        raise BackupError(f"The folder {database.parent} does not exist.")
    if database.exists() and database.stat().st_size and not force:
        try:
            tables = sqlite_tables(database)
        except sqlite3.Error as error:
            raise BackupError(f"The database file {database} cannot be read ({error}); add "
                              f"--force to replace it.") from None
        if tables:
            raise BackupError(NOT_EMPTY.format(name=database, tables=len(tables),
                                               example=", ".join(tables[:3])))
    try:
        backup_file = sqlite_open(source, read_only=True)
        try:
            target = sqlite_open(database, read_only=False)
            try:
                # Through SQLite rather than a file copy: it takes the database's locks, so
                # a running app never reads a half-written file, and stale -wal and -shm
                # files beside the target cannot be replayed over the restored pages.
                backup_file.backup(target)
            finally:
                target.close()
        finally:
            backup_file.close()
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not restore into {database}: {error}.") from None


# PostgreSQL ------------------------------------------------------------------------------------

def postgres_connection(settings_dict) -> tuple[str, dict]:
    """(libpq connection string without the password, environment with PGPASSWORD).

    The password goes through the environment: a command line is visible to every user of the
    machine (ps)."""
    keywords = {option.keyword.decode() for option in psycopg.pq.Conninfo.get_defaults()}
    options = {key: value for key, value in (settings_dict.get("OPTIONS") or {}).items()
               if key in keywords and key != "password"}
    params = {"dbname": settings_dict["NAME"], "host": settings_dict["HOST"],
              "port": settings_dict["PORT"], "user": settings_dict["USER"], **options}
    conninfo = psycopg.conninfo.make_conninfo(
        **{key: str(value) for key, value in params.items() if value not in (None, "")})
    env = dict(os.environ)
    password = settings_dict.get("PASSWORD") or (settings_dict.get("OPTIONS") or {}).get("password")
    if password:
        env["PGPASSWORD"] = str(password)
    return conninfo, env


def run_tool(tool: str, args: list[str], *, env: dict | None = None) -> str:
    """Run a PostgreSQL client tool; its stdout, or BackupError with its stderr."""
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(TOOL_MISSING.format(tool=tool))
    try:
        # stdin closed and --no-password: a missing password fails at once instead of waiting
        # for someone to type it (a cron job never would).
        result = subprocess.run([executable, *args], env=env, stdin=subprocess.DEVNULL,
                                capture_output=True, text=True, errors="replace")
    except OSError as error:
        raise BackupError(f"{tool} could not be run: {error}.") from None
    if result.returncode != 0:
        raise BackupError(f"{tool} failed (exit status {result.returncode}):\n"
                          f"{result.stderr.strip() or '(it printed nothing)'}")
    return result.stdout


def postgres_check(path: Path) -> set[tuple[str, str]]:
    """Refuse unless `path` is a pg_dump archive of this tracker; its applied migrations."""
    kind = file_kind(path)
    if kind == "sqlite":
        raise BackupError(ENGINE_MISMATCH.format(path=path, kind="an SQLite",
                                                 engine="PostgreSQL"))
    if kind != "postgresql":
        raise BackupError(NOT_A_BACKUP.format(
            path=path, why="it is not a pg_dump custom-format archive (a plain SQL dump is "
                           "restored with psql, not this command)"))
    listing = run_tool("pg_restore", ["--list", str(path)])
    tables = set(re.findall(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing, flags=re.MULTILINE))
    missing = [table for table in REQUIRED_TABLES if table not in tables]
    if missing:
        raise BackupError(NOT_A_BACKUP.format(
            path=path, why=f"the archive has no table(s) {', '.join(missing)}"))
    # The rows of django_migrations, as the COPY text pg_restore would send: id, app, name, applied.
    copy = run_tool("pg_restore", ["--data-only", "--table=django_migrations", "--file=-",
                                   str(path)])
    applied, inside = set(), False
    for line in copy.splitlines():
        if line.startswith("COPY "):
            inside = True
        elif line == "\\.":
            inside = False
        elif inside:
            fields = line.split("\t")
            if len(fields) >= 3:
                applied.add((fields[1], fields[2]))
    return applied


def postgres_backup(settings_dict, target: Path) -> None:
    conninfo, env = postgres_connection(settings_dict)
    with partial_file(target) as partial:
        run_tool("pg_dump", ["--format=custom", "--no-password", f"--file={partial}",
                             f"--dbname={conninfo}"], env=env)
        try:
            postgres_check(partial)
        except BackupError:
            raise BackupError(f"The database {settings_dict['NAME']} has no tables of this "
                              f"tracker; nothing was written. Is DATABASE_URL right?") from None


def postgres_restore(source: Path, connection, *, force: bool) -> None:
    refuse_unknown_migrations(source, postgres_check(source))
    name = connection.settings_dict["NAME"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname NOT IN "
                           "('pg_catalog', 'information_schema') ORDER BY tablename")
            tables = [row[0] for row in cursor.fetchall()]
    except DatabaseError as error:
        raise BackupError(f"Cannot connect to the database {name}: {str(error).strip()}\n"
                          f"Restore needs the database to exist: createdb {name}") from None
    finally:
        connection.close()
    if tables and not force:
        raise BackupError(NOT_EMPTY.format(name=name, tables=len(tables),
                                           example=", ".join(tables[:3])))
    conninfo, env = postgres_connection(connection.settings_dict)
    # One transaction: if anything fails, the database is as it was, not half restored.
    # --no-owner: objects belong to the configured user, whoever owned them where the dump
    # was made.
    args = ["--no-owner", "--exit-on-error", "--single-transaction", "--no-password",
            f"--dbname={conninfo}"]
    if tables:
        args += ["--clean", "--if-exists"]
    run_tool("pg_restore", [*args, str(source)], env=env)
