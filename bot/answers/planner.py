"""A student's own plan: the ordered next steps from where they are to the role they want.

The pathway planner (the ``pathway_form``) asks where the student is now (a starting point
from the knowledge base), which role interests them and, for certified technologists, which
credential they hold. ``plan`` then lays out the steps that remain, in the knowledge base's
order (education → clinical experience → certification → state licensure → specialization
→ continuing education), one short line a step naming the programs, credentials, bodies
and (in the student's state, when they said) licensing rules that apply; the sources of
every step come once, at the end, and each step names the topic whose answer
tells more about it (a "Tell me more" button).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from sqlalchemy.orm import Session

from bot import names
from bot.answers.core import (
    Reply,
    and_list,
    cite,
    first_clause,
    or_list,
    sentence,
    where_to_look,
    with_article,
)
from bot.answers.eligibility import POST_PRIMARY
from bot.kb import queries
from bot.kb.models import (
    POST_PRIMARY_PATHWAYS,
    PRIMARY_PATHWAYS,
    Credential,
    PathwayStep,
    Role,
    StartingPoint,
    State,
)

# The topics (``bot.questions``) whose answers tell more about a step. They are named here,
# not imported, because the registry imports the answers.
EDUCATION = "education"
CLINICAL_EXPERIENCE = "clinical_experience"
CERTIFICATION = "certification"
PREREQUISITES = "switching_roles"
SPECIALIZING = "specializing"
CONTINUING_EDUCATION = "continuing_education"
LICENSURE = "licensure"
# Licensure notes that record only that nothing was found say nothing a plan can use.
NOTHING_FOUND = "not_found"


def starting_points(session: Session) -> List[StartingPoint]:
    """Every starting point, in the order the planner offers them."""
    return sorted(queries.all_starting_points(session), key=lambda start: start.position)


def primary_roles(session: Session) -> List[Role]:
    """The roles with a credential of their own one can hold before specializing."""
    return [role for role in queries.all_roles(session)
            if any(c.pathway in PRIMARY_PATHWAYS and c.status == "active"
                   for c in role.credentials)]


def asks_held_credential(session: Session, stage: Optional[str]) -> bool:
    """Whether the planner must ask which credential a student starting at ``stage`` holds."""
    start = session.get(StartingPoint, stage) if stage else None
    return start is not None and start.situation == "certified"


def certified_start(session: Session) -> Optional[str]:
    """The starting point of a student who already holds an imaging credential."""
    return next((start.id for start in starting_points(session)
                 if start.situation == "certified"), None)


def role_of_credentials(session: Session, credential_ids: Sequence[str]) -> Optional[str]:
    """The role a student holding these credentials works in ("RT(R)(CT)": radiography).

    A first credential's role comes before the role of one added to it.
    """
    held = [c for c in (queries.credential(session, id_) for id_ in credential_ids)
            if c is not None and c.role_id]
    first = [c for c in held if c.pathway in PRIMARY_PATHWAYS] or held
    return first[0].role_id if first else None


def outside_imaging(session: Session, stage: str) -> bool:
    """Whether ``stage`` is a job outside imaging ("I'm a nurse")."""
    start = session.get(StartingPoint, stage)
    return start is not None and start.situation == "outside_imaging"


def plan(
    session: Session, stage: str, role_id: str, current_role_id: Optional[str] = None,
    state_id: Optional[str] = None,
) -> List[Reply]:
    """The ordered next steps from ``stage`` to ``role_id``, with their sources.

    The steps come in the order of the knowledge base's general pathway; each is built by
    its kind (education, clinical experience, certification, specialization, continuing
    education), so the files decide the order and the titles.

    Args:
        session: a knowledge-base session.
        stage: the id of the student's starting point.
        role_id: the role they want.
        current_role_id: for certified technologists, the role whose credential they hold.
        state_id: the US state the student is in, if they said: its licensure rules.

    Returns:
        An introduction, the starting point's note, one reply per remaining step, a close.
    """
    start = session.get(StartingPoint, stage)
    role = queries.role(session, role_id)
    if start is None or role is None:
        raise ValueError(f"unknown starting point {stage!r} or role {role_id!r}")
    credentials = [c for c in queries.role_credentials(session, role.id) if c.status == "active"]
    current = queries.role(session, current_role_id) if current_role_id else None

    state = queries.state(session, state_id) if state_id else None
    replies = [Reply(names.PLAN_INTRO, {"role_name": role.name, "start": start.name,
                                        "where": f" in {state.name}" if state else ""},
                     listed=((("role", role.id),)))]
    if start.note:
        replies.append(_stage_note(start))
    if current is not None and current.id == role.id:
        replies.append(Reply(names.PLAN_ALREADY_QUALIFIED, {"role_name": role.name}))
        skipped = {"education", "clinical_experience", "certification", "licensure"}
        qualifying: List[Credential] = []
    else:
        qualifying = [c for c in credentials if c.pathway in POST_PRIMARY_PATHWAYS
                      and current is not None and queries.opened_by(c, {current.id})]
        # The credential held opens one of the role's credentials: no new program for
        # that one, unless the role's own program comes after certification (the
        # radiologist assistant's), and the role's other credentials are named with what
        # they take.
        after = any(p.after_certification for p in queries.programs(session, role.id))
        skipped = {"education"} if qualifying and not after else set()
    builders: Dict[str, Callable[[PathwayStep], List[Reply]]] = {
        "education": lambda step: _education_step(session, step, role, start),
        "clinical_experience": lambda step: _clinical_step(session, step, role,
                                                           bool(qualifying)),
        "certification": lambda step: (
            _post_primary_steps(session, step, role, qualifying, credentials) if qualifying
            else _certification_steps(step, role, credentials)),
        "licensure": lambda step: _licensure_step(session, step, role, state),
        "specialization": lambda step: _specialization_step(session, step, role),
        "continuing_education": lambda step: _continuing_step(session, step, role,
                                                              credentials),
    }
    # Each step's first reply is numbered; what follows it (other credentials) is not.
    steps = [builders[step.kind](step) for step in queries.pathway_steps(session)
             if step.kind not in skipped]
    for number, (first, *rest) in enumerate(filter(None, steps), start=1):
        replies.append(replace(first, variables={"number": number, **first.variables}))
        replies.extend(rest)
    replies.append(Reply(names.PLAN_CLOSE, {"role_name": role.name,
                                            "sources": _sources(replies)}))
    return replies


LICENSURE_STEPS = (names.PLAN_LICENSURE, names.PLAN_LICENSURE_STATE,
                   names.PLAN_LICENSURE_STATE_UNKNOWN)


def for_a_new_state(replies: List[Reply]) -> List[Reply]:
    """A plan already given, for the state the student has just named: what changes.

    Only the licensure step differs by state, so the student (on a phone, most likely)
    gets that step, said to be the one that changes, and the close with its own sources
    and every step's button; a plan without the step (already qualified) comes whole.
    """
    intro, close = replies[0], replies[-1]
    changed = [reply for reply in replies if reply.response in LICENSURE_STEPS]
    if not changed or "state" not in changed[0].variables:
        return replies
    return [Reply(names.PLAN_IN_A_STATE, {**intro.variables,
                                          "state": changed[0].variables["state"]},
                  listed=intro.listed),
            *changed,
            replace(close, variables={**close.variables, "sources": _sources(changed)})]


def _sources(replies: List[Reply]) -> str:
    """Every source the plan's steps cite, once each, in the order they first appear."""
    seen: List[str] = []
    for reply in replies:
        for label in str(reply.variables.get("source") or "").split("; "):
            if label and label not in seen:
                seen.append(label)
    return "; ".join(seen)


def expansions(replies: List[Reply]) -> List[Tuple[str, str]]:
    """(step title, topic) for each step of a plan that a "Tell me more" button expands."""
    return [(str(reply.variables["title"]), reply.expands) for reply in replies
            if reply.expands and "title" in reply.variables]


def _education_step(session: Session, step, role: Role, start: StartingPoint) -> List[Reply]:
    row = queries.education(session, role.id)
    if row is None or not row.award:
        return [Reply(names.PLAN_EDUCATION_UNKNOWN, {"title": step.title, "role_name": role.name})]
    in_program = start.situation == "in_program"
    response = names.PLAN_FINISH_PROGRAM if in_program else names.PLAN_EDUCATION
    facts = [row] + ([row.accreditor] if row.accreditor is not None else [])
    variables: Dict[str, object] = {"title": step.title, "award": row.award,
                                    "source": cite(*facts)}
    if row.accreditor is None:
        return [Reply(names.PLAN_EDUCATION_NO_ACCREDITOR, variables, expands=EDUCATION)]
    return [Reply(response, {**variables, "accreditor": row.accreditor.acronym},
                  expands=EDUCATION)]


def _certification_steps(step, role: Role, credentials: List[Credential]) -> List[Reply]:
    primary = [c for c in credentials if c.pathway in PRIMARY_PATHWAYS]
    if primary:
        return [Reply(names.PLAN_CERTIFY, {
            "title": step.title,
            "credentials": or_list([f"{c.abbreviation} ({c.organization.acronym})"
                                    for c in primary]),
            "source": cite(*primary),
        }, expands=CERTIFICATION)]
    if credentials:
        return [Reply(names.PLAN_CERTIFY_FIRST, {
            "title": step.title,
            "credentials": or_list([c.abbreviation for c in credentials]),
            "source": cite(*credentials, *(route for c in credentials for route in c.routes)),
        }, expands=PREREQUISITES)]
    return [Reply(names.PLAN_CERTIFY_UNKNOWN, {"title": step.title, "role_name": role.name})]


def _post_primary_steps(session: Session, step, role: Role, qualifying: List[Credential],
                        credentials: List[Credential]) -> List[Reply]:
    """The credentials the one held opens, then the role's others, named.

    A radiographer aiming at interventional work can add ARRT(VI) or ARRT(CI) by the
    post-primary route; CCI's RCIS has its own routes, and the plan says so rather than
    choosing for the student.
    """
    post_primary = queries.explaining(session, POST_PRIMARY)
    facts = qualifying + ([post_primary] if post_primary is not None else [])
    replies = [Reply(names.PLAN_POST_PRIMARY, {
        "title": step.title,
        "credentials": or_list([c.abbreviation for c in qualifying]),
        "source": cite(*facts),
    }, expands=CERTIFICATION)]
    others = [c for c in credentials if c not in qualifying]
    if others:
        replies.append(Reply(names.PLAN_OTHER_CREDENTIALS, {
            "role_name": role.name,
            "credentials": ", ".join(c.abbreviation for c in others),
            "source": cite(*others),
        }))
    return replies


def _clinical_step(session: Session, step, role: Role, post_primary: bool) -> List[Reply]:
    """What clinical experience asks: the step's own words, or the new credential's."""
    rows = queries.clinical_experience(session, role.id)
    if not rows:
        return []
    if post_primary:
        return [Reply(names.PLAN_CLINICAL_POST_PRIMARY, {"title": step.title,
                                                         "source": cite(*rows)},
                      expands=CLINICAL_EXPERIENCE)]
    return [Reply(names.PLAN_CLINICAL, {"title": step.title,
                                        "summary": first_clause(step.description),
                                        "source": cite(step)},
                  expands=CLINICAL_EXPERIENCE)]


def _licensure_step(session: Session, step, role: Role,
                    state: Optional[State]) -> List[Reply]:
    """What the law asks of the role: in the student's state if known, else in general.

    In a state, the first thing recorded there for the role (or for every role), or that
    nothing is, with where to check; without one, the role's note marked ``in_plan`` (else
    its first, else the step's own words) and an offer to say more for the student's state.
    """
    if state is not None:
        notes = [n for n in queries.licensure(session, role.id, state.id)
                 if n.quality != NOTHING_FOUND]
        if not notes:
            general = queries.general_licensure(session)
            return [Reply(names.PLAN_LICENSURE_STATE_UNKNOWN, {
                "title": step.title, "state": state.name, "role_name": role.name,
                "where": where_to_look(general), "source": cite(step, *general)},
                expands=LICENSURE)]
        first = notes[0]
        note = _first_part(first.note)
        note = f"{first.body}: {note}" if first.body else note
        return [Reply(names.PLAN_LICENSURE_STATE, {
            "title": step.title, "state": state.name, "note": note, "source": cite(first)},
            expands=LICENSURE)]
    notes = sorted((n for n in queries.licensure(session, role.id)
                    if n.quality != NOTHING_FOUND), key=lambda n: not n.in_plan)
    fact = notes[0] if notes else step
    return [Reply(names.PLAN_LICENSURE, {
        "title": step.title, "summary": _first_part(notes[0].note if notes else step.description),
        "source": cite(fact)}, expands=LICENSURE)]


def _first_part(note: str) -> str:
    """A note up to its first semicolon, as a sentence: one short line in a plan."""
    return sentence(note.split(";", 1)[0])


# How many specializations a plan names before "and N more".
SPECIALIZATIONS_NAMED = 3


def _specialization_step(session: Session, step, role: Role) -> List[Reply]:
    reachable = queries.specializations_reachable_from(session, role.id)
    if not reachable:
        return []
    named = [s.name for s in reachable[:SPECIALIZATIONS_NAMED]]
    more = len(reachable) - len(named)
    options = (f"{', '.join(named)} and {more} more" if more
               else or_list(named))
    return [Reply(names.PLAN_SPECIALIZE, {"title": step.title, "options": options,
                                          "source": cite(*reachable)},
                  expands=SPECIALIZING)]


def _continuing_step(session: Session, step, role: Role,
                     credentials: List[Credential]) -> List[Reply]:
    rules = queries.continuing_education_for(session, credentials, role.id)
    if not rules:
        return []
    titles = [rule.title for rule in rules]
    return [Reply(names.PLAN_CONTINUING, {
        "title": step.title,
        "rules": f"{', '.join(titles[:-1])} and {titles[-1]}" if len(titles) > 1 else titles[0],
        "source": cite(*rules),
    }, expands=CONTINUING_EDUCATION)]


def starting_from(session: Session, stage: str, replies: List[Reply]) -> List[Reply]:
    """``replies``, with what starting from ``stage`` means said after their first line.

    "What about if I already have a bachelor's?" after "how long is the nuc med program?"
    asks the last question again, from where the student is.
    """
    start = session.get(StartingPoint, stage)
    if start is None or not start.note:
        return replies
    return replies[:1] + [_stage_note(start)] + replies[1:]


def _stage_note(start: StartingPoint) -> Reply:
    return Reply(names.PLAN_STAGE_NOTE, {"note": sentence(start.note), "source": cite(start)})


# The first person of a starting point's name, and the second: "I'm in high school" is
# said back as "you're in high school".
_FIRST_PERSON = {"i'm": "you're", "i": "you", "my": "your", "me": "you", "i've": "you've"}


def in_second_person(words: str) -> str:
    """``words`` said by a student, said back to them: "I work in ..." → "you work in ..."."""
    return " ".join(_FIRST_PERSON.get(word.lower(), word) for word in words.split(" "))


def introduction(session: Session, stage: Optional[str] = None,
                 held_role: Optional[str] = None, state: Optional[str] = None,
                 goal: Optional[str] = None, studying: bool = False) -> List[Reply]:
    """What the assistant says to a student who says who they are and asks nothing.

    "hi im an LPN, been at a nursing home 6 yrs", "I'm a CNMT", "hi im in arizona": what
    it understood, said back in a sentence, then what the knowledge base notes of
    starting from there (sourced), if anything. The actions offer what to do next.
    ``studying``: the student is training for ``goal`` ("second year of rad school").
    """
    said = []
    role = queries.role(session, held_role) if held_role else None
    start = session.get(StartingPoint, stage) if stage else None
    wanted = queries.role(session, goal) if goal else None
    if role is not None:
        said.append(f"you're already {with_article(role.name)}")
    elif start is not None and not (studying and wanted is not None):
        said.append(in_second_person(start.name))
    if wanted is not None:
        said.append(f"you're {'training to become' if studying else 'interested in becoming'}"
                    f" {with_article(wanted.name)}")
    where = queries.state(session, state) if state else None
    if where is not None:
        said.append(f"you're in {where.name}")
    if not said:
        return [Reply(names.INTRODUCTION_NOTED_NOTHING)]
    replies = [Reply(names.INTRODUCTION_NOTED, {"said": and_list(said)})]
    if start is not None and start.note and role is None:
        replies.append(_stage_note(start))
    return replies
