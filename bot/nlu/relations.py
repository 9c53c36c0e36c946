"""How the names in one message relate, from what the knowledge base says of its credentials.

A credential is awarded by a body and certifies a career, and a few share a name with their
role ("RRA" is the radiologist assistant and ARRT's R.R.A.). Read together, the names of a
message say more than each alone:

- a name a role shares with its credential names both: "how long is an RRA program";
- a body and a career it certifies once name that credential: "ARMRIT or ARRT for MRI";
- a credential named with what the student holds is held too: "sonographer w/ RDMS", and
  a role opening the message with its credentials is held ("MRI tech with ARMRIT, ...");
- a body and the career the student trains for name the credential too: "im in rad tech
  school, when can i take the registry";
- a name that only says which credential is meant is not what the question is about (the
  Rasa entity role ``bot.names.QUALIFYING``): the career a credential is named for ("RCIS vs
  ARRT(CI) for the cath lab"), the body awarding a credential named with it ("does ARDMS
  require CME to keep my RDMS"), a body named as where something was read ("on the ARRT
  site") or as what a step is for ("accredited for me to sit for the registry").

The relations are written next to the spaCy pipeline when it is built (``relations.json``)
and read at run time, so a new credential needs no retraining.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Mapping, MutableMapping, Optional, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import names
from bot.kb.models import Credential
from bot.nlu.held import opens_message_as_one

RELATIONS_FILE = "relations.json"

Entity = MutableMapping[str, Any]


@dataclass(frozen=True)
class Relations:
    """What the knowledge base says of each credential, as the extractor needs it."""

    # credential id -> the id of the body awarding it
    awarded_by: Mapping[str, str] = field(default_factory=dict)
    # credential id -> the role and specializations it certifies
    certifies: Mapping[str, FrozenSet[str]] = field(default_factory=dict)
    # a name as ``shared_key`` writes it -> (role id, credential id) it names both
    shared: Mapping[str, tuple] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"awarded_by": dict(sorted(self.awarded_by.items())),
                           "certifies": {key: sorted(value)
                                         for key, value in sorted(self.certifies.items())},
                           "shared": {key: list(value)
                                      for key, value in sorted(self.shared.items())}},
                          indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Relations":
        data = json.loads(text)
        return cls({str(k): str(v) for k, v in data.get("awarded_by", {}).items()},
                   {str(k): frozenset(v) for k, v in data.get("certifies", {}).items()},
                   {str(k): tuple(v) for k, v in data.get("shared", {}).items()})

    @property
    def bodies(self) -> FrozenSet[str]:
        return frozenset(self.awarded_by.values())


def shared_key(name: str) -> str:
    """A name without case, dots and spaces: "R.R.A." and "rra" are one name."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def relations_of(session: Session) -> Relations:
    """The relations of every credential in the knowledge base."""
    awarded_by: Dict[str, str] = {}
    certifies: Dict[str, FrozenSet[str]] = {}
    shared: Dict[str, tuple] = {}
    for credential in session.scalars(select(Credential).order_by(Credential.id)).unique():
        awarded_by[credential.id] = credential.organization_id
        careers = {credential.role_id} if credential.role_id else set()
        for specialization in credential.specializations:
            careers.add(specialization.id)
            if specialization.role_id:
                careers.add(specialization.role_id)
        certifies[credential.id] = frozenset(careers)
        role = credential.role
        if role is None:
            continue
        role_names = {shared_key(name) for name in
                      [role.name, role.also_called, *role.aliases, *role.exact_aliases] if name}
        credential_names = {shared_key(name) for name in
                            [credential.name, credential.abbreviation, *credential.aliases,
                             *credential.exact_aliases] if name}
        for name in sorted(role_names & credential_names - {""}):
            shared[name] = (role.id, credential.id)
    return Relations(awarded_by, certifies, shared)


def save_relations(relations: Relations, directory: Path) -> None:
    """Write ``relations`` next to a pipeline, where ``load_relations`` finds them."""
    (directory / RELATIONS_FILE).write_text(relations.to_json() + "\n", encoding="utf-8")


def load_relations(directory: Path) -> Relations:
    """The relations saved with a pipeline; none for a pipeline built without them."""
    path = directory / RELATIONS_FILE
    return Relations.from_json(path.read_text(encoding="utf-8")) if path.is_file() \
        else Relations()


# What says a career names people doing a job ("nuc med techs", "MRI technologist"), or the
# job itself ("to work in CT"): such a career is asked about, whatever credential is named.
_PEOPLE = re.compile(r"(?:techs?|technologists?|graphers?|ists?|ians?|assistants?)\s*$",
                     re.IGNORECASE)
_WORKING = re.compile(r"\bwork(?:s|ing)?\s+(?:in|as)\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)
# A career the student heads for is the goal, whatever credential it takes: "want to add
# vascular ... the route to RVT", "how do i get into IR, do i need ARRT(VI) first".
_HEADING = re.compile(r"\b(?:add|adding|into|in\s+to|to\s+do|doing|switch\s+to|go\s+to|"
                      r"become|becoming|cross[\s-]?train\s+(?:in|to))\s+(?:an?\s+)?$",
                      re.IGNORECASE)
# Between a body and the career its credential is for: "ARRT for MRI", "ARRT registry for
# radiography", "the ARDMS exam in vascular".
_BODY_FOR = re.compile(r"^\s*(?:(?:registry|exam|exams|boards?|cert|certification|"
                       r"credential|test)\s+)?(?:for|in)\s+(?:the\s+)?$", re.IGNORECASE)
# A body named as a place to read: "on the ARRT site", "ARDMS's website".
_WEBSITE = re.compile(r"^\s*(?:'s\s+)?(?:web\s*site|site|page|homepage|portal)\b",
                      re.IGNORECASE)
# A body as what a step is for: "accredited for me to sit for the registry".
_FOR_ME_TO = re.compile(r"\bfor\s+(?:me|you|us|them|him|her|students?|grads?)\s+to\s+"
                        r"(?:be\s+able\s+to\s+)?(?:sit|take|get)\s+(?:for\s+)?(?:the\s+|their\s+)?$",
                        re.IGNORECASE)
_ASIDE = (names.HELD, names.NOT_MEANT, names.NEEDED, names.STUDYING)
CAREERS = (names.ROLE, names.SPECIALIZATION)


def related(text: str, entities: List[Entity], relations: Relations) -> List[Entity]:
    """``entities`` read together: shared names doubled, bodies composed, qualifiers marked."""
    entities = _shared_names(text, entities, relations)
    entities = _composed(text, entities, relations)
    _opening_with(text, entities)
    _held_with(text, entities)
    credentials = [entity for entity in entities
                   if entity.get("entity") == names.CERTIFICATION
                   and entity.get("value") in relations.awarded_by
                   and entity.get("role") != names.NOT_MEANT]
    for entity in entities:
        if entity.get("role") in _ASIDE:
            continue
        if _qualifies(text, entity, credentials, relations):
            entity["role"] = names.QUALIFYING
    return entities


def _shared_names(text: str, entities: List[Entity], relations: Relations) -> List[Entity]:
    """A name a role shares with its credential, as both ("what is the R.R.A.?")."""
    added = []
    present = {(entity.get("entity"), entity.get("value")) for entity in entities}
    for entity in entities:
        if entity.get("entity") not in (names.ROLE, names.CERTIFICATION):
            continue
        pair = relations.shared.get(shared_key(_said(text, entity)))
        if not pair:
            continue
        other = (names.CERTIFICATION, pair[1]) if entity["entity"] == names.ROLE \
            else (names.ROLE, pair[0])
        if other not in present:
            present.add(other)
            added.append({**entity, "entity": other[0], "value": other[1]})
    return sorted(entities + added, key=lambda entity: entity.get("start") or 0)


# Between a role the student holds and the credentials they hold with it: "sonographer w/
# RDMS", "sonographer w RDMS and RVT", "sonographer here (RDMS abd/OB)".
_WITH = re.compile(r"^\s*(?:(?:here\s*)?\(|,|\band\b|&|\+|w/|\bw\b|\bwith\b)\s*"
                   r"(?:(?:the|my|an?)\s+)?$", re.IGNORECASE)


def _held_with(text: str, entities: List[Entity]) -> None:
    """A credential named with a role held, as held: "sonographer w/ RDMS and RVT"."""
    before: Optional[Entity] = None
    chained = False  # ``before`` is a role held, or a credential held with one
    for entity in entities:
        if (chained and before is not None
                and entity.get("entity") == names.CERTIFICATION and "role" not in entity
                and isinstance(before.get("end"), int) and isinstance(entity.get("start"), int)
                and _WITH.match(text[before["end"]:entity["start"]])):
            entity["role"] = names.HELD
        else:
            chained = entity.get("entity") in CAREERS and entity.get("role") == names.HELD
        before = entity


def _composed(text: str, entities: List[Entity], relations: Relations) -> List[Entity]:
    """A body and a career it certifies once, as that credential: "ARRT for MRI".

    The career is the one named just after the body, else the one the student trains for,
    wherever it is named ("second year of rad tech school, when can i take the registry"),
    unless the message asks about another ("in rad tech school, does ARRT do sonography?").
    """
    for position, entity in enumerate(entities):
        body = entity.get("value")
        if entity.get("entity") != names.CERTIFICATION or body not in relations.bodies \
                or body in relations.awarded_by or not isinstance(entity.get("end"), int):
            continue
        career = next((other for other in entities[position + 1:]
                       if other.get("entity") in CAREERS and isinstance(other.get("start"), int)
                       and _BODY_FOR.match(text[entity["end"]:other["start"]])), None)
        if career is None and not any(other.get("entity") in CAREERS
                                      and other.get("role") not in _ASIDE
                                      for other in entities):
            studied = [other for other in entities if other.get("entity") in CAREERS
                       and other.get("role") == names.STUDYING]
            career = studied[0] if len(studied) == 1 else None
        if career is None:
            continue
        credential = _only_credential(body, career["value"], relations)
        if credential is not None:
            entity["value"] = credential
    return entities


def _only_credential(body: str, career: str, relations: Relations) -> Optional[str]:
    found = [credential for credential, awarder in relations.awarded_by.items()
             if awarder == body and career in relations.certifies.get(credential, ())]
    return found[0] if len(found) == 1 else None


# A role opening the message with its credentials, then the question: "MRI tech with ARMRIT,
# if i move ...", "sonographer w RDMS and RVT, whats the pay bump". Not a group ("MRI techs
# with ARMRIT, do they ..."), and not a career with what is done in it ("CT with contrast").
_WITH_CREDENTIAL = re.compile(r"^\s*(?:w/|\bw\b|\bwith\b)\s*(?:the\s+|my\s+|an?\s+)?$",
                              re.IGNORECASE)
_CLAUSE_ENDS = re.compile(r"^\s*(?:[,.;:!]|here\b|\(|-)", re.IGNORECASE)


def _opening_with(text: str, entities: List[Entity]) -> None:
    """A role opening the message with the credentials it holds, as held."""
    if len(entities) < 2:
        return
    first, second = entities[0], entities[1]
    start, end = first.get("start"), first.get("end")
    if first.get("entity") != names.ROLE or first.get("role") \
            or second.get("entity") != names.CERTIFICATION \
            or not isinstance(start, int) or not isinstance(end, int) \
            or not isinstance(second.get("start"), int) \
            or not opens_message_as_one(text, start, end) \
            or not _WITH_CREDENTIAL.match(text[end:second["start"]]):
        return
    last = second
    for entity in entities[2:]:  # "w RDMS and RVT"
        if entity.get("entity") != names.CERTIFICATION or not isinstance(last.get("end"), int) \
                or not isinstance(entity.get("start"), int) \
                or not _WITH.match(text[last["end"]:entity["start"]]):
            break
        last = entity
    if isinstance(last.get("end"), int) and _CLAUSE_ENDS.match(text[last["end"]:]):
        first["role"] = names.HELD


def _qualifies(text: str, entity: Entity, credentials: Sequence[Entity],
               relations: Relations) -> bool:
    """Whether ``entity`` only says which credential, or where, or what for."""
    kind, value = entity.get("entity"), entity.get("value")
    start, end = entity.get("start"), entity.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return False
    others = [credential for credential in credentials if credential is not entity]
    if kind in CAREERS:
        if shared_key(_said(text, entity)) in relations.shared:
            return False  # "RRA" is the role as much as its credential
        named_for = any(value in relations.certifies.get(c["value"], ()) for c in others)
        return named_for and not _PEOPLE.search(text[start:end]) \
            and not _WORKING.search(text[:start]) and not _HEADING.search(text[:start])
    if kind == names.CERTIFICATION and value in relations.bodies \
            and value not in relations.awarded_by:
        return (any(relations.awarded_by.get(c["value"]) == value for c in others)
                or bool(_WEBSITE.match(text[end:])) or bool(_FOR_ME_TO.search(text[:start])))
    return False


def _said(text: str, entity: Entity) -> str:
    start, end = entity.get("start"), entity.get("end")
    return text[start:end] if isinstance(start, int) and isinstance(end, int) else ""
