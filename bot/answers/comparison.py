"""Side-by-side answers: roles or credentials compared, and questions about roles compared.

"CT tech vs MRI tech" compares what the roles do, their education, credentials, pay and
outlook. Afterwards "which one pays more?" or "which one needs an x-ray background?" is
answered for each compared role, from the same knowledge base as single answers. "RDCS or
RCS, which is better?" sets the credentials side by side: who awards each, whether it is a
first credential, and what it takes.
"""

from __future__ import annotations

import re
from typing import List, Optional, Sequence

from sqlalchemy.orm import Session

from bot import names
from bot.answers.core import (
    Answer,
    Reply,
    Subject,
    and_list,
    bullets,
    cite,
    money,
    sentence,
    where_to_look,
    with_article,
)
from bot.answers.eligibility import active_credentials, prerequisites_of, subject_role
from bot.kb import queries
from bot.kb.models import Credential, PayFigure, Role, State


def roles_to_compare(session: Session, subjects: Sequence[Subject]) -> List[Role]:
    """The distinct roles ``subjects`` name (a specialization counts as its role), in order."""
    found: List[Role] = []
    for subject in subjects:
        role = subject_role(session, subject)
        if role is not None and role not in found:
            found.append(role)
    return found


# What a comparison can lead with: the topic asked ("which pays more?") and its part.
ASPECTS = ("pay", "outlook", "education", "certification")


def compare(session: Session, roles: Sequence[Role], first: Optional[str] = None
            ) -> List[Reply]:
    """What the roles do, their education, credentials, pay and outlook, side by side.

    ``first``, one of ``ASPECTS``, is what the question asked ("which has more jobs?"):
    that part leads, with which role comes out ahead where the figures say, and the rest
    follows.
    """
    listed = tuple(("role", role.id) for role in roles)
    parts = {
        "duties": [Reply(names.COMPARE_DUTIES, {
            "names": " vs ".join(role.name for role in roles),
            "lines": bullets(f"{role.name}: {role.summary}" for role in roles),
            "source": cite(*roles),
        }, listed=listed)],
        "education": _education(session, roles),
        "certification": _credentials(session, roles),
        "pay": _pay(session, roles, verdict_first=first == "pay"),
        "outlook": _outlook(session, roles, verdict=first == "outlook"),
    }
    order = ["duties", "education", "certification", "pay", "outlook"]
    if first in parts and parts[first]:
        order.remove(first)
        order.insert(0, first)
    return [reply for part in order for reply in parts[part]]


# What a credential's pathway says of who may take it, for a side-by-side line.
_ROUTE = {
    "primary": "a first credential",
    "post_primary": "added to an earlier credential",
    "primary_or_post_primary": "a first credential or an added one",
}
# Words that ask which credential to choose, not only how they differ.
_CHOOSING = re.compile(r"\b(?:better|best|prefer\w*|want|worth|choose|pick|should i|go for|"
                       r"recommend\w*|respected|which one|which should)\b", re.IGNORECASE)


def compare_credentials(credentials: Sequence[Credential], text: str = "") -> List[Reply]:
    """Two or more credentials side by side, led by what the question asked.

    "Which is better?" is answered first: the sources rank no credential above another,
    and job postings say which one employers near the student ask for. "What's the
    difference?" is answered by what differs, the awarding body or only what each takes.
    Then one line each: the body, whether it is a first credential, and what it takes.
    """
    shown = and_list([c.abbreviation for c in credentials])
    roles = {c.role_id for c in credentials}
    same_career = ""
    if len(roles) == 1 and credentials[0].role is not None:
        every = "both" if len(credentials) == 2 else "all"
        same_career = f"; {every} are credentials for {with_article(credentials[0].role.name)}"
    if _CHOOSING.search(text):
        unranked = (f"Neither {credentials[0].abbreviation} nor {credentials[1].abbreviation}"
                    " is ranked above the other" if len(credentials) == 2
                    else f"None of {shown} is ranked above the others")
        lead = Reply(names.CREDENTIALS_UNRANKED,
                     {"unranked": unranked, "same_career": same_career})
    else:
        bodies = {c.organization_id for c in credentials}
        how = ("differ in who awards them and what they take" if len(bodies) > 1 else
               f"are {'both' if len(credentials) == 2 else 'all'} awarded by the "
               f"{credentials[0].organization.acronym} and differ in what they take")
        lead = Reply(names.CREDENTIALS_DIFFER,
                     {"names": shown, "how": how, "same_career": same_career})
    lines = [f"{c.abbreviation} ({c.organization.acronym}, "
             f"{_ROUTE[c.pathway] if c.status == 'active' else 'no longer awarded'}): "
             f"{c.requirements}" for c in credentials]
    return [lead, Reply(names.CREDENTIALS_SIDE_BY_SIDE, {
        "lines": bullets(lines), "source": cite(*credentials),
    }, listed=tuple((names.CERTIFICATION, c.id) for c in credentials))]


def compare_in_state(session: Session, roles: Sequence[Role], state: State) -> List[Reply]:
    """Roles compared, then "in Ohio specifically": what differs there, side by side.

    Pay and job-growth figures are national; what a state changes is licensure, so each
    role's licensure there is set side by side, what the sources do not record said so.
    """
    lines, facts = [], []
    for role in roles:
        notes = queries.licensure(session, role.id, state.id)
        facts.extend(notes)
        lines.append(f"{role.name}: " + (" ".join(sentence(note.note) for note in notes)
                                         if notes else "nothing in my sources, so I won't guess"))
    general = queries.general_licensure(session)
    return [Reply(names.COMPARE_IN_STATE, {
        "state": state.name, "lines": bullets(lines), "where": where_to_look(general),
        "source": cite(*facts, *general),
    }, listed=tuple((names.ROLE, role.id) for role in roles))]


def _education(session: Session, roles: Sequence[Role]) -> List[Reply]:
    rows = [(role, queries.education(session, role.id)) for role in roles]
    known = [(role, row) for role, row in rows if row is not None and row.award]
    replies = []
    if known:
        replies.append(Reply(names.COMPARE_EDUCATION, {
            "lines": bullets(f"{role.name}: {row.award}" for role, row in known),
            "source": cite(*(row for _, row in known)),
        }))
    replies.extend(_missing(names.COMPARE_EDUCATION_MISSING, roles, [role for role, _ in known]))
    return replies


def _credentials(session: Session, roles: Sequence[Role]) -> List[Reply]:
    lines, facts = [], []
    for role in roles:
        credentials = active_credentials(session, role)
        if credentials:
            lines.append(f"{role.name}: " + ", ".join(
                f"{c.abbreviation} ({c.organization.acronym})" for c in credentials))
            facts.extend(credentials)
    if not lines:
        return []
    return [Reply(names.COMPARE_CREDENTIALS, {"lines": bullets(lines), "source": cite(*facts)})]


def _pay(session: Session, roles: Sequence[Role], verdict_first: bool = False) -> List[Reply]:
    """Median pay side by side, and which is highest (first, when pay was asked)."""
    figures = [_known_pay(session, role) for role in roles]
    known = [figure for figure in figures if figure is not None]
    replies = []
    if known:
        replies.append(Reply(names.COMPARE_PAY, {
            "lines": bullets(f"{f.role.name}: {money(f.median_annual_usd)} ({f.period})"
                             for f in known),
            "source": cite(*known),
        }))
    if len(known) > 1:
        best = max(known, key=lambda f: f.median_annual_usd)
        highest = Reply(names.COMPARE_PAY_HIGHEST, {
            "role_name": best.role.name, "amount": money(best.median_annual_usd),
            "period": best.period})
        if verdict_first:
            replies.insert(0, highest)
        else:
            replies.append(highest)
    replies.extend(_missing(names.COMPARE_PAY_MISSING, roles, [f.role for f in known]))
    return replies


def _outlook(session: Session, roles: Sequence[Role], verdict: bool = False) -> List[Reply]:
    """Projected growth side by side; asked which has more jobs, the fastest growing first.

    Only one figure per role is weighed, and only when every role has one: a role with
    no figure is not ranked below the others.
    """
    lines, facts, growth = [], [], {}
    for role in roles:
        for row in queries.outlook(session, role.id):
            if row.growth_percent is not None:
                change = "growth" if row.growth_percent >= 0 else "decline"
                lines.append(f"{role.name} ({row.group}): {abs(row.growth_percent)}% "
                             f"{change}, {row.period}")
                facts.append(row)
                growth.setdefault(role, row)
    if not lines:
        return []
    replies = [Reply(names.COMPARE_OUTLOOK, {"lines": bullets(lines), "source": cite(*facts)})]
    if verdict and len(growth) == len(roles) > 1:
        role, best = max(growth.items(), key=lambda item: item[1].growth_percent)
        if best.growth_percent > 0:  # a decline is no growth to lead with
            replies.insert(0, Reply(names.COMPARE_OUTLOOK_FASTEST, {
                "role_name": role.name, "growth_percent": best.growth_percent,
                "period": best.period}))
    return replies


def _missing(response: str, roles: Sequence[Role], known: Sequence[Role]) -> List[Reply]:
    missing = [role.name for role in roles if role not in known]
    if not missing:
        return []
    return [Reply(response, {"role_names": and_list(missing)})]


def _known_pay(session: Session, role: Role) -> Optional[PayFigure]:
    figure = queries.pay(session, role.id)
    if figure is None or figure.median_annual_usd is None:
        return None
    return figure


def about_each(session: Session, topic: str, answer: Answer,
               roles: Sequence[Role]) -> List[Reply]:
    """A follow-up question ("how much do they earn?") answered for every compared role.

    Pay and the credentials needed first are set side by side; other topics are ``answer``
    for each role in turn.
    """
    if topic == "pay":
        return _pay(session, roles)
    if topic == "switching_roles":
        return prerequisites_of(session, roles)
    replies: List[Reply] = []
    for role in roles:
        replies.extend(answer(session, Subject(role=role.id)))
    return replies


