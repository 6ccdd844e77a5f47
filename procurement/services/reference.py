"""Loading the reference dataset (fixtures/reference.json) without undoing editors' work.

`loaddata` writes every row of a fixture over the row with the same primary key, so running set-up
again put the fixture's text back over what editors had changed, and left no history of doing so.
`reference_load` only adds: each record of the file is found in the database by its natural
identity (an entity by its slug, an alias by its entity and text, an outcome by its meeting,
subject and result…), never by the file's primary keys, and created only when absent, through the
same services editors' writes go through, so every row it creates has its history.

Rows that exist are compared with the file; the differences are reported, and applied only when
asked (`update=True`) and only to fields no editor has changed. History is the judge: a history
entry that carries a user is an editor's (admin and API writes record who made them; this loader
and `loaddata` record nobody), and the fields it changed are the editor's from then on. A row
first recorded by an editor (created by one, or first edited by one after `loaddata` wrote it
without history) is the editor's in every field. A record whose identity history shows once
existed and no row has now was deleted or re-keyed by an editor, and is not brought back.

Records are matched generically, by any model the file names: the natural identity of a model is
its first unique field other than the primary key, else its first unconditional unique
constraint, else the fields in FALLBACK_KEYS, else every field the file gives.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction

from ..models import Alias, StatusClaim
from .records import alias_save, claim_save, record_save

REASON_CREATED = "reference data"
REASON_UPDATED = "reference data update"

# Models with no unique identity of their own: the fields that name one of their rows. A status
# claim is one programme's status at one date from one source.
FALLBACK_KEYS = {
    "procurement.statusclaim": ("programme", "status", "occurred_on", "source"),
}

NOT_JSON = "{path} is not a JSON file: {error}"
NOT_A_LIST = "{path} must hold a list of records, as `dumpdata` writes them."
BAD_RECORD = "Record {index} of {path} needs a \"model\", a \"pk\" and a \"fields\" object."
UNKNOWN_MODEL = "Record {index} of {path} names the model \"{model}\", which does not exist."
UNKNOWN_FIELD = "Record {index} of {path} ({model}) has the field \"{field}\", which {model} does not have."
BAD_VALUE = "Record {index} of {path} ({model}): {field}: {error}"
DANGLING = ("Record {index} of {path} ({model}) refers in \"{field}\" to {target} {pk}, "
            "which the file does not hold.")
CYCLE = "Record {index} of {path} ({model}) depends on itself through its links."
INVALID = "Record {index} of {path} ({model} {key}) is refused: {error}"
OTHER_KIND = ("{label} {key}: a row with this name exists as another kind ({kind}); left alone. "
              "Change it in the admin if the file is right.")


class ReferenceFileError(Exception):
    """The file cannot be loaded; nothing was written."""


@dataclass
class Change:
    label: str
    key: str
    field: str
    stored: object
    wanted: object
    editor: bool  # an editor changed this field: it is kept whatever the flag

    def __str__(self) -> str:
        return f"{self.label} {self.key}: {self.field}: {self.stored!r} → {self.wanted!r}"


@dataclass
class ReferenceReport:
    created: dict[str, int] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # deleted by editors, not brought back
    skipped: list[str] = field(default_factory=list)  # depend on a row editors deleted
    conflicts: list[str] = field(default_factory=list)  # the name is taken by another kind

    @property
    def created_total(self) -> int:
        return sum(self.created.values())


@dataclass
class _Unit:
    """One row to be: a record of the file, merged with its parents' records (multi-table)."""

    index: int
    model: type[models.Model]
    fields: dict
    state: str = "new"  # new → busy → done
    obj: models.Model | None = None
    gone: bool = False  # removed by an editor: dependants are skipped


def default_path() -> Path:
    from django.conf import settings

    return Path(settings.BASE_DIR) / "fixtures" / "reference.json"


def reference_load(*, path: Path | None = None, update: bool = False) -> ReferenceReport:
    """Add what the reference file has and the database lacks; report (and with `update`, apply)
    differences in rows that exist, except in fields editors changed. One transaction: a bad
    record anywhere leaves the database as it was (ReferenceFileError says which and why).

    Costs a few queries per record of the file (a lookup, and history for rows that exist).
    """
    path = Path(path or default_path())
    loader = _Loader(path, _read(path), update)
    with transaction.atomic():
        for unit in loader.order:
            loader.ensure(unit)
    return loader.report


def _read(path: Path) -> list:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ReferenceFileError(NOT_JSON.format(path=path, error=error)) from error
    if not isinstance(data, list):
        raise ReferenceFileError(NOT_A_LIST.format(path=path))
    return data


def _key_fields(model) -> tuple[str, ...]:
    for f in model._meta.concrete_fields:
        if f.unique and not f.primary_key:
            return (f.name,)
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields \
                and constraint.condition is None:
            return tuple(constraint.fields)
    label = model._meta.label_lower
    if label in FALLBACK_KEYS:
        return FALLBACK_KEYS[label]
    return ()


def _ordinary(f) -> bool:
    """Fields the file may set: not the primary key, a parent link or a timestamp Django keeps."""
    return not (f.primary_key or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                or (f.one_to_one and f.remote_field.parent_link))


class _Loader:
    def __init__(self, path: Path, data: list, update: bool):
        self.path, self.update = path, update
        self.report = ReferenceReport()
        records = {}
        for index, record in enumerate(data, 1):
            if not (isinstance(record, dict) and isinstance(record.get("model"), str)
                    and "pk" in record and isinstance(record.get("fields"), dict)):
                raise ReferenceFileError(BAD_RECORD.format(index=index, path=path))
            try:
                model = apps.get_model(record["model"])
            except (LookupError, ValueError) as error:
                raise ReferenceFileError(UNKNOWN_MODEL.format(
                    index=index, path=path, model=record["model"])) from error
            for name in record["fields"]:
                try:
                    model._meta.get_field(name)
                except FieldDoesNotExist as error:
                    raise ReferenceFileError(UNKNOWN_FIELD.format(
                        index=index, path=path, model=model._meta.label_lower, field=name)) from error
            records[(model._meta.label_lower, str(record["pk"]))] = (index, model, record["fields"])

        # A child's record (a country) and its parents' records (the entity with the same pk)
        # are one row: every label of the chain finds the same unit.
        self.units: dict[tuple[str, str], _Unit] = {}
        for (label, pk), (index, model, values) in records.items():
            if not model._meta.parents:
                continue
            merged = {}
            for parent in reversed(model._meta.get_parent_list()):
                parent_key = (parent._meta.label_lower, pk)
                if parent_key in records:
                    merged.update(records[parent_key][2])
            merged.update(values)
            unit = _Unit(index, model, merged)
            self.units[(label, pk)] = unit
            for parent in model._meta.get_parent_list():
                self.units[(parent._meta.label_lower, pk)] = unit
        for key, (index, model, values) in records.items():
            if key not in self.units:
                self.units[key] = _Unit(index, model, dict(values))
        self.order = sorted({id(u): u for u in self.units.values()}.values(), key=lambda u: u.index)

    def _fail(self, message: str, unit: _Unit, **extra) -> ReferenceFileError:
        return ReferenceFileError(message.format(index=unit.index, path=self.path,
                                                 model=unit.model._meta.label_lower, **extra))

    # Resolving the file's values into the database's.

    def _target(self, unit: _Unit, f, pk) -> _Unit:
        target = self.units.get((f.related_model._meta.label_lower, str(pk)))
        if target is None:
            raise self._fail(DANGLING, unit, field=f.name,
                             target=f.related_model._meta.label_lower, pk=pk)
        self.ensure(target)
        return target

    def _value(self, unit: _Unit, f, raw):
        """The database value (pk for links, a set of pks for many-to-many); None → gone."""
        if f.many_to_many:
            targets = [self._target(unit, f, pk) for pk in raw or []]
            return {t.obj.pk for t in targets if not t.gone}
        if f.is_relation:
            if raw is None:
                return None
            target = self._target(unit, f, raw)
            return None if target.gone else target.obj.pk
        try:
            return f.to_python(raw)
        except ValidationError as error:
            raise self._fail(BAD_VALUE, unit, field=f.name, error="; ".join(error.messages)) from error

    def ensure(self, unit: _Unit) -> None:
        if unit.state == "done":
            return
        if unit.state == "busy":
            raise self._fail(CYCLE, unit)
        unit.state = "busy"
        model, meta = unit.model, unit.model._meta
        label = meta.label_lower
        values, missing_link = {}, False
        for name, raw in unit.fields.items():
            f = meta.get_field(name)
            if not _ordinary(f):
                continue
            value = self._value(unit, f, raw)
            if f.is_relation and not f.many_to_many and raw is not None and value is None:
                if not f.null:
                    missing_link = True
            values[f] = value
        key_fields = _key_fields(model) or tuple(f.name for f in values if not f.many_to_many)
        lookup, shown = {}, []
        for name in key_fields:
            f = meta.get_field(name)
            lookup[f.attname] = values.get(f, f.get_default())
            raw = unit.fields.get(name)
            if f.is_relation and raw is not None:
                target = self._target(unit, f, raw)
                shown.append(str(target.obj) if target.obj is not None else str(raw))
            else:
                shown.append(str(lookup[f.attname]))
        key = " / ".join(shown)
        unit.state = "done"

        if missing_link:
            unit.gone = True
            self.report.skipped.append(f"{label} {key}")
            return
        unit.obj = model._default_manager.filter(**lookup).first()
        if unit.obj is None and meta.parents:
            root = meta.get_parent_list()[-1]
            other = root._default_manager.filter(**lookup).first()
            if other is not None:
                unit.gone = True
                self.report.conflicts.append(OTHER_KIND.format(
                    label=label, key=key, kind=getattr(other, "kind", "?")))
                return
        if unit.obj is not None:
            self._compare(unit, label, key, values)
            return
        history = getattr(model, "history", None)
        if history is not None and history.filter(**lookup).exists():
            # It existed and no row has its identity now: an editor deleted or re-keyed it.
            unit.gone = True
            self.report.removed.append(f"{label} {key}")
            return
        unit.obj = self._save(unit, model(), values, REASON_CREATED, key)
        self.report.created[label] = self.report.created.get(label, 0) + 1

    def _save(self, unit: _Unit, obj, values: dict, reason: str, key: str):
        obj._change_reason = reason
        try:
            if isinstance(obj, Alias):
                for f, value in values.items():
                    setattr(obj, f.attname, value)
                return alias_save(alias=obj)
            if isinstance(obj, StatusClaim):
                for f, value in values.items():
                    setattr(obj, f.attname, value)
                return claim_save(claim=obj)
            return record_save(record=obj, data={
                (f.name if f.many_to_many else f.attname): (list(v) if f.many_to_many else v)
                for f, v in values.items()})
        except ValidationError as error:
            raise self._fail(INVALID, unit, key=key, error="; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in
                getattr(error, "message_dict", {"": error.messages}).items())) from error

    # Rows that exist.

    def _compare(self, unit: _Unit, label: str, key: str, values: dict) -> None:
        obj = unit.obj
        touched = _editor_fields(obj)
        changes = []
        for f, wanted in values.items():
            if not f.editable:
                continue  # computed (an alias's folded form, an entity's kind): not the file's to set
            if f.many_to_many:
                stored = set(getattr(obj, f.name).values_list("pk", flat=True))
            else:
                stored = getattr(obj, f.attname)
            if stored == wanted:
                continue
            editor = touched is ALL or f.name in touched or (f.many_to_many and bool(touched))
            changes.append(Change(label, key, f.name, _shown(stored), _shown(wanted), editor))
        self.report.changes.extend(changes)
        apply = [c for c in changes if not c.editor]
        if self.update and apply:
            data = {f: v for f, v in values.items() if f.name in {c.field for c in apply}}
            self._save(unit, obj, data, REASON_UPDATED, key)
            self.report.updated.extend(apply)


ALL = object()


def _editor_fields(obj) -> set | object:
    """Names of the fields an editor changed, or ALL when an editor's entry is the row's first."""
    touched, previous = set(), None
    if not hasattr(obj, "history"):
        return touched
    for record in obj.history.order_by("history_date", "history_id"):
        if record.history_user_id is not None:
            if previous is None:
                return ALL
            touched |= set(record.diff_against(previous).changed_fields)
        previous = record
    return touched


def _shown(value):
    return sorted(value) if isinstance(value, set) else value
