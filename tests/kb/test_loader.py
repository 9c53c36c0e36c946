"""The loader: validates every file first, then upserts in one transaction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from bot.kb import models
from bot.kb.loader import KnowledgeError, load_knowledge, read_knowledge
from bot.kb.schema import KINDS


def _counts(session) -> dict:
    return {kind.name: session.scalar(select(func.count()).select_from(kind.model))
            for kind in KINDS}


def _copy(knowledge_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir, target)
    return target


def _edit(directory: Path, kind: str, edit) -> None:
    path = directory / f"{kind}.yml"
    document = yaml.safe_load(path.read_text())
    edit(document[kind])
    path.write_text(yaml.safe_dump(document, sort_keys=False))


def test_loads_every_file_with_source_and_date(session_factory, knowledge_dir):
    with session_factory.begin() as session:
        report = load_knowledge(session, knowledge_dir)
    assert report.changed
    with session_factory() as session:
        counts = _counts(session)
        assert all(count > 0 for count in counts.values()), counts
        assert counts["roles"] == 10
        for kind in KINDS:
            if kind.is_fact:
                for row in session.scalars(select(kind.model)):
                    assert row.source is not None and row.as_of is not None
                    assert row.quality in models.QUALITIES


def test_loading_twice_changes_nothing(loaded_factory, knowledge_dir):
    with loaded_factory() as session:
        before = _counts(session)
    with loaded_factory.begin() as session:
        report = load_knowledge(session, knowledge_dir)
    assert not report.changed
    assert all(c.unchanged > 0 or c.added == 0 for c in report.changes.values())
    with loaded_factory() as session:
        assert _counts(session) == before


def test_removed_entry_is_removed_and_changed_entry_updated(loaded_factory, knowledge_dir,
                                                           tmp_path):
    directory = _copy(knowledge_dir, tmp_path)
    _edit(directory, "skills", lambda entries: entries.pop())  # nmt_radioactive_safety
    _edit(directory, "pay", lambda entries: entries[0].update(median_annual_usd=80000))
    with loaded_factory.begin() as session:
        report = load_knowledge(session, directory)
    assert report.changes["skills"].removed == 1
    assert report.changes["pay"].updated == 1
    with loaded_factory() as session:
        assert session.get(models.Skill, "nmt_radioactive_safety") is None
        pay = session.get(models.PayFigure, "radiologic_technologist_pay")
        assert pay.median_annual_usd == 80000


def test_relationships_follow_the_files(loaded_factory, knowledge_dir, tmp_path):
    directory = _copy(knowledge_dir, tmp_path)

    def drop_sonography_prerequisite(entries):
        entry = next(e for e in entries if e["id"] == "arrt_mr")
        entry["prerequisite_roles"].remove("sonographer")

    _edit(directory, "credentials", drop_sonography_prerequisite)
    with loaded_factory.begin() as session:
        load_knowledge(session, directory)
    with loaded_factory() as session:
        prerequisites = {r.id for r in session.get(models.Credential, "arrt_mr").prerequisite_roles}
        assert "sonographer" not in prerequisites and "radiologic_technologist" in prerequisites


BAD_FILES = [
    ("wrong type", "pay", lambda e: e[0].update(median_annual_usd="a lot"),
     "pay.yml, entry 'radiologic_technologist_pay', field 'median_annual_usd'"),
    ("unknown reference", "education", lambda e: e[0].update(accreditor="nobody"),
     "education.yml, entry 'radiologic_technologist_education', field 'accreditor': "
     "unknown organizations id 'nobody'"),
    ("duplicate id", "roles", lambda e: e.append(dict(e[0])),
     "roles.yml, entry 'radiologic_technologist', field 'id': duplicate id"),
    ("missing source", "skills", lambda e: e[0].pop("source"),
     "skills.yml, entry 'technical_aptitude', field 'source': is required"),
    ("bad quality", "exams", lambda e: e[0].update(quality="probably"),
     "exams.yml, entry 'arrt_radiography_exam', field 'quality'"),
    ("bad date", "terms", lambda e: e[0].update(as_of="last year"),
     "terms.yml, entry 'cqr', field 'as_of': must be a date"),
    ("unknown field", "roles", lambda e: e[0].update(salary=1),
     "roles.yml, entry 'radiologic_technologist', field 'salary': unknown field"),
    ("alias naming two things", "roles", lambda e: e[1]["aliases"].append("rad tech"),
     "alias 'rad tech' already names roles 'radiologic_technologist'"),
    ("not a slug", "sources", lambda e: e[0].update(id="ARRT site"),
     "sources.yml, entry 'ARRT site', field 'id': must be a slug"),
]


@pytest.mark.parametrize("kind, edit, expected", [b[1:] for b in BAD_FILES],
                         ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_reported_and_nothing_is_written(loaded_factory, knowledge_dir, tmp_path,
                                                     kind, edit, expected):
    directory = _copy(knowledge_dir, tmp_path)
    _edit(directory, kind, edit)
    with loaded_factory() as session:
        before = _counts(session)
    with pytest.raises(KnowledgeError) as raised:
        with loaded_factory.begin() as session:
            load_knowledge(session, directory)
    assert any(expected in str(problem) for problem in raised.value.problems), raised.value
    with loaded_factory() as session:
        assert _counts(session) == before


def test_broken_yaml_and_missing_file_are_reported(knowledge_dir, tmp_path):
    directory = _copy(knowledge_dir, tmp_path)
    (directory / "roles.yml").write_text("roles:\n  - id: [unclosed\n")
    (directory / "skills.yml").unlink()
    (directory / "notes.yml").write_text("notes: []\n")
    with pytest.raises(KnowledgeError) as raised:
        read_knowledge(directory)
    messages = [str(p) for p in raised.value.problems]
    assert any(m.startswith("roles.yml: not valid YAML at line") for m in messages), messages
    assert "skills.yml: file is missing" in messages
    assert any(m.startswith("notes.yml: unknown knowledge file") for m in messages)


def test_wrong_top_level_key_is_reported(knowledge_dir, tmp_path):
    directory = _copy(knowledge_dir, tmp_path)
    (directory / "pay.yml").write_text("salaries: []\n")
    with pytest.raises(KnowledgeError, match="pay.yml: must hold exactly one top-level key 'pay'"):
        read_knowledge(directory)


def test_uncertain_and_missing_facts_are_stored_as_such(kb):
    radiation = kb.get(models.PayFigure, "radiation_therapist_pay")
    assert radiation.median_annual_usd is None and radiation.quality == "uncertain"
    qa = kb.get(models.PayFigure, "qa_specialist_pay")
    assert qa.median_annual_usd is None and qa.quality == "not_found"
    exam = kb.get(models.Exam, "arrt_radiography_exam")
    assert exam.scored_questions == 200 and exam.duration_minutes is None
    assert exam.quality == "uncertain"
