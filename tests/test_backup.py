"""manage.py backup and restore: what comes back is what went in, every table and every history
row; refusals change nothing and say why.

The databases are built the way an operator builds one (migrate, load_reference, ingest the
demo articles, an edit), by manage.py in subprocesses, so the commands run as they would in
production. The PostgreSQL tests need pg_dump, pg_restore and a server; without them they are
skipped, unless TRACKER_REQUIRE_BACKUP_TOOLS=1 or DATABASE_URL points at PostgreSQL (CI), which
make a missing tool or server a failure.
"""

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import psycopg
import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"

# An edit through the ORM, so the history tables hold a change as well as creations, and an
# account, so the auth tables are not empty.
EDIT = """
from django.contrib.auth.models import User
from procurement.models import Platform
platform = Platform.objects.get(slug="s-400")
platform.name = "S-400 Triumf (edited before the backup)"
platform.save()
User.objects.create_user("backup-check", "backup-check@example.org", None)
"""


def manage(database_url: str, *args, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {}), "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "manage.py", *map(str, args)], cwd=REPO,
                          env=environment, capture_output=True, text=True, timeout=600)


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, f"{result.args[2:]} exited {result.returncode}:\n{result.stderr}"
    return result


def refused(result: subprocess.CompletedProcess, *phrases: str) -> None:
    """Exit status 1 with a CommandError naming the reason, and no traceback."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "CommandError:" in result.stderr and "Traceback" not in result.stderr, result.stderr
    for phrase in phrases:
        assert phrase in result.stderr, (phrase, result.stderr)


def populate(database_url: str) -> None:
    ok(manage(database_url, "migrate", "--noinput"))
    ok(manage(database_url, "load_reference"))
    ok(manage(database_url, "ingest", "fixtures/demo"))
    ok(manage(database_url, "shell", "--no-imports", "-c", EDIT))


def assert_same(restored: dict, original: dict) -> None:
    """Row counts of every table, then the history tables row for row, then everything."""
    assert {table: len(rows) for table, rows in restored.items()} == \
        {table: len(rows) for table, rows in original.items()}
    history = [table for table in original if "historical" in table]
    assert len(history) > 5
    for table in history:
        assert restored[table] == original[table], table
    assert restored == original


def assert_worth_comparing(snapshot: dict) -> None:
    """The comparison means something only if the tables it covers have rows."""
    for table in ("django_migrations", "auth_user", "auth_permission", "procurement_article",
                  "procurement_mention", "procurement_historicalarticle"):
        assert snapshot[table], table
    edits = [row for row in snapshot["procurement_historicalplatform"] if "~" in row]
    assert edits, "the edit made before the backup left no history row"


# SQLite ----------------------------------------------------------------------------------------

def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def sqlite_snapshot(path: Path) -> dict[str, list]:
    database = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [name for (name,) in database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: sorted(database.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
                for table in tables}
    finally:
        database.close()


@pytest.fixture(scope="module")
def sqlite_source(tmp_path_factory):
    """A populated SQLite database, as the site leaves it (WAL), and its snapshot."""
    path = tmp_path_factory.mktemp("sqlite") / "source.sqlite3"
    populate(sqlite_url(path))
    snapshot = sqlite_snapshot(path)
    assert_worth_comparing(snapshot)
    return path, snapshot


@pytest.fixture(scope="module")
def sqlite_backup(sqlite_source, tmp_path_factory):
    source, _ = sqlite_source
    path = tmp_path_factory.mktemp("backups") / "tracker.sqlite3"
    ok(manage(sqlite_url(source), "backup", path))
    return path


def test_it_backs_up_sqlite_to_one_file_readable_by_its_owner(sqlite_source, sqlite_backup):
    source, snapshot = sqlite_source
    assert stat.S_IMODE(sqlite_backup.stat().st_mode) == 0o600
    assert not Path(f"{sqlite_backup}-wal").exists()
    assert sqlite_snapshot(sqlite_backup) == snapshot
    assert list(sqlite_backup.parent.iterdir()) == [sqlite_backup]  # no partial file left


def test_it_restores_sqlite_table_for_table(sqlite_source, sqlite_backup, tmp_path):
    _, snapshot = sqlite_source
    target = tmp_path / "restored.sqlite3"
    result = ok(manage(sqlite_url(target), "restore", sqlite_backup))
    assert "articles" in result.stdout and "history rows" in result.stdout
    assert_same(sqlite_snapshot(target), snapshot)
    ok(manage(sqlite_url(target), "migrate", "--check"))


def test_it_refuses_to_restore_over_a_non_empty_sqlite_database_without_force(
        sqlite_source, sqlite_backup, tmp_path):
    _, snapshot = sqlite_source
    target = tmp_path / "in-use.sqlite3"
    database = sqlite3.connect(target)
    database.execute("CREATE TABLE notes (text TEXT)")
    database.execute("INSERT INTO notes VALUES ('still here')")
    database.commit()
    database.close()

    refused(manage(sqlite_url(target), "restore", sqlite_backup), "is not empty", "--force")
    assert sqlite_snapshot(target) == {"notes": [("still here",)]}

    ok(manage(sqlite_url(target), "restore", "--force", sqlite_backup))
    assert_same(sqlite_snapshot(target), snapshot)


def test_it_refuses_a_file_that_is_not_a_backup(tmp_path):
    target = tmp_path / "target.sqlite3"
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 10)
    other = tmp_path / "other.sqlite3"
    database = sqlite3.connect(other)
    database.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app, name)")
    database.close()

    refused(manage(sqlite_url(target), "restore", text), "not a backup of this tracker",
            "not an SQLite database")
    refused(manage(sqlite_url(target), "restore", other), "not a backup of this tracker",
            "procurement_entity")
    refused(manage(sqlite_url(target), "restore", tmp_path / "missing.sqlite3"),
            "does not exist")
    assert not target.exists()


def test_it_refuses_to_overwrite_a_backup_file_without_force(sqlite_source, tmp_path):
    source, snapshot = sqlite_source
    existing = tmp_path / "tracker.sqlite3"
    existing.write_text("last week's backup")

    refused(manage(sqlite_url(source), "backup", existing), "already exists", "--force")
    assert existing.read_text() == "last week's backup"

    ok(manage(sqlite_url(source), "backup", "--force", existing))
    assert sqlite_snapshot(existing) == snapshot


def test_it_refuses_to_back_up_a_database_that_is_not_there(tmp_path):
    refused(manage(sqlite_url(tmp_path / "nothing.sqlite3"), "backup", tmp_path / "b.sqlite3"),
            "does not exist")
    assert list(tmp_path.iterdir()) == []


def test_it_says_so_when_pg_dump_is_missing(tmp_path):
    """No server needed: the tool is looked for before anything connects."""
    empty = tmp_path / "bin"
    empty.mkdir()
    result = manage("postgres://tracker@127.0.0.1:5432/tracker", "backup", tmp_path / "t.dump",
                    env={"PATH": str(empty)})
    refused(result, "pg_dump was not found on PATH")
    assert not (tmp_path / "t.dump").exists()


# PostgreSQL ------------------------------------------------------------------------------------

def postgres_server_url() -> tuple[str, bool]:
    """(URL of the server's maintenance database, whether the tests must run)."""
    configured = os.environ.get("DATABASE_URL", "")
    on_postgres = bool(configured) and \
        "postgresql" in dj_database_url.parse(configured)["ENGINE"]
    required = on_postgres or os.environ.get("TRACKER_REQUIRE_BACKUP_TOOLS") == "1"
    server = configured if on_postgres else LOCAL_SERVER
    return with_database(server, "postgres"), required


def with_database(url: str, name: str) -> str:
    return urlsplit(url)._replace(path=f"/{name}").geturl()


def maintenance(url: str) -> psycopg.Connection:
    config = dj_database_url.parse(url)
    params = {"dbname": config["NAME"], "host": config["HOST"], "port": config["PORT"],
              "user": config["USER"], "password": config["PASSWORD"]}
    return psycopg.connect(**{k: v for k, v in params.items() if v}, connect_timeout=5,
                           autocommit=True)


@pytest.fixture(scope="module")
def postgres_server():
    url, required = postgres_server_url()
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    reason = f"{' and '.join(missing)} not on PATH" if missing else ""
    if not reason:
        try:
            maintenance(url).close()
        except psycopg.Error as error:
            reason = f"no PostgreSQL server at {urlsplit(url).hostname}: {error}"
    if reason:
        if required:
            pytest.fail(f"PostgreSQL backups must be tested here (TRACKER_REQUIRE_BACKUP_TOOLS=1 "
                        f"or DATABASE_URL is PostgreSQL) but {reason}", pytrace=False)
        pytest.skip(reason)
    return url


@pytest.fixture(scope="module")
def new_postgres_database(postgres_server):
    """new() -> URL of a new, empty database with a unique name; all dropped at the end."""
    created = []

    def new() -> str:
        name = f"tracker_backup_{uuid.uuid4().hex[:12]}"
        with maintenance(postgres_server) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        return with_database(postgres_server, name)

    yield new
    with maintenance(postgres_server) as connection:
        for name in created:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_snapshot(url: str) -> dict[str, list]:
    """Every table's rows, plus each sequence's position (inserts after a restore need it)."""
    with maintenance(url) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")]
        snapshot = {table.removeprefix("public."): sorted(
            connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in tables}
        snapshot["(sequences)"] = sorted(connection.execute(
            "SELECT schemaname, sequencename, last_value FROM pg_sequences").fetchall(), key=repr)
    return snapshot


@pytest.fixture(scope="module")
def postgres_source(new_postgres_database, tmp_path_factory):
    """A populated PostgreSQL database, its snapshot and a backup of it."""
    url = new_postgres_database()
    populate(url)
    snapshot = postgres_snapshot(url)
    assert_worth_comparing(snapshot)
    backup = tmp_path_factory.mktemp("pg") / "tracker.dump"
    ok(manage(url, "backup", backup))
    return url, snapshot, backup


def test_it_restores_postgres_table_for_table(postgres_source, new_postgres_database):
    _, snapshot, backup = postgres_source
    assert backup.read_bytes().startswith(b"PGDMP")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    target = new_postgres_database()
    result = ok(manage(target, "restore", backup))
    assert "articles" in result.stdout and "history rows" in result.stdout
    assert_same(postgres_snapshot(target), snapshot)
    ok(manage(target, "migrate", "--check"))


def test_it_refuses_to_restore_over_a_non_empty_postgres_database_without_force(
        postgres_source, new_postgres_database):
    _, snapshot, backup = postgres_source
    target = new_postgres_database()
    ok(manage(target, "restore", backup))
    with maintenance(target) as connection:
        connection.execute("UPDATE procurement_outlet SET name = 'changed since' "
                           "WHERE id = (SELECT min(id) FROM procurement_outlet)")

    refused(manage(target, "restore", backup), "is not empty", "--force")
    assert any("changed since" in row for row in postgres_snapshot(target)["procurement_outlet"])

    ok(manage(target, "restore", "--force", backup))
    assert_same(postgres_snapshot(target), snapshot)


def test_it_refuses_a_file_that_is_not_a_postgres_backup(
        postgres_server, new_postgres_database, sqlite_backup, tmp_path):
    target = new_postgres_database()
    text = tmp_path / "dump.sql"
    text.write_text("CREATE TABLE notes (text text);\n")

    refused(manage(target, "restore", text), "not a backup of this tracker", "pg_dump")
    refused(manage(target, "restore", sqlite_backup), "SQLite backup", "same engine")
    assert postgres_snapshot(target) == {"(sequences)": []}


def test_it_shows_what_pg_dump_and_pg_restore_said_when_they_fail(
        postgres_source, postgres_server, tmp_path):
    _, _, backup = postgres_source
    absent = with_database(postgres_server, f"tracker_absent_{uuid.uuid4().hex[:12]}")

    refused(manage(absent, "backup", tmp_path / "t.dump"), "pg_dump failed", "does not exist")
    assert list(tmp_path.iterdir()) == []
    refused(manage(absent, "restore", backup), "does not exist", "createdb")
