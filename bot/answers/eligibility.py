"""Who may earn a credential, and what a role needs first: eligibility routes, as sourced.

"Can I do MRI without x-ray first?" is answered by the routes into MRI's credentials, the
ones that need no earlier imaging credential first. "Can a rad tech become a CT tech?" is
answered from where the student stands: the routes that start from a radiography
credential lead. Each answer says what it settles (``Reply.settles``), so that a yes/no
question is answered yes or no first (``bot.answers.verdicts``).
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Sequence, Set, Tuple

from sqlalchemy.orm import Session

from bot import names
from bot.answers.core import (
    NeedsRole,
    Reply,
    Subject,
    and_list,
    cite,
    listing,
    sentence,
    with_article,
    words,
)
from bot.kb import queries
from bot.kb.models import PRIMARY_PATHWAYS, Credential, EligibilityRoute, Role

# What the term explaining ARRT's route to a second credential is marked as explaining.
POST_PRIMARY = "post_primary_pathway"
# What the term telling a radiologist (a physician) from a technologist is marked as explaining.
ROLE_CONFUSION = "role_confusion"

# What an answer about the ways in settles, for a yes/no question (``Reply.settles``):
# a way in needs no earlier imaging credential; every way in needs one; a way in starts
# from what the student holds.
DIRECT, EARLIER, OPENED = "direct", "earlier", "opened"
# The replies that say who may earn a credential: what a question about sitting its exam
# leads with (``bot.answers.verdicts``).
CREDENTIAL_ROUTE_REPLIES = frozenset({
    names.CREDENTIAL_ROUTES, names.ROUTES_FROM_HELD, names.ROUTES_FROM_HELD_UNSETTLED,
    names.ROUTES_NOT_FROM_HELD_DIRECT, names.ROUTES_NOT_FROM_HELD,
})


def routes(credentials: Iterable[Credential]) -> List[str]:
    """Each credential's routes, one line each ("ARRT(CT): a credential in ...").

    A route the sources do not settle is said as its text says it, with the pointer to
    the body's page that the text carries; none is turned into a promise.
    """
    return [_line(route) for credential in credentials for route in credential.routes]


def _line(route: EligibilityRoute) -> str:
    return f"{route.credential.abbreviation}: {sentence(route.description)}"


def _direct(route: EligibilityRoute) -> bool:
    """Whether ``route`` is open to someone with no earlier imaging credential.

    Only an open route, settled by its source, of a credential that can be a first one:
    a post-primary credential's route that names no role ("candidates must establish
    eligibility within three years ...") is a condition, not a way in.
    """
    return (route.settled and not route.closed and not route.required_roles
            and route.credential.pathway in PRIMARY_PATHWAYS)


def _direct_first(all_routes: Sequence[EligibilityRoute]) -> List[str]:
    """The routes needing no earlier credential first; closed or unsettled ones last.

    Within each group, the shorter first.
    """
    ordered = sorted(all_routes, key=lambda route: (
        not _direct(route), route.closed or not route.settled, words(route.description)))
    return [_line(route) for route in ordered]


def _starts_from(route: EligibilityRoute, held: Set[str]) -> bool:
    """Whether ``route`` asks for the credentials of roles in ``held`` only (at least one)."""
    required = {role.id for role in route.required_roles}
    return not route.closed and bool(required) and required <= held


def active_credentials(session: Session, role: Role) -> List[Credential]:
    """The credentials of ``role`` still awarded."""
    return [c for c in queries.role_credentials(session, role.id) if c.status == "active"]


def prerequisites(session: Session, subject: Subject) -> List[Reply]:
    """Who may earn the credential or specialization named, else what a role needs first.

    "Can a sonographer earn the breast sonography credential?" is about that credential's
    routes, which say for each route which credentials it asks for. The routes that need
    no earlier credential come first: "can I do MRI without x-ray?" is answered by them.
    """
    credentials = _credentials_named(session, subject)
    if credentials:
        all_routes = [route for c in credentials for route in c.routes]
        source = cite(*all_routes)
        settles = DIRECT if any(_direct(route) for route in all_routes) else EARLIER
        return listing(Reply(names.CREDENTIAL_ROUTES, {
            "credentials": ", ".join(c.abbreviation for c in credentials), "source": source,
        }, settles=settles), "routes", _direct_first(all_routes), source)
    named = subject.certification and queries.credential(session, subject.certification)
    if named:
        # a credential whose routes the sources do not give (ARDMS's): what it takes
        return [credential_reply(named)]
    roles = _roles(session, subject)
    if not roles:
        raise NeedsRole()
    return prerequisites_of(session, roles)


def credential_reply(credential: Credential) -> Reply:
    """What a credential is, who awards it and what earning it takes."""
    response = names.CREDENTIAL if credential.status == "active" else names.CREDENTIAL_DISCONTINUED
    return Reply(response, {
        "abbreviation": credential.abbreviation,
        "name": credential.name,
        "organization_name": credential.organization.name,
        "organization_acronym": credential.organization.acronym,
        "requirements": credential.requirements,
        "source": cite(credential),
    })


def who_may_sit(session: Session, subject: Subject, held: Sequence[Role]) -> List[Reply]:
    """Who may sit the exam of the credential ``subject`` names, held back as details.

    From where the student stands when the message says ("RN here, ..."). An answer
    about an exam carries them: "how do I qualify to sit for it?" is led by them
    (``bot.answers.verdicts.leading``), "what's on it?" keeps them for "More detail".
    Nothing when no credential with routes is named.
    """
    if not subject.certification or not _credentials_named(session, subject):
        return []
    replies = (prerequisites_from(session, subject, held) if held
               else prerequisites(session, subject))
    return [reply.as_detail() for reply in replies]


def entered_directly(session: Session, specialization_id: Optional[str]) -> bool:
    """Whether a specialty can be one's first credential (MRI, echo), not only an added one.

    "How do I get started with MRI?", asked by someone who holds nothing, asks the way into
    the career; "how do I get into mammography?" asks about the specialty, which is added
    to an earlier credential.
    """
    specialization = queries.specialization(session, specialization_id) if (
        specialization_id) else None
    return specialization is not None and any(
        c.pathway in PRIMARY_PATHWAYS and c.status == "active"
        for c in specialization.credentials)


def subject_role(session: Session, subject: Subject) -> Optional[Role]:
    """The role ``subject`` names, or the one practising the specialization it names."""
    if subject.role:
        return queries.role(session, subject.role)
    if subject.specialization:
        specialization = queries.specialization(session, subject.specialization)
        return specialization.role if specialization is not None else None
    return None


def _roles(session: Session, subject: Subject) -> List[Role]:
    role = subject_role(session, subject)
    return [role] if role is not None else []


def _credentials_named(session: Session, subject: Subject) -> List[Credential]:
    """The named credential, or the named specialization's credentials, that have routes."""
    if subject.certification:
        credential = queries.credential(session, subject.certification)
        found = [credential] if credential is not None else []
    elif subject.specialization:
        specialization = queries.specialization(session, subject.specialization)
        found = list(specialization.credentials) if specialization is not None else []
    else:
        found = []
    return [c for c in found if c.routes and c.status == "active"]


def prerequisites_of(session: Session, roles: Sequence[Role]) -> List[Reply]:
    """For each role: whether it can be entered directly, or which credential comes first."""
    replies = []
    for role in roles:
        credentials = active_credentials(session, role)
        direct = [c for c in credentials if c.pathway in PRIMARY_PATHWAYS]
        if direct:
            source = cite(*direct)
            replies += listing(Reply(names.PREREQUISITES_NONE, {
                "role_name": role.name, "source": source,
            }, settles=DIRECT), "credentials",
                [f"{c.abbreviation}: {c.requirements}" for c in direct], source,
                shortest_first=True)
        elif credentials:
            all_routes = [route for c in credentials for route in c.routes]
            source = cite(*credentials, *all_routes)
            replies += listing(Reply(names.PREREQUISITES_REPLY, {
                "role_name": role.name, "source": source,
            }, settles=EARLIER), "routes", _direct_first(all_routes), source)
        else:
            replies.append(Reply(names.PREREQUISITES_UNKNOWN, {"role_name": role.name}))
    return replies


def held_roles(session: Session, held: Sequence[Tuple[str, str]]) -> List[Role]:
    """The imaging roles whose credentials ``held`` ((entity, id) pairs) stand for.

    "I'm a rad tech" holds the radiographer's credential; "I have my RDMS", the
    sonographer's; a specialization held ("I do mammo"), its role's.
    """
    found: List[Role] = []
    for entity, value in held:
        role: Optional[Role] = None
        if entity == names.ROLE:
            role = queries.role(session, value)
        elif entity == names.CERTIFICATION:
            credential = queries.credential(session, value)
            role = credential.role if credential is not None else None
        elif entity == names.SPECIALIZATION:
            specialization = queries.specialization(session, value)
            role = specialization.role if specialization is not None else None
        if role is not None and role not in found:
            found.append(role)
    return found


def prerequisites_from(session: Session, subject: Subject,
                       held: Sequence[Role]) -> List[Reply]:
    """The ways in, from the roles the student holds: "can a rad tech become a CT tech?".

    The routes that start from what is held lead ("As a radiographer, ..."); when none
    does, the answer says so, with the routes that need no earlier credential, or else
    every route. Without a role held, or a credential to reach, the plain answer.
    """
    target = _credentials_named(session, subject)
    roles = _roles(session, subject)
    if not target and roles:
        target = [c for c in active_credentials(session, roles[0]) if c.routes]
    held = [role for role in held if not roles or role.id != roles[0].id]
    if not target or not held:
        return prerequisites(session, subject)
    all_routes = [route for c in target for route in c.routes]
    source = cite(*all_routes)
    variables = {
        "a_held": with_article(and_list([role.name for role in held])),
        "goal": f"become {with_article(roles[0].name)}"
        if roles and not subject.certification and not subject.specialization
        else f"earn {and_list([c.abbreviation for c in target])}",
        "source": source,
    }
    from_held = [route for route in all_routes
                 if _starts_from(route, {role.id for role in held})]
    opened = [route for route in from_held if route.settled]
    if from_held:
        # a route the sources do not settle ("may qualify; check ...") is said as such,
        # with no verdict
        lead = (Reply(names.ROUTES_FROM_HELD, variables, settles=OPENED) if opened
                else Reply(names.ROUTES_FROM_HELD_UNSETTLED, variables))
        lines = [_line(route) for route in opened or from_held]
        rest = _direct_first([route for route in all_routes if _line(route) not in lines])
        return listing(lead, "routes", lines + rest, source, budget=words(" ".join(lines)))
    if any(_direct(route) for route in all_routes):
        return listing(Reply(names.ROUTES_NOT_FROM_HELD_DIRECT, variables, settles=DIRECT),
                       "routes", _direct_first(all_routes), source)
    return listing(Reply(names.ROUTES_NOT_FROM_HELD, variables, settles=EARLIER),
                   "routes", _direct_first(all_routes), source)
