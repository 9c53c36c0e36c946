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
        assert counts["roles"] == 7
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
    _edit(directory, "skills", lambda entries: entries.pop())  # mri_fixture_safety
    _edit(directory, "pay", lambda entries: entries[0].update(median_annual_usd=50001))
    with loaded_factory.begin() as session:
        report = load_knowledge(session, directory)
    assert report.changes["skills"].removed == 1
    assert report.changes["pay"].updated == 1
    with loaded_factory() as session:
        assert session.get(models.Skill, "mri_fixture_safety") is None
        pay = session.get(models.PayFigure, "radiologic_technologist_pay")
        assert pay.median_annual_usd == 50001


def test_relationships_follow_the_files(loaded_factory, knowledge_dir, tmp_path):
    directory = _copy(knowledge_dir, tmp_path)
    route_id = "arrt_breast_sonography_from_radiography_and_mammography"

    def drop_mammography(entries):
        entry = next(e for e in entries if e["id"] == route_id)
        entry["required_roles"].remove("mammographer")

    def drop_specialization(entries):
        next(e for e in entries if e["id"] == "arrt_ct")["specializations"] = []

    _edit(directory, "eligibility_routes", drop_mammography)
    _edit(directory, "credentials", drop_specialization)
    with loaded_factory.begin() as session:
        report = load_knowledge(session, directory)
    assert report.changes["eligibility_routes"].updated == 1
    assert report.changes["credentials"].updated == 1
    with loaded_factory() as session:
        route = session.get(models.EligibilityRoute, route_id)
        assert [role.id for role in route.required_roles] == ["radiologic_technologist"]
        assert session.get(models.Credential, "arrt_ct").specializations == []
        ct = session.get(models.Specialization, "ct")
        assert [c.id for c in ct.credentials] == ["nmtcb_ct"]


BAD_FILES = [
    ("wrong type", "pay", lambda e: e[0].update(median_annual_usd="a lot"),
     "pay.yml, entry 'radiologic_technologist_pay', field 'median_annual_usd'"),
    ("unknown reference", "education", lambda e: e[0].update(accreditor="nobody"),
     "education.yml, entry 'radiologic_technologist_education', field 'accreditor': "
     "unknown organizations id 'nobody'"),
    ("unknown reference in a list", "eligibility_routes",
     lambda e: e[0]["required_roles"].append("astronaut"),
     "eligibility_routes.yml, entry 'arrt_ct_from_radiography', field 'required_roles': "
     "unknown roles id 'astronaut'"),
    ("duplicate id", "roles", lambda e: e.append(dict(e[0])),
     "roles.yml, entry 'radiologic_technologist', field 'id': duplicate id"),
    ("missing source", "skills", lambda e: e[0].pop("source"),
     "skills.yml, entry 'fixture_attention', field 'source': is required"),
    ("bad quality", "exams", lambda e: e[0].update(quality="probably"),
     "exams.yml, entry 'arrt_radiography_exam', field 'quality'"),
    ("bad choice", "starting_points", lambda e: e[0].update(situation="dreaming"),
     "starting_points.yml, entry 'high_school', field 'situation': 'dreaming' is not one of"),
    ("bad date", "terms", lambda e: e[0].update(as_of="last year"),
     "terms.yml, entry 'post_primary_pathway', field 'as_of': must be a date"),
    ("unknown field", "roles", lambda e: e[0].update(salary=1),
     "roles.yml, entry 'radiologic_technologist', field 'salary': unknown field"),
    ("alias naming two things", "roles", lambda e: e[1]["aliases"].append("rad tech"),
     "alias 'rad tech' already names roles 'radiologic_technologist'"),
    ("not a slug", "sources", lambda e: e[0].update(id="ARRT site"),
     "sources.yml, entry 'ARRT site', field 'id': must be a slug"),
    ("uncertain fact with a number", "pay",
     lambda e: next(x for x in e if x["id"] == "ct_technologist_pay").update(
         median_annual_usd=1),
     "pay.yml, entry 'ct_technologist_pay', field 'median_annual_usd': an uncertain fact "
     "states no number"),
    ("verified from a secondary source", "pay", lambda e: e[0].update(quality="verified"),
     "pay.yml, entry 'radiologic_technologist_pay', field 'quality': a fact from a "
     "secondary source cannot be verified"),
    ("general pathway without a kind", "pathway_steps",
     lambda e: e.remove(next(x for x in e if x["id"] == "step_exam")),
     "pathway_steps.yml, field 'kind': the general pathway (no role) needs exactly one "
     "'certification' step, found 0"),
    ("concept explained twice", "terms",
     lambda e: next(x for x in e if x["id"] == "mqsa").update(explains="role_confusion"),
     "terms.yml, entry 'mqsa', field 'explains': 'role_confusion' is already explained by "
     "'radiologist'"),
    ("general licensure without a url", "licensure", lambda e: e[0].update(source="fx_seed"),
     "licensure.yml, field 'source': one note with no role and no state must cite a page "
     "with a url"),
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
    ct = kb.get(models.PayFigure, "ct_technologist_pay")
    assert ct.median_annual_usd is None and ct.quality == "uncertain"
    qa = kb.get(models.PayFigure, "qa_specialist_pay")
    assert qa.median_annual_usd is None and qa.quality == "not_found"
    exam = kb.get(models.Exam, "arrt_radiography_exam")
    assert (exam.questions, exam.scored_only, exam.duration_minutes) == (123, True, None)
    assert kb.get(models.Exam, "nmtcb_ct_exam").scored_only is False  # the default
    assert kb.get(models.Credential, "arrt_ct").status == "active"  # the default
    route = kb.get(models.EligibilityRoute, "arrt_breast_sonography_from_sonography")
    assert route.quality == "uncertain" and not route.settled


def test_a_knowledge_base_made_by_older_models_is_rebuilt(engine, knowledge_dir):
    """Columns that changed (a NOT NULL dropped) or a retired table: rebuilt, then loaded."""
    from sqlalchemy import inspect, text

    from bot.kb.db import create_schema
    from bot.kb.loader import load_knowledge_into

    with engine.begin() as connection:
        connection.execute(text("DROP TABLE programs"))
        connection.execute(text(
            "CREATE TABLE programs (id VARCHAR(64) PRIMARY KEY, role_id VARCHAR(64), "
            "position INTEGER NOT NULL, award TEXT NOT NULL, length TEXT, audience TEXT, "
            "notes TEXT, as_of DATE NOT NULL, quality VARCHAR(32) NOT NULL, "
            "source_id VARCHAR(64) NOT NULL)"))
        connection.execute(text(
            "CREATE TABLE credential_prerequisites (credential_id VARCHAR(64) "
            "REFERENCES credentials (id), role_id VARCHAR(64) REFERENCES roles (id))"))
    create_schema(engine)
    inspector = inspect(engine)
    assert "credential_prerequisites" not in inspector.get_table_names()
    award = next(c for c in inspector.get_columns("programs") if c["name"] == "award")
    assert award["nullable"]
    report = load_knowledge_into(engine.url.render_as_string(hide_password=False),
                                 knowledge_dir)
    assert report.changes["programs"].added == len(read_knowledge(knowledge_dir)["programs"])


def test_a_knowledge_base_whose_choices_lack_a_new_value_is_rebuilt(engine, knowledge_dir):
    """A CHECK constraint made before a kind of step existed ("licensure"): rebuilt, loaded."""
    from sqlalchemy import text
    from sqlalchemy.schema import CreateTable

    from bot.kb.db import create_schema
    from bot.kb.loader import load_knowledge_into

    ddl = str(CreateTable(models.PathwayStep.__table__).compile(engine))
    assert "'licensure', " in ddl
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE starting_point_steps"))  # refers to the steps
        connection.execute(text("DROP TABLE pathway_steps"))
        connection.execute(text(ddl.replace("'licensure', ", "")))
    create_schema(engine)
    report = load_knowledge_into(engine.url.render_as_string(hide_password=False),
                                 knowledge_dir)
    steps = read_knowledge(knowledge_dir)["pathway_steps"]
    assert any(step["kind"] == "licensure" for step in steps)
    assert report.changes["pathway_steps"].added == len(steps)
