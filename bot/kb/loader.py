"""Load the knowledge files into the database: validate everything, then upsert.

Validation reads every file and reports each problem with its file, entry and field; if
there is any, nothing is written. Otherwise the database is brought in line with the files
in one transaction: new entries are added, changed ones updated, and entries no longer in
the files removed. Loading the same files twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.kb.contract import check_contract
from bot.kb.problems import KnowledgeError, Problem
from bot.kb.schema import KINDS, KINDS_BY_NAME, Field, Kind

Entry = Dict[str, Any]
Knowledge = Dict[str, List[Entry]]


@dataclass
class KindChanges:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0


@dataclass
class LoadReport:
    """What a load changed, per kind."""

    changes: Dict[str, KindChanges] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(c.added or c.updated or c.removed for c in self.changes.values())

    def summary(self) -> str:
        rows = [
            f"{name:22} +{c.added} ~{c.updated} -{c.removed} ={c.unchanged}"
            for name, c in self.changes.items()
        ]
        return "\n".join(rows)


def read_knowledge(directory: Path) -> Knowledge:
    """Read and validate every knowledge file in ``directory``.

    Raises:
        KnowledgeError: listing every problem found, if there is any.
    """
    problems: List[Problem] = []
    knowledge: Knowledge = {}
    for kind in KINDS:
        entries, file_problems = _read_file(directory / kind.file_name, kind)
        problems.extend(file_problems)
        knowledge[kind.name] = entries
    expected = {kind.file_name for kind in KINDS}
    if directory.is_dir():
        for path in sorted(directory.glob("*.y*ml")):
            if path.name not in expected:
                problems.append(
                    Problem(path.name, None, None, "unknown knowledge file (expected one of "
                            + ", ".join(sorted(expected)) + ")")
                )
    if not problems:
        problems.extend(_check_references(knowledge))
        problems.extend(_check_aliases(knowledge))
        problems.extend(check_contract(knowledge))
    if problems:
        raise KnowledgeError(problems)
    return knowledge


def _read_file(path: Path, kind: Kind) -> Tuple[List[Entry], List[Problem]]:
    name = path.name
    if not path.is_file():
        return [], [Problem(name, None, None, "file is missing")]
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        return [], [Problem(name, None, None, f"not valid YAML{line}")]
    except UnicodeDecodeError:
        return [], [Problem(name, None, None, "not UTF-8 text")]
    if not isinstance(document, dict) or set(document) != {kind.name}:
        return [], [Problem(name, None, None, f"must hold exactly one top-level key '{kind.name}'")]
    raw_entries = document[kind.name] or []
    if not isinstance(raw_entries, list):
        return [], [Problem(name, None, kind.name, "must be a list of entries")]

    problems: List[Problem] = []
    entries: List[Entry] = []
    seen: set = set()
    for position, raw in enumerate(raw_entries, start=1):
        if not isinstance(raw, dict):
            problems.append(Problem(name, f"#{position}", None, "entry must be a mapping"))
            continue
        label = str(raw.get("id") or f"#{position}")
        entry, entry_problems = _validate_entry(raw, kind, name, label)
        problems.extend(entry_problems)
        if entry_problems:
            continue
        if entry["id"] in seen:
            problems.append(Problem(name, label, "id", "duplicate id"))
            continue
        seen.add(entry["id"])
        entries.append(entry)
    return entries, problems


def _validate_entry(raw: Entry, kind: Kind, file: str, label: str) -> Tuple[Entry, List[Problem]]:
    problems: List[Problem] = []
    fields = {f.name: f for f in kind.all_fields}
    for key in raw:
        if key not in fields:
            problems.append(Problem(file, label, str(key), "unknown field"))
    entry: Entry = {}
    for spec in fields.values():
        value = raw.get(spec.name)
        if value is None or value == "" or value == []:
            if spec.required:
                problems.append(Problem(file, label, spec.name, "is required"))
            entry[spec.name] = [] if spec.type in ("strings", "refs") else spec.default
            continue
        converted, message = _convert(value, spec)
        if message:
            problems.append(Problem(file, label, spec.name, message))
        entry[spec.name] = converted
    if not problems and not _is_slug(entry["id"]):
        problems.append(
            Problem(file, label, "id", "must be a slug: lower-case letters, digits and '_'")
        )
    return entry, problems


def _convert(value: Any, spec: Field) -> Tuple[Any, Optional[str]]:
    if spec.type in ("text", "ref"):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return None, f"must be text, not {type(value).__name__}"
        text = str(value).strip()
        if spec.choices and text not in spec.choices:
            return None, f"'{text}' is not one of: {', '.join(spec.choices)}"
        return text, None
    if spec.type == "bool":
        if not isinstance(value, bool):
            return None, f"must be true or false, not {value!r}"
        return value, None
    if spec.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return None, f"must be a whole number, not {value!r}"
        return value, None
    if spec.type == "date":
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date):
            return value, None
        try:
            return dt.date.fromisoformat(str(value)), None
        except ValueError:
            return None, f"must be a date (YYYY-MM-DD), not {value!r}"
    if spec.type in ("strings", "refs"):
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            return None, "must be a list of non-empty text items"
        return [item.strip() for item in value], None
    if spec.type == "outline":
        if not isinstance(value, list) or not all(
            isinstance(item, dict)
            and set(item) == {"area", "percent"}
            and isinstance(item["area"], str)
            and isinstance(item["percent"], int)
            for item in value
        ):
            return None, "must be a list of {area: text, percent: whole number}"
        return [{"area": item["area"], "percent": item["percent"]} for item in value], None
    raise ValueError(f"unknown field type {spec.type}")  # a bug in schema.py, not in the data


def _is_slug(value: str) -> bool:
    return bool(value) and len(value) <= 64 and all(c.islower() or c.isdigit() or c == "_"
                                                     for c in value) and value[0].isalpha()


def _check_references(knowledge: Knowledge) -> List[Problem]:
    ids = {name: {entry["id"] for entry in entries} for name, entries in knowledge.items()}
    problems = []
    for kind in KINDS:
        for entry in knowledge[kind.name]:
            for spec in kind.all_fields:
                if spec.type not in ("ref", "refs") or not entry[spec.name]:
                    continue
                targets = entry[spec.name] if spec.type == "refs" else [entry[spec.name]]
                for target in targets:
                    if target not in ids[spec.ref]:
                        problems.append(
                            Problem(kind.file_name, entry["id"], spec.name,
                                    f"unknown {spec.ref} id '{target}'")
                        )
    return problems


def _check_aliases(knowledge: Knowledge) -> List[Problem]:
    """An alias must name one thing only, or the assistant could not tell what was meant."""
    owners: Dict[str, Tuple[str, str]] = {}
    problems = []
    for kind in KINDS:
        if not kind.has_aliases:
            continue
        for entry in knowledge[kind.name]:
            # An exact alias ("CT") clashes with another thing's alias in any casing ("ct").
            names = [(a.lower(), "aliases") for a in entry["aliases"]]
            names += [(a.lower(), "exact_aliases") for a in entry["exact_aliases"]]
            for alias, field_name in dict.fromkeys(names):
                owner = owners.setdefault(alias, (kind.name, entry["id"]))
                if owner != (kind.name, entry["id"]):
                    problems.append(
                        Problem(kind.file_name, entry["id"], field_name,
                                f"alias '{alias}' already names {owner[0]} '{owner[1]}'")
                    )
    return problems


def apply_knowledge(session: Session, knowledge: Knowledge) -> LoadReport:
    """Bring the database in line with ``knowledge`` (already validated) in ``session``.

    The caller owns the transaction (``with factory.begin() as session:``).
    """
    report = LoadReport()
    for kind in KINDS:
        changes = report.changes.setdefault(kind.name, KindChanges())
        with session.no_autoflush:
            for entry in knowledge[kind.name]:
                row = session.get(kind.model, entry["id"])
                if row is None:
                    row = kind.model()
                    _assign(session, row, kind, entry)
                    session.add(row)
                    changes.added += 1
                elif _assign(session, row, kind, entry):
                    changes.updated += 1
                else:
                    changes.unchanged += 1
        session.flush()
    for kind in reversed(KINDS):
        wanted = {entry["id"] for entry in knowledge[kind.name]}
        for row in session.scalars(select(kind.model)).all():
            if row.id not in wanted:
                session.delete(row)
                report.changes[kind.name].removed += 1
        session.flush()
    return report


def _assign(session: Session, row: Any, kind: Kind, entry: Entry) -> bool:
    """Set ``row``'s attributes from ``entry``; return whether anything changed."""
    changed = False
    for spec in kind.all_fields:
        value = entry[spec.name]
        if spec.type == "refs":
            target_model = KINDS_BY_NAME[spec.ref].model
            current = [item.id for item in getattr(row, spec.name)]
            if sorted(current) != sorted(value):
                setattr(row, spec.name, [session.get(target_model, ref) for ref in value])
                changed = True
            continue
        attribute = spec.attribute
        if getattr(row, attribute) != value:
            setattr(row, attribute, value)
            changed = True
    return changed


def load_knowledge(session: Session, directory: Path) -> LoadReport:
    """Validate the files in ``directory``, then apply them in ``session``.

    Raises:
        KnowledgeError: if any file is invalid; nothing is written then.
    """
    return apply_knowledge(session, read_knowledge(directory))


def load_knowledge_into(url: str, directory: Path) -> LoadReport:
    """Create the schema at ``url`` if needed and load ``directory`` into it, in one transaction.

    Raises:
        KnowledgeError: if any file is invalid; nothing is written then.
    """
    from sqlalchemy.orm import sessionmaker

    from bot.kb.db import create_schema, make_engine

    knowledge = read_knowledge(directory)
    engine = make_engine(url)
    try:
        create_schema(engine)
        with sessionmaker(engine, future=True).begin() as session:
            return apply_knowledge(session, knowledge)
    finally:
        engine.dispose()
