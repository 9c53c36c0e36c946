"""Building blocks of answers: replies, subjects and citations."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple
from urllib.parse import urlparse

from sqlalchemy.orm import Session

from bot import names
from bot.kb.models import FactMixin


@dataclass(frozen=True)
class Reply:
    """One message: a domain response, the variables that fill it, and what it lists.

    ``listed`` holds the (entity, id) of the items the message shows, in order, so that
    "the first one" can refer to them afterwards. A ``detail`` is held back: the answer
    leads with the rest, and the details come with the "More detail" button.
    """

    response: str
    variables: Dict[str, Any] = field(default_factory=dict)
    listed: Tuple[Tuple[str, str], ...] = ()
    detail: bool = False

    def as_detail(self) -> "Reply":
        return replace(self, detail=True)


@dataclass(frozen=True)
class Subject:
    """What a question is about: knowledge-base ids, any of which may be missing."""

    role: Optional[str] = None
    certification: Optional[str] = None
    specialization: Optional[str] = None
    term: Optional[str] = None
    state: Optional[str] = None


# An answer: the replies to a question about a subject, composed from the knowledge base.
Answer = Callable[[Session, Subject], List[Reply]]


class NeedsRole(Exception):  # noqa: N818 - a signal to ask, not an error
    """The question can only be answered for a role, and none is known yet."""


def cite(*facts: FactMixin) -> str:
    """The sources of ``facts``, each with its site and the month it is dated, once each."""
    seen: List[str] = []
    for fact in facts:
        source = fact.source
        label = source.title
        if source.url:
            label += f" ({urlparse(source.url).netloc})"
        label += f", {fact.as_of:%B %Y}"
        if label not in seen:
            seen.append(label)
    return "; ".join(seen)


def bullets(items: Iterable[str]) -> str:
    """A bulleted list, one item a line."""
    return "\n".join(f"• {item}" for item in items)


def with_article(noun: str) -> str:
    """``noun`` with "a" or "an" before it, unless it already starts with an article."""
    if noun.split(" ", 1)[0].lower() in ("a", "an", "the"):
        return noun
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


# How many items of a list an answer shows before "More detail".
LEAD_ITEMS = 2


def listing(reply: Reply, key: str, items: Sequence[str], source: str,
            keep: int = LEAD_ITEMS) -> List[Reply]:
    """``reply`` listing the first ``keep`` of ``items`` under ``key``; the rest as a detail.

    A list one item longer than ``keep`` is shown whole: hiding a single item behind a
    button saves nothing.
    """
    if len(items) <= keep + 1:
        return [replace(reply, variables={**reply.variables, key: bullets(items)})]
    lead = replace(reply, variables={**reply.variables, key: bullets(items[:keep])})
    rest = Reply(names.MORE_ITEMS, {"items": bullets(items[keep:]), "source": source},
                 detail=True)
    return [lead, rest]


def sentence(text: str) -> str:
    """Knowledge-base text as it is stored (lower-case start, no full stop), capitalised."""
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def official_site(fact: FactMixin) -> str:
    """Where to check a fact officially: its source's address, or the BLS handbook."""
    return fact.source.url or "https://www.bls.gov/ooh/"


def money(amount: int) -> str:
    """An amount in US dollars, with thousands separators."""
    return f"${amount:,}"
