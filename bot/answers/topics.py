"""One answer function per kind of question; ``bot.questions`` maps each topic to its own."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import List, Optional, Sequence, Tuple

from sqlalchemy.orm import Session

from bot import names
from bot.answers.core import (
    NeedsRole,
    Reply,
    Subject,
    bullets,
    cite,
    listing,
    money,
    official_site,
    sentence,
    where_to_look,
    with_article,
)
from bot.answers.eligibility import (
    POST_PRIMARY,
    ROLE_CONFUSION,
    credential_reply,
    prerequisites_from,
    prerequisites_of,
    routes,
    who_may_sit,
)
from bot.answers.planner import primary_roles
from bot.kb import queries
from bot.kb.models import (
    NUMBERLESS_QUALITIES,
    Credential,
    Organization,
    Role,
    Specialization,
    State,
)


def _role(session: Session, subject: Subject) -> Role:
    """The role the question is about, or ``NeedsRole``."""
    role = _optional_role(session, subject)
    if role is None:
        raise NeedsRole()
    return role


def _optional_role(session: Session, subject: Subject) -> Optional[Role]:
    """The role named, or the one practising the specialization named ("MRI" → MRI tech)."""
    if subject.role:
        return queries.role(session, subject.role)
    if subject.specialization:
        specialization = queries.specialization(session, subject.specialization)
        if specialization is not None:
            return specialization.role
    if subject.certification:
        credential = queries.credential(session, subject.certification)
        if credential is not None:
            return credential.role
    return None


def credential_name(credential: Credential) -> str:
    """One credential named in a list: abbreviation, name and body."""
    return f"{credential.abbreviation} ({credential.name}, {credential.organization.acronym})"


def credential_line(credential: Credential) -> str:
    """One credential in a list: abbreviation, name, body and what it takes to earn it."""
    return f"{credential_name(credential)}: {credential.requirements}"


def role_overview(session: Session, subject: Subject) -> List[Reply]:
    """What a role does; where it is done, and what it asks of the body, with "More detail".

    A specialization no one role practises ("what does a bone density tech do?") is said
    with who may take it up, as its own answer says.
    """
    if subject.specialization and _optional_role(session, subject) is None:
        specialization = queries.specialization(session, subject.specialization)
        if specialization is not None:
            return _specialization_replies(session, specialization)
    role = _role(session, subject)
    known = [reply.as_detail() for reply in work_setting(session, subject)
             if reply.response not in (names.WORK_SETTING_UNKNOWN,
                                       names.PHYSICAL_DEMANDS_UNKNOWN)]
    return [Reply(names.ROLE_OVERVIEW, {"role_name": _display_name(role), "summary": role.summary,
                                    "source": cite(role)})] + known


def _note(text: Optional[str]) -> str:
    """Knowledge-base text as a sentence of its own, or nothing."""
    return f"{sentence(text)}." if text else ""


def _display_name(role: Role) -> str:
    return f"{role.name} ({role.also_called})" if role.also_called else role.name


def roles_list(session: Session, subject: Subject) -> List[Reply]:
    """Every role the knowledge base knows."""
    roles = queries.all_roles(session)
    return [Reply(names.ROLES_LIST, {"roles": bullets(_display_name(role) for role in roles),
                                 "count": len(roles)},
                  listed=tuple((names.ROLE, role.id) for role in roles))]


def education(session: Session, subject: Subject) -> List[Reply]:
    """The education a role needs: award, program length, coursework, accreditor."""
    role = _role(session, subject)
    row = queries.education(session, role.id)
    if row is None or row.quality == "not_found" or not row.award:
        details = _note(row.details if row is not None else None)
        return [Reply(names.EDUCATION_UNKNOWN, {"role_name": role.name, "details": details})]
    replies = [Reply(names.EDUCATION, {"role_name": role.name, "award": row.award,
                                   "source": cite(row)})]
    if row.coursework:
        replies.append(Reply(names.EDUCATION_COURSEWORK, {"coursework": row.coursework},
                             detail=True))
    if row.details:
        replies.append(Reply(names.EDUCATION_DETAILS, {"details": row.details}, detail=True))
    if row.accreditor:
        replies.append(_accreditor_reply(role, row.accreditor, row).as_detail())
    return replies


def _accreditor_reply(role: Role, accreditor: Organization, fact) -> Reply:
    return Reply(names.ACCREDITATION, {
        "role_name": role.name,
        "accreditor_name": accreditor.name,
        "accreditor_acronym": accreditor.acronym,
        "accreditor_description": accreditor.description,
        "source": cite(fact, accreditor),
    })


def accreditation(session: Session, subject: Subject) -> List[Reply]:
    """Who accredits a role's programs, or what an accrediting body is."""
    organization = _named_organization(session, subject)
    if organization is not None:
        return [_organization_reply(organization)]
    role = _role(session, subject)
    row = queries.education(session, role.id)
    if row is not None and row.accreditor is not None:
        return [_accreditor_reply(role, row.accreditor, row)]
    details = _note(row.details if row is not None else None)
    return [Reply(names.ACCREDITATION_UNKNOWN, {"role_name": role.name, "details": details})]


def _named_organization(session: Session, subject: Subject) -> Optional[Organization]:
    for candidate in (subject.term, subject.certification):
        if candidate:
            organization = queries.organization(session, candidate)
            if organization is not None:
                return organization
    return None


def _organization_reply(organization: Organization) -> Reply:
    return Reply(names.ORGANIZATION, {
        "acronym": organization.acronym,
        "name": organization.name,
        "description": organization.description,
        "url": organization.url or "",
        "source": cite(organization),
    })


def certification(session: Session, subject: Subject) -> List[Reply]:
    """The credentials a role needs, or one credential or body and what it awards."""
    if subject.certification:
        credential = queries.credential(session, subject.certification)
        if credential is not None:
            return [credential_reply(credential)] + _ways_in(credential)
        organization = queries.organization(session, subject.certification)
        if organization is not None and organization.credentials:
            source = cite(organization, *organization.credentials)
            return listing(Reply(names.ORGANIZATION_CREDENTIALS, {
                "acronym": organization.acronym, "name": organization.name,
                "source": source,
            }), "credentials", [credential_line(c) for c in organization.credentials], source)
    if subject.specialization and not subject.role:
        return specializations(session, subject)
    role = _role(session, subject)
    credentials = queries.role_credentials(session, role.id)
    if not credentials:
        return [Reply(names.CERTIFICATION_NONE, {"role_name": role.name})]
    source = cite(*credentials)
    return [Reply(names.CERTIFICATION_FOR_ROLE, {
        "role_name": role.name, "credentials": bullets(credential_name(c) for c in credentials),
        "source": source,
    }, listed=tuple((names.CERTIFICATION, c.id) for c in credentials)),
        Reply(names.CREDENTIAL_REQUIREMENTS, {
            "credentials": bullets(credential_line(c) for c in credentials), "source": source,
        }, detail=True)]


def _ways_in(credential: Credential) -> List[Reply]:
    """Who may earn an open credential, route by route, as details of its answer.

    "Can a nurse sit for the ARRT(CT)?": the answer's lead says what it takes; the routes
    say for whom, with "More detail".
    """
    if credential.status != "active" or not credential.routes:
        return []
    return [Reply(names.CREDENTIAL_ROUTES, {
        "credentials": credential.abbreviation, "routes": bullets(routes([credential])),
        "source": cite(*credential.routes),
    }, detail=True)]


def acronym(session: Session, subject: Subject) -> List[Reply]:
    """What an abbreviation stands for, whichever kind of thing it names."""
    candidates = [subject.term, subject.certification, subject.specialization]
    for candidate in filter(None, candidates):
        found = queries.term(session, candidate)
        if found is not None and found.explains == ROLE_CONFUSION:
            return [Reply(names.ROLE_CONFUSION, {"description": sentence(found.description),
                                             "source": cite(found)})]
        if found is not None:
            return [Reply(names.ACRONYM, {"acronym": found.acronym, "expansion": found.expansion,
                                      "description": found.description,
                                      "source": cite(found)})]
        organization = queries.organization(session, candidate)
        if organization is not None:
            return [_organization_reply(organization)]
        credential = queries.credential(session, candidate)
        if credential is not None:
            return [credential_reply(credential)]
        specialization = queries.specialization(session, candidate)
        if specialization is not None:
            return [Reply(names.ACRONYM, {"acronym": specialization.name,
                                      "expansion": specialization.name,
                                      "description": specialization.description,
                                      "source": cite(specialization)})]
    if subject.role:
        return role_overview(session, subject)
    return [Reply(names.ACRONYM_UNKNOWN)]


def exam(session: Session, subject: Subject) -> List[Reply]:
    """The known facts about a credential's exam, and who may sit it as a detail."""
    return _exam(session, subject) + who_may_sit(session, subject, ())


def exam_from(session: Session, subject: Subject, held: Sequence[Role]) -> List[Reply]:
    """``exam``, with who may sit it said from the roles the student holds."""
    return _exam(session, subject) + who_may_sit(session, subject, held)


def _exam(session: Session, subject: Subject) -> List[Reply]:
    """The known facts about a credential's exam; unknown numbers are said to be unknown."""
    named = _named_credentials(session, subject)
    role = None
    if named:
        credentials = named
    else:
        role = _role(session, subject)
        credentials = [c for c in queries.role_credentials(session, role.id)
                       if c.status == "active"]
    replies: List[Reply] = []
    for credential in credentials:
        for row in credential.exams:
            variables = {"abbreviation": credential.abbreviation, "source": cite(row),
                         "url": official_site(row)}
            if row.questions:
                response = names.EXAM_SCORED_QUESTIONS if row.scored_only else names.EXAM_QUESTIONS
                replies.append(Reply(response, {**variables, "questions": row.questions}))
            if row.duration_minutes:
                hours, minutes = divmod(row.duration_minutes, 60)
                replies.append(Reply(names.EXAM_DURATION, {**variables, "hours": hours,
                                                       "minutes": minutes}))
            # What the exam covers and the notes on it are details, unless they are all
            # that is known.
            if row.content_outline:
                outline = bullets(f"{item['area']}: {item['percent']}%"
                                  for item in row.content_outline)
                replies.append(Reply(names.EXAM_OUTLINE, {**variables, "outline": outline},
                                     detail=bool(replies)))
            if row.notes:
                replies.append(Reply(names.EXAM_NOTES, {**variables, "notes": row.notes},
                                     detail=bool(replies)))
    if not replies:
        listed_names = (", ".join(c.abbreviation for c in credentials)
                        or (role.name if role is not None else subject.certification) or "")
        sites = sorted({c.organization.url for c in credentials if c.organization.url})
        replies.append(Reply(names.EXAM_UNKNOWN, {"credentials": listed_names,
                                              "url": ", ".join(sites) or "the certifying body"}))
    return replies


def specializations_from(session: Session, subject: Subject,
                         held: Sequence[Role]) -> List[Reply]:
    """Specializing from the role the student holds: "can a sonographer do CT?".

    With a specialty, credential or other role named, the ways in from what is held lead
    (``prerequisites_from``); with nothing named but what is held ("I'm a rad tech, what
    can I specialize in?"), the specializations there are.
    """
    held_ids = {role.id for role in held}
    role = _optional_role(session, subject)
    credential = subject.certification and queries.credential(session, subject.certification)
    if subject.specialization or credential or (role is not None and role.id not in held_ids):
        return prerequisites_from(session, subject, held)
    return specializations(session, subject)


def specializations(session: Session, subject: Subject) -> List[Reply]:
    """The specializations there are, those open to a role, or how to reach one."""
    if subject.specialization:
        found = queries.specialization(session, subject.specialization)
        if found is not None:
            return _specialization_replies(session, found)
    post_primary = queries.explaining(session, POST_PRIMARY)
    role = _optional_role(session, subject)
    replies: List[Reply] = []
    if role is not None:
        reachable = queries.specializations_reachable_from(session, role.id)
        own = [s for s in role.specializations if s not in reachable]
        if reachable:
            replies += _specializations(
                Reply(names.SPECIALIZATIONS_FROM_ROLE, {"role_name": role.name}), reachable,
                [f"{s.name}: {', '.join(c.abbreviation for c in s.credentials)}"
                 for s in reachable])
        elif own:
            replies += _specializations(
                Reply(names.SPECIALIZATIONS_FROM_ROLE, {"role_name": role.name}), own,
                [f"{s.name}: {s.description}" for s in own])
        else:
            replies.append(Reply(names.SPECIALIZATIONS_NONE_FROM_ROLE, {"role_name": role.name}))
    else:
        rows = [s for s in queries.all_specializations(session) if s.credentials]
        replies += _specializations(
            Reply(names.SPECIALIZATIONS_LIST), rows,
            [f"{s.name} ({', '.join(c.abbreviation for c in s.credentials)})" for s in rows])
    if post_primary is not None:
        replies.append(Reply(names.POST_PRIMARY, {"description": post_primary.description,
                                                  "source": cite(post_primary)}, detail=True))
    return replies


def _specializations(reply: Reply, specializations: List[Specialization],
                     lines: List[str]) -> List[Reply]:
    """``reply`` listing ``lines`` (one a specialization), which "the first one" can name."""
    source = cite(*specializations)
    reply = replace(reply, variables={**reply.variables, "source": source},
                    listed=tuple((names.SPECIALIZATION, s.id) for s in specializations))
    return listing(reply, "specializations", lines, source)


# How many words of the ways into a specialization its answer leads with.
SPECIALIZATION_ROUTE_WORDS = 25


def _specialization_replies(session: Session, specialization: Specialization) -> List[Reply]:
    """A specialization and its credentials; what each takes and who may earn it after."""
    credentials = specialization.credentials
    source = cite(specialization, *credentials)
    replies = [Reply(names.SPECIALIZATION_REPLY, {
        "name": specialization.name,
        "description": specialization.description,
        "credentials": bullets(credential_name(c) for c in credentials) or "-",
        "source": source,
    })]
    if credentials:
        replies.append(Reply(names.CREDENTIAL_REQUIREMENTS, {
            "credentials": bullets(credential_line(c) for c in credentials), "source": source,
        }, detail=True))
    # How to get there leads, as far as it fits beside the credentials' names.
    ways_in = routes(c for c in credentials if c.pathway != "primary")
    if ways_in:
        replies += listing(Reply(names.SPECIALIZATION_PREREQUISITES,
                                 {"name": specialization.name}),
                           "routes", ways_in, source, budget=SPECIALIZATION_ROUTE_WORDS,
                           shortest_first=True)
    if any(c.pathway != "primary" for c in credentials):
        post_primary = queries.explaining(session, POST_PRIMARY)
        if post_primary is not None:
            replies.append(Reply(names.POST_PRIMARY, {"description": post_primary.description,
                                                      "source": cite(post_primary)},
                                 detail=True))
    return replies


def _named_credentials(session: Session, subject: Subject) -> List[Credential]:
    """The credential the question names, or every credential of the body it names."""
    if not subject.certification:
        return []
    credential = queries.credential(session, subject.certification)
    if credential is not None:
        return [credential]
    organization = queries.organization(session, subject.certification)
    return list(organization.credentials) if organization is not None else []


def _certification_label(session: Session, subject: Subject) -> str:
    credential = queries.credential(session, subject.certification)
    if credential is not None:
        return credential.abbreviation
    return queries.organization(session, subject.certification).acronym


def continuing_education(session: Session, subject: Subject) -> List[Reply]:
    """The renewal and continuing-education rules for a credential, body or role.

    A term naming a rule ("does CQR apply to me?") gets that rule, whoever asks.
    """
    named = queries.continuing_education_named(session, subject.term) if subject.term else []
    if named:
        term = queries.term(session, subject.term)
        source = cite(*named)
        return listing(Reply(names.CONTINUING_EDUCATION, {"subject": term.acronym,
                                                          "source": source}),
                       "rules", [f"{rule.title}: {rule.requirement}" for rule in named], source)
    credentials = _named_credentials(session, subject)
    subject_name = _certification_label(session, subject) if credentials else ""
    role_id = None
    if not credentials:
        role = _role(session, subject)
        credentials = [c for c in queries.role_credentials(session, role.id)
                       if c.status == "active"]
        subject_name, role_id = role.name, role.id
    rules = queries.continuing_education_for(session, credentials, role_id)
    if not rules:
        return [Reply(names.CONTINUING_EDUCATION_UNKNOWN, {"subject": subject_name})]
    source = cite(*rules)
    return listing(Reply(names.CONTINUING_EDUCATION, {"subject": subject_name,
                                                      "source": source}),
                   "rules", [f"{rule.title}: {rule.requirement}" for rule in rules], source,
                   shortest_first=True)


def _for_role_or_all(role: Optional[Role], for_role: str, general: str, facts: dict) -> Reply:
    """The role's version of a response when a role is known, else the general one."""
    if role is None:
        return Reply(general, facts)
    return Reply(for_role, {"role_name": role.name, **facts})


def clinical_experience(session: Session, subject: Subject) -> List[Reply]:
    """Clinical experience in general and for a role."""
    role = _optional_role(session, subject)
    rows = queries.clinical_experience(session, role.id if role else None)
    source = cite(*rows)
    reply = _for_role_or_all(role, names.CLINICAL_EXPERIENCE,
                             names.CLINICAL_EXPERIENCE_GENERAL, {"source": source})
    return listing(reply, "facts", [row.description for row in rows], source, shortest_first=True)


def pay(session: Session, subject: Subject) -> List[Reply]:
    """Median pay for a role with its period and source, or all known figures.

    The figures are national: asked about a state, the answer says so first.
    """
    replies = _pay(session, subject)
    return _national(session, subject, replies, names.PAY_NATIONAL_ONLY,
                     (names.PAY, names.PAY_OVERVIEW))


def _national(session: Session, subject: Subject, replies: List[Reply], response: str,
              figures: Tuple[str, ...]) -> List[Reply]:
    """``replies``, after saying that their figures are national when a state is asked about.

    Only when they give a figure: "no reliable figure" needs no such note.
    """
    state = queries.state(session, subject.state) if subject.state else None
    if state is None or not any(reply.response in figures for reply in replies):
        return replies
    return [Reply(response, {"state": state.name})] + replies


def _pay(session: Session, subject: Subject) -> List[Reply]:
    role = _optional_role(session, subject)
    if role is None:
        figures = [f for f in queries.all_pay(session) if f.median_annual_usd]
        return [Reply(names.PAY_OVERVIEW, {
            "figures": bullets(f"{f.role.name}: {money(f.median_annual_usd)} ({f.period})"
                               for f in figures),
            "source": cite(*figures),
        })]
    figure = queries.pay(session, role.id)
    if figure is None or figure.median_annual_usd is None:
        notes = _note(figure.notes if figure is not None else None)
        return [Reply(names.PAY_UNKNOWN, {"role_name": role.name, "notes": notes})]
    return [Reply(names.PAY, {"role_name": role.name, "amount": money(figure.median_annual_usd),
                          "period": figure.period, "source": cite(figure)})]


def outlook(session: Session, subject: Subject) -> List[Reply]:
    """Projected growth (or decline) for a role, or the field's outlook in general.

    A role's recorded gap is said plainly, then the field's general outlook follows. The
    figures are national: asked about a state, the answer says so first.
    """
    return _national(session, subject, _outlook(session, subject),
                     names.OUTLOOK_NATIONAL_ONLY,
                     (names.OUTLOOK, names.OUTLOOK_GROWTH_ONLY, names.OUTLOOK_DECLINE))


def _outlook(session: Session, subject: Subject) -> List[Reply]:
    role = _optional_role(session, subject)
    rows = queries.outlook(session, role.id if role else None)
    figures = [row for row in rows
               if row.growth_percent is not None and row.quality not in NUMBERLESS_QUALITIES]
    replies = [_outlook_figure(row) for row in figures]
    if role is not None and not figures:
        gaps = [row for row in rows if row.role_id is not None]
        notes = " ".join(_note(row.notes) for row in gaps if row.notes)
        replies.append(Reply(names.OUTLOOK_NO_FIGURE, {"role_name": role.name, "notes": notes}))
    general = rows if role is None else (
        [] if figures else queries.outlook(session, None))
    for row in general:
        if row.growth_percent is None and row.role_id is None:
            replies.append(Reply(names.OUTLOOK_GENERAL, {"notes": row.notes or "",
                                                         "source": cite(row)},
                                 detail=bool(replies)))
    return replies


def _outlook_figure(row) -> Reply:
    facts = {"group": row.group, "growth_percent": abs(row.growth_percent),
             "period": row.period, "source": cite(row)}
    if row.growth_percent < 0:
        return Reply(names.OUTLOOK_DECLINE, facts)
    if row.annual_openings:
        return Reply(names.OUTLOOK, {**facts, "openings": f"{row.annual_openings:,}"})
    return Reply(names.OUTLOOK_GROWTH_ONLY, facts)


def skills(session: Session, subject: Subject) -> List[Reply]:
    """Skills and qualities, general and for a role."""
    role = _optional_role(session, subject)
    rows = queries.skills(session, role.id if role else None)
    facts = {"skills": bullets(row.name for row in rows), "source": cite(*rows)}
    return [_for_role_or_all(role, names.SKILLS, names.SKILLS_GENERAL, facts)]


def licensure(session: Session, subject: Subject) -> List[Reply]:
    """What is known about licensure for a role, in general or in a named state.

    In a state the knowledge base has nothing on, the student is told so and pointed to
    where every state's licensing body is listed; nothing is guessed about that state.
    """
    role = _optional_role(session, subject)
    state = queries.state(session, subject.state) if subject.state else None
    if state is not None:
        return _state_licensure(session, role, state)
    replies = []
    if role is not None:
        notes = queries.licensure(session, role.id)
        if notes:
            source = cite(*notes)
            replies += listing(Reply(names.LICENSURE, {"role_name": role.name,
                                                       "source": source}),
                               "notes", [sentence(n.note) for n in notes], source,
                               shortest_first=True)
    general = queries.general_licensure(session)
    varies = Reply(names.LICENSURE_VARIES, {"where": where_to_look(general),
                                            "source": cite(*general)})
    replies.append(varies.as_detail() if replies else varies)
    return replies


def _state_licensure(session: Session, role: Optional[Role], state: State) -> List[Reply]:
    notes = queries.licensure(session, role.id if role else None, state.id)
    general = queries.general_licensure(session)
    variables = {"state": state.name, "role_name": role.name if role else "imaging",
                 "where": where_to_look(general)}
    if not notes:
        return [Reply(names.LICENSURE_STATE_UNKNOWN, {**variables, "source": cite(*general)})]
    lines = [f"{n.body}: {sentence(n.note)}" if n.body else sentence(n.note) for n in notes]
    return [Reply(names.LICENSURE_STATE, {**variables, "notes": bullets(lines),
                                      "source": cite(*notes)}),
            Reply(names.LICENSURE_STATE_CHECK, {**variables, "source": cite(*general)})]


def program_length(session: Session, subject: Subject) -> List[Reply]:
    """How long each route through school to a role takes, and who each route is for.

    Asked of no role ("which imaging job can I get into the fastest?"): how long the
    program that starts each career takes, the shortest first.
    """
    role = _optional_role(session, subject)
    if role is None:
        return _first_programs(session)
    rows = queries.programs(session, role.id)
    known = [row for row in rows if row.length]
    if not known:
        notes = " ".join(_note(row.notes) for row in rows if row.notes)
        return [Reply(names.PROGRAM_LENGTH_UNKNOWN, {"role_name": role.name, "notes": notes})]
    first = known[0]
    # "two years full time"; a requirement counted in hours is no full-time duration
    full_time = " full time" if months(first.length) else ""
    lead = f"{sentence(first.length)}{full_time}, for {with_article(first.award or 'program')}"
    if first.audience:
        lead += f", the route for {first.audience}"
    source = cite(*rows)
    replies = [Reply(names.PROGRAM_LENGTH, {"role_name": role.name, "lead": lead,
                                            "source": cite(first)})]
    others = [_program_line(row) for row in rows if row is not first]
    if others:
        replies.append(Reply(names.PROGRAM_LENGTH_OTHERS, {
            "role_name": role.name, "programs": bullets(others), "source": source,
        }, detail=True))
    return replies


# A length's first figure: "two years", "21 months", "one to four years", "16 hours".
_LENGTH = re.compile(r"\b([\d,]+|one|two|three|four|five|six)\b(?:\s+to\s+\S+)?(?:\s+[a-z-]+)?"
                     r"\s+(years?|months?|weeks?|hours?)\b", re.IGNORECASE)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def months(length: str) -> Optional[int]:
    """The months a program takes, when its length is stated first in years or months.

    "16 hours of structured education, done within the 24 months before applying" is
    hours of a requirement, not a program's length: ``None``.
    """
    found = _LENGTH.search(length or "")
    if found is None or found.group(2).lower().startswith(("week", "hour")):
        return None
    count = _NUMBERS.get(found.group(1).lower()) or int(found.group(1).replace(",", ""))
    return count * 12 if found.group(2).lower().startswith("year") else count


def _first_programs(session: Session) -> List[Reply]:
    """Each first career's first program stated in years or months, the shortest first.

    A career whose sources give no such length (MRI: "1,000 hours of documented clinical
    training", ARRT's 16 hours of structured education) is left out rather than guessed.
    """
    rows = []
    for role in primary_roles(session):
        row = next((row for row in queries.programs(session, role.id)
                    if months(row.length) and not row.after_certification), None)
        if row is not None:
            rows.append((role, row))
    if not rows:
        raise NeedsRole()
    rows.sort(key=lambda pair: months(pair[1].length))
    source = cite(*(row for _, row in rows))
    # who each program is for says whether it is a way in for this student ("people who
    # are already health professionals")
    lines = [f"{role.name}: {row.length}" + (f" ({row.award})" if row.award else "")
             + (f", for {row.audience}" if row.audience else "") for role, row in rows]
    return listing(Reply(names.PROGRAM_LENGTH_OVERVIEW, {"source": source}), "programs",
                   lines, source)


def _program_line(row) -> str:
    parts = [f"{sentence(row.award)}: {row.length}" if row.award and row.length
             else sentence(row.award or row.length or row.notes or "")]
    if row.audience:
        parts.append(f"for {row.audience}")
    if row.notes and (row.award or row.length):
        parts.append(row.notes)
    return "; ".join(parts)


def work_setting(session: Session, subject: Subject) -> List[Reply]:
    """Where a role works; what the work asks of the body is a detail."""
    role = _role(session, subject)
    replies: List[Reply] = []
    for aspect, known, unknown in (
            ("work_setting", names.WORK_SETTING, names.WORK_SETTING_UNKNOWN),
            ("physical_demands", names.PHYSICAL_DEMANDS, names.PHYSICAL_DEMANDS_UNKNOWN)):
        rows = queries.work_conditions(session, role.id, aspect)
        facts = [row for row in rows if row.quality not in NUMBERLESS_QUALITIES]
        if facts:
            source = cite(*facts)
            found = listing(Reply(known, {"role_name": role.name, "source": source}), "facts",
                            [sentence(f.description) for f in facts], source, shortest_first=True)
        else:
            found = [Reply(unknown, {"role_name": role.name})]
        replies += [reply.as_detail() for reply in found] if replies else found
    return replies


def high_school(session: Session, subject: Subject) -> List[Reply]:
    """What to study in high school to prepare for a role."""
    role = _role(session, subject)
    rows = [row for row in queries.high_school(session, role.id) if row.subjects]
    if not rows:
        return [Reply(names.HIGH_SCHOOL_UNKNOWN, {"role_name": role.name})]
    lines = [sentence(row.subjects) + (f" ({row.notes})" if row.notes else "") for row in rows]
    return [Reply(names.HIGH_SCHOOL, {"role_name": role.name, "subjects": bullets(lines),
                                  "source": cite(*rows)})]


def pathway(session: Session, subject: Subject) -> List[Reply]:
    """The steps of the pathway; asked about a role, its own first steps lead.

    "How do I become a CT tech?" is answered first by what a CT technologist starts with,
    then by the steps every imaging career goes through (in a state, what its law adds,
    the license, leads, and the rest comes with "More detail"); whether its credentials need an
    earlier one ("do I have to be a rad tech first?") and what each step involves come
    with "More detail".
    """
    steps = queries.pathway_steps(session)
    replies = []
    role = _optional_role(session, subject)
    if role is not None:
        row = queries.education(session, role.id)
        if row is not None and row.award:
            replies.append(Reply(names.PATHWAY_ROLE_NOTE, {
                "role_name": role.name, "a_role_name": with_article(role.name),
                "award": row.award, "source": cite(row)}))
        # what its credentials need first comes with "More detail"; asked yes or no ("do
        # I have to be a rad tech first?"), it leads (``bot.answers.verdicts``)
        replies.extend(reply.as_detail() for reply in prerequisites_of(session, [role])
                       if reply.response != names.PREREQUISITES_UNKNOWN)
    state = queries.state(session, subject.state) if subject.state else None
    if state is not None:
        # "we're in Wisconsin, if that changes anything": the steps do not; the license may
        # what the state adds leads ("we're in Wisconsin, if that changes anything"); the
        # steps, the same everywhere, come with "More detail"
        replies = [reply.as_detail() for reply in replies]
        replies.append(Reply(names.PATHWAY_IN_STATE, {"state": state.name}))
        licensure_there = _state_licensure(session, role, state)
        replies += licensure_there[:1] + [reply.as_detail() for reply in licensure_there[1:]]
    steps_line = Reply(names.PATHWAY, {
        "steps": " → ".join(f"{s.position}. {s.title}" for s in steps),
        "source": cite(*steps),
    })
    replies.append(steps_line.as_detail() if state is not None else steps_line)
    replies.append(Reply(names.PATHWAY_STEPS, {
        "steps": "\n".join(f"{s.position}. {s.title}: {s.description}" for s in steps),
        "source": cite(*steps),
    }, detail=True))
    return replies
