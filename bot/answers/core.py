"""Building blocks of answers: replies, subjects and citations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple
from urllib.parse import urlparse

from sqlalchemy.orm import Session

from bot.kb.models import FactMixin


@dataclass(frozen=True)
class Reply:
    """One message: a domain response, the variables that fill it, and what it lists.

    ``listed`` holds the (entity, id) of the items the message shows, in order, so that
    "the first one" can refer to them afterwards.
    """

    response: str
    variables: Dict[str, Any] = field(default_factory=dict)
    listed: Tuple[Tuple[str, str], ...] = ()


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
