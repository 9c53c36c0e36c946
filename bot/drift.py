"""Drift between the knowledge base, the training data and the dialogue, found in ``make validate``.

The knowledge base, the NLU data, the domain and the stories are edited by different people
at different times. These checks catch what Rasa's validator cannot see, each problem with
its file and line:

* every role, credential and specialization of the knowledge base is reachable: a message
  that names it (by its name, abbreviation or an alias) is recognised as it, by the project's
  spaCy pipeline and typo matcher;
* every entity value written in the stories, rules, test stories and the domain's buttons,
  every synonym, and every entry of a lookup table named after an entity, names something
  that exists (a knowledge-base id, a topic of ``bot.questions``);
* no career outside imaging (``data/nlu/other_careers.yml``) is also a knowledge-base name;
* every intent of the domain has a rule or a story, and no rule or story names an intent or
  an action the domain does not have.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Set, Tuple

import yaml

from bot import names
from bot.settings import PROJECT_ROOT

# "[text]{"entity": "role", "value": "sonographer"}" in a story's user text.
_ANNOTATION = re.compile(r"\]\s*(\{[^{}]*\})")
_PAYLOAD = re.compile(r"^/(?P<intent>[A-Za-z_][A-Za-z0-9_]*)(?P<entities>\{.*\})?$", re.DOTALL)
# Intents Rasa itself handles, which need no rule or story of the project's.
_RASA_INTENTS = frozenset({"restart", "back", "session_start", "nlu_fallback"})


@dataclass(frozen=True)
class Problem:
    """One drift problem, where it is."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        try:
            where = self.path.relative_to(PROJECT_ROOT)
        except ValueError:
            where = self.path
        return f"{where}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Located:
    """A value read from a YAML file, with its line (1-based)."""

    value: str
    path: Path
    line: int


def _compose(path: Path) -> Optional[yaml.Node]:
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None  # Rasa's own validation reports broken YAML


def _pairs(node: yaml.Node) -> Iterator[Tuple[yaml.Node, yaml.Node]]:
    """Every key/value pair of every mapping under ``node``."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key, value
            yield from _pairs(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _pairs(item)


def _scalar(node: yaml.Node) -> Optional[str]:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


@dataclass
class DialogueReferences:
    """What the stories and rules name: intents, actions and entity values, located."""

    intents: List[Located]
    actions: List[Located]
    entity_values: List[Tuple[str, Located]]


def dialogue_references(paths: Iterable[Path]) -> DialogueReferences:
    """The intents, actions and entity values the story and rule files name."""
    found = DialogueReferences([], [], [])
    for path in paths:
        root = _compose(path)
        if root is None:
            continue
        for key, value in _pairs(root):
            name = _scalar(key)
            if name == "intent" and _scalar(value):
                found.intents.append(Located(_scalar(value), path, _line(value)))
            elif name == "action" and _scalar(value):
                found.actions.append(Located(_scalar(value), path, _line(value)))
            elif name in ("slot_was_set", "entities") and isinstance(value, yaml.SequenceNode):
                for item in value.value:
                    if isinstance(item, yaml.MappingNode):
                        for slot, slot_value in item.value:
                            if _scalar(slot) and _scalar(slot_value) is not None:
                                found.entity_values.append((_scalar(slot), Located(
                                    _scalar(slot_value), path, _line(slot_value))))
            elif name == "user" and _scalar(value):
                for annotation in _ANNOTATION.finditer(_scalar(value)):
                    try:
                        entity = json.loads(annotation.group(1))
                    except ValueError:
                        continue
                    if isinstance(entity, dict) and entity.get("entity") and "value" in entity:
                        line = _line(value) + (1 if value.style in ("|", ">") else 0) + \
                            _scalar(value)[:annotation.start()].count("\n")
                        found.entity_values.append((str(entity["entity"]), Located(
                            str(entity["value"]), path, line)))
    return found


def payloads(path: Path) -> Iterator[Tuple[str, Dict[str, object], int]]:
    """(intent, entities, line) of every button payload (``/intent{...}``) in ``path``."""
    root = _compose(path)
    if root is None:
        return
    for key, value in _pairs(root):
        text = _scalar(value)
        if _scalar(key) != "payload" or not text:
            continue
        text = text.replace("{{", "{").replace("}}", "}")  # escaped for Rasa's interpolation
        match = _PAYLOAD.match(text.strip())
        if not match:
            continue
        try:
            entities = json.loads(match.group("entities") or "{}")
        except ValueError:
            entities = None
        yield match.group("intent"), entities if isinstance(entities, dict) else {}, _line(value)


def known_values(knowledge: Dict[str, List[dict]]) -> Dict[str, Set[str]]:
    """The values each entity may take: knowledge-base ids, topics, positions."""
    from bot.questions import QUESTIONS

    organizations = knowledge.get("organizations", [])
    ids = {kind: {entry["id"] for entry in knowledge.get(kind, [])}
           for kind in ("roles", "credentials", "specializations", "terms", "states",
                        "starting_points")}
    return {
        names.ROLE: ids["roles"],
        names.CERTIFICATION: ids["credentials"] | {o["id"] for o in organizations
                                                   if o.get("kind") == "certifying"},
        names.SPECIALIZATION: ids["specializations"],
        names.TERM: ids["terms"] | {o["id"] for o in organizations
                                    if o.get("kind") != "certifying"},
        names.STATE: ids["states"],
        names.STAGE: ids["starting_points"],
        names.TOPIC: {question.topic for question in QUESTIONS} | {names.PLAN_PATHWAY},
    }


def _kb_names(knowledge: Dict[str, List[dict]]) -> Dict[str, Tuple[str, str]]:
    """Every name and alias of a role, credential or specialization: (label, id), lower case."""
    found = {}
    for kind, label in (("roles", names.ROLE), ("credentials", names.CERTIFICATION),
                        ("specializations", names.SPECIALIZATION)):
        for entry in knowledge.get(kind, []):
            for text in _names_of(entry):
                found.setdefault(text.lower(), (label, entry["id"]))
    return found


def _names_of(entry: dict) -> List[str]:
    texts = [entry.get("name"), entry.get("abbreviation")]
    texts += list(entry.get("aliases") or []) + list(entry.get("exact_aliases") or [])
    return [str(text) for text in texts if text]


def unreachable(knowledge: Dict[str, List[dict]], recognise) -> List[Tuple[str, str, str]]:
    """(kind, id, name) of each role, credential and specialization no message finds.

    ``recognise(text)`` returns the (label, id) pairs the NLU finds in ``text``.
    """
    missing = []
    for kind, label in (("roles", names.ROLE), ("credentials", names.CERTIFICATION),
                        ("specializations", names.SPECIALIZATION)):
        for entry in knowledge.get(kind, []):
            texts = _names_of(entry)
            if not any((label, entry["id"]) in set(recognise(text)) for text in texts):
                missing.append((kind, entry["id"], str(entry.get("name") or entry["id"])))
    return missing


def pipeline_recogniser(pipeline_dir: Path):
    """``recognise(text)`` on the project's built spaCy pipeline and typo matcher."""
    import spacy

    from bot.nlu.entities import EntityFinder, load_fuzzy_aliases

    nlp = spacy.load(pipeline_dir)
    finder = EntityFinder(load_fuzzy_aliases(pipeline_dir))

    def recognise(text: str) -> List[Tuple[str, str]]:
        return [(match.label, match.value) for match in finder.find(nlp(text))]

    return recognise


def _lookup_entries(path: Path) -> Iterator[Tuple[str, str, Located]]:
    """(kind, table, entry) for each lookup-table and synonym entry of an NLU file."""
    root = _compose(path)
    if not isinstance(root, yaml.MappingNode):
        return
    for key, value in root.value:
        if _scalar(key) != "nlu" or not isinstance(value, yaml.SequenceNode):
            continue
        for block in value.value:
            if not isinstance(block, yaml.MappingNode):
                continue
            fields = {_scalar(k): v for k, v in block.value}
            for kind in ("lookup", "synonym"):
                if kind in fields and "examples" in fields and _scalar(fields[kind]):
                    examples = fields["examples"]
                    first = _line(examples) + (1 if examples.style == "|" else 0)
                    for offset, line in enumerate(str(examples.value).splitlines()):
                        entry = line.strip()
                        if entry.startswith("- "):
                            yield kind, _scalar(fields[kind]), Located(
                                entry[2:].strip(), path, first + offset)


def check(root: Path = PROJECT_ROOT, recognise=None) -> List[Problem]:
    """Every drift problem in the project at ``root``."""
    from bot.kb.loader import read_knowledge

    knowledge = read_knowledge(root / "data" / "knowledge")
    domain_path = root / "domain.yml"
    domain = yaml.safe_load(domain_path.read_text(encoding="utf-8")) or {}
    intents = {next(iter(item)) if isinstance(item, dict) else str(item)
               for item in domain.get("intents") or []}
    actions = set(domain.get("actions") or []) | set(domain.get("responses") or {}) \
        | {form for form in domain.get("forms") or {}}
    values = known_values(knowledge)
    problems: List[Problem] = []

    def unknown_value(entity: str, located: Located, where: str) -> None:
        if entity in values and located.value not in values[entity]:
            problems.append(Problem(located.path, located.line,
                                    f"{where} names the {entity} '{located.value}', which the "
                                    "knowledge base does not have"))

    # Stories, rules and test stories.
    dialogue_files = sorted((root / "data" / "stories").glob("*.yml")) + sorted(
        (root / "data" / "rules").glob("*.yml"))
    test_files = sorted((root / "tests" / "stories").glob("*.yml"))
    training = dialogue_references(dialogue_files)
    tests = dialogue_references(test_files)
    for references in (training, tests):
        for located in references.intents:
            if located.value not in intents | _RASA_INTENTS:
                problems.append(Problem(located.path, located.line,
                                        f"the intent '{located.value}' is not in domain.yml"))
        for located in references.actions:
            if located.value not in actions and located.value not in _RASA_ACTIONS:
                problems.append(Problem(located.path, located.line,
                                        f"the action '{located.value}' is not in domain.yml"))
        for entity, located in references.entity_values:
            unknown_value(entity, located, "this step")
    used = {located.value for located in training.intents}
    domain_lines = _intent_lines(domain_path)
    for intent in sorted(intents - used - _RASA_INTENTS):
        problems.append(Problem(domain_path, domain_lines.get(intent, 1),
                                f"the intent '{intent}' has no rule or story"))

    # Buttons in the domain.
    for intent, entities, line in payloads(domain_path):
        if intent not in intents:
            problems.append(Problem(domain_path, line,
                                    f"a button sends the intent '{intent}', which is not in "
                                    "domain.yml"))
        for entity, value in entities.items():
            unknown_value(entity, Located(str(value), domain_path, line), "a button")

    # NLU lookup tables and synonyms.
    kb_names = _kb_names(knowledge)
    for path in sorted((root / "data" / "nlu").glob("*.yml")):
        for kind, table, located in _lookup_entries(path):
            if kind == "synonym":
                if not any(table in ids for ids in values.values()):
                    problems.append(Problem(located.path, located.line,
                                            f"the synonym '{table}' is not a knowledge-base id"))
            elif table in values and located.value.lower() not in kb_names:
                problems.append(Problem(located.path, located.line,
                                        f"the {table} lookup entry '{located.value}' names "
                                        "nothing in the knowledge base"))
            elif table == names.OTHER_CAREER and located.value.lower() in kb_names:
                label, id_ = kb_names[located.value.lower()]
                problems.append(Problem(located.path, located.line,
                                        f"'{located.value}' is listed as a career outside "
                                        f"imaging, but it names the {label} '{id_}'"))

    # Reachability.
    if recognise is not None:
        for kind, id_, name in unreachable(knowledge, recognise):
            problems.append(Problem(root / "data" / "knowledge" / f"{kind}.yml",
                                    _entry_line(root / "data" / "knowledge" / f"{kind}.yml", id_),
                                    f"no message can name '{name}' ({id_}): neither its name "
                                    "nor an alias is recognised as it (rebuild the spaCy "
                                    "pipeline, or add an alias)"))
    return problems


# Rasa's own actions, which stories and rules may name without the domain listing them.
_RASA_ACTIONS = frozenset({"action_listen", "action_restart", "action_session_start",
                           "action_default_fallback", "action_deactivate_loop",
                           "action_revert_fallback_events", "action_default_ask_affirmation",
                           "action_default_ask_rephrase", "action_two_stage_fallback",
                           "action_unlikely_intent", "action_back", "action_extract_slots"})


def _intent_lines(domain_path: Path) -> Dict[str, int]:
    root = _compose(domain_path)
    lines: Dict[str, int] = {}
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if _scalar(key) == "intents" and isinstance(value, yaml.SequenceNode):
                for item in value.value:
                    node = item.value[0][0] if isinstance(item, yaml.MappingNode) else item
                    if _scalar(node):
                        lines[_scalar(node)] = _line(node)
    return lines


def _entry_line(path: Path, id_: str) -> int:
    root = _compose(path)
    for key, value in _pairs(root) if root is not None else ():
        if _scalar(key) == "id" and _scalar(value) == id_:
            return _line(value)
    return 1
