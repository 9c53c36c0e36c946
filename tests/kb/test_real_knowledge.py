"""Invariants of the real knowledge files (data/knowledge): no figures, only rules.

The facts change as they are corrected, so nothing here names a figure or a fact's id;
these rules hold whatever the facts are. Each check reads the files itself (not through
the loader), so that one broken rule is reported on its own, naming every entry that
breaks it. The code's behaviour is tested on the fixture knowledge base instead.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

from bot.kb.contract import STRUCTURAL_NUMBERS, UNVERIFIABLE_SOURCE_KINDS
from bot.kb.loader import KnowledgeError, load_knowledge_into, read_knowledge
from bot.kb.models import NUMBERLESS_QUALITIES, QUALITIES, STEP_KINDS
from bot.kb.schema import KINDS
from bot.settings import DEFAULT_KNOWLEDGE_DIR

Entries = Dict[str, List[Dict[str, Any]]]
FACT_KINDS = [kind for kind in KINDS if kind.is_fact]


@pytest.fixture(scope="module")
def raw() -> Entries:
    """Every file's entries as written (a missing or broken file reads as no entries)."""
    entries: Entries = {}
    for kind in KINDS:
        path = DEFAULT_KNOWLEDGE_DIR / kind.file_name
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            document = {}
        listed = document.get(kind.name) if isinstance(document, dict) else None
        entries[kind.name] = [e for e in listed or [] if isinstance(e, dict)]
    return entries


def _label(kind: str, entry: Dict[str, Any]) -> str:
    return f"{kind}:{entry.get('id')}"


def test_the_files_load_cleanly(tmp_path: Path):
    try:
        read_knowledge(DEFAULT_KNOWLEDGE_DIR)
    except KnowledgeError as error:
        pytest.fail(str(error))
    # And the database accepts them (its own constraints: unique keys, checks).
    report = load_knowledge_into(f"sqlite:///{tmp_path / 'real.db'}", DEFAULT_KNOWLEDGE_DIR)
    assert report.changed


def test_every_fact_has_a_source_a_date_and_a_quality(raw):
    missing = [f"{_label(kind.name, e)} ({field})" for kind in FACT_KINDS
               for e in raw[kind.name] for field in ("source", "as_of", "quality")
               if e.get(field) in (None, "")]
    assert not missing, missing
    bad = [_label(kind.name, e) for kind in FACT_KINDS for e in raw[kind.name]
           if e["quality"] not in QUALITIES]
    assert not bad, bad


def test_every_source_of_a_fact_has_a_url_or_is_a_seed_document(raw):
    sources = {source.get("id"): source for source in raw["sources"]}
    cited = {e.get("source") for kind in FACT_KINDS for e in raw[kind.name]}
    unlinked = sorted(str(source_id) for source_id in cited if source_id in sources
                      and not sources[source_id].get("url")
                      and sources[source_id].get("kind") != "seed")
    assert not unlinked, unlinked


def test_no_uncertain_or_missing_fact_states_a_number(raw):
    stated = []
    for kind in FACT_KINDS:
        numbers = [f.name for f in kind.all_fields
                   if f.type in ("int", "outline") and f.name not in STRUCTURAL_NUMBERS]
        for entry in raw[kind.name]:
            if entry.get("quality") in NUMBERLESS_QUALITIES:
                stated += [f"{_label(kind.name, entry)}.{name}" for name in numbers
                           if entry.get(name) not in (None, [])]
    assert not stated, stated


def test_no_verified_fact_comes_from_a_secondary_or_seed_source(raw):
    kinds = {source.get("id"): source.get("kind") for source in raw["sources"]}
    wrong = [f"{_label(kind.name, e)} ({kinds.get(e.get('source'))} source {e.get('source')})"
             for kind in FACT_KINDS for e in raw[kind.name]
             if e.get("quality") == "verified"
             and kinds.get(e.get("source")) in UNVERIFIABLE_SOURCE_KINDS]
    assert not wrong, wrong


def test_every_alias_names_one_thing(raw):
    owners = defaultdict(set)
    for kind in KINDS:
        if kind.has_aliases:
            for entry in raw[kind.name]:
                for alias in (entry.get("aliases") or []) + (entry.get("exact_aliases") or []):
                    owners[str(alias).strip().lower()].add(_label(kind.name, entry))
    shared = {alias: sorted(names) for alias, names in owners.items() if len(names) > 1}
    assert not shared, shared


def test_no_alias_is_a_piece_of_a_contraction(raw):
    """spaCy splits "can't" into "ca" and "n't": an alias "ca" would read it as California."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    pieces = {token.lower_ for special in tokenizer.rules for token in tokenizer(special)
              if token.lower_ != special.lower()}
    found = [(kind, entry["id"], alias) for kind, entries in raw.items() for entry in entries
             for alias in entry.get("aliases") or [] if str(alias).lower() in pieces]
    assert found == []


def test_every_reference_resolves(raw):
    ids = {name: {entry.get("id") for entry in entries} for name, entries in raw.items()}
    dangling = []
    for kind in KINDS:
        for spec in kind.all_fields:
            if spec.type not in ("ref", "refs"):
                continue
            for entry in raw[kind.name]:
                value = entry.get(spec.name)
                targets = (value or []) if spec.type == "refs" else [value]
                dangling += [f"{_label(kind.name, entry)}.{spec.name} -> {target}"
                             for target in targets
                             if target is not None and target not in ids[spec.ref]]
    assert not dangling, dangling


def test_every_role_has_exactly_one_pay_entry(raw):
    entries = defaultdict(list)
    for figure in raw["pay"]:
        entries[figure.get("role")].append(figure.get("id"))
    wrong = {role.get("id"): entries[role.get("id")] for role in raw["roles"]
             if len(entries[role.get("id")]) != 1}
    assert not wrong, wrong


def test_the_general_pathway_has_each_step_kind_once(raw):
    general = [step for step in raw["pathway_steps"] if step.get("role") is None]
    counts = {kind: [step.get("id") for step in general if step.get("kind") == kind]
              for kind in STEP_KINDS}
    assert all(len(steps) == 1 for steps in counts.values()), counts
    assert {step.get("kind") for step in general} <= set(STEP_KINDS)


def test_every_knowledge_kind_has_its_file():
    # A kind added to the models needs its file (possibly an empty list) in data/knowledge.
    present = {path.name for path in DEFAULT_KNOWLEDGE_DIR.glob("*.yml")}
    assert not {kind.file_name for kind in KINDS} - present


def test_every_role_has_a_fact_or_a_recorded_gap_for_every_topic():
    """The role x topic matrix (`make coverage`) has no hole."""
    from bot.kb.coverage import coverage, holes

    assert holes(coverage(read_knowledge(DEFAULT_KNOWLEDGE_DIR))) == []


def test_clinical_education_comes_before_the_certification_exam(raw: Entries):
    """As a student lives it: clinical education is part of the program, before the exam."""
    general = {step["kind"]: step["position"] for step in raw["pathway_steps"]
               if not step.get("role")}
    assert general["education"] < general["clinical_experience"] < general["certification"]
