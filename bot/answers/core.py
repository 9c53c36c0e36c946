"""Building blocks of answers: replies, subjects and citations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple
from urllib.parse import urlparse

from sqlalchemy.orm import Session

from bot import names
from bot.kb.models import FactMixin, Role


@dataclass(frozen=True)
class Reply:
    """One message: a domain response, the variables that fill it, and what it lists.

    ``listed`` holds the (entity, id) of the items the message shows, in order, so that
    "the first one" can refer to them afterwards. A ``detail`` is held back: the answer
    leads with the rest, and the details come with the "More detail" button. A step of a
    plan names the topic that ``expands`` it ("Tell me more about certification").
    """

    response: str
    variables: Dict[str, Any] = field(default_factory=dict)
    listed: Tuple[Tuple[str, str], ...] = ()
    detail: bool = False
    expands: Optional[str] = None  # the topic a "Tell me more" button asks about it
    settles: Optional[str] = None  # what it settles for a yes/no question (``eligibility``)

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
# An answer given the roles the student holds ("can a rad tech become a CT tech?").
AnswerFrom = Callable[[Session, Subject, Sequence[Role]], List[Reply]]


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


# Letters whose names start with a vowel sound: an acronym starting with one takes "an"
# ("an MRI technologist", "an RN", but "a CT technologist").
_VOWEL_SOUNDING_LETTERS = "AEFHILMNORSX"
# Words whose spelling and sound disagree on the first letter: "a one-year program", "a
# university", "an hour".
_CONSONANT_SOUNDING = re.compile(r"^(?:one\b|once\b|uni|use|usu|eu|ur[aeiou])", re.IGNORECASE)
_SILENT_H = re.compile(r"^(?:hour|honest|honor|honour|heir)", re.IGNORECASE)


def with_article(noun: str) -> str:
    """``noun`` with "a" or "an" before it, unless it already starts with an article."""
    first = noun.split(" ", 1)[0]
    if first.lower() in ("a", "an", "the"):
        return noun
    if len(first) > 1 and first.isupper():  # an acronym, said letter by letter
        return f"{'an' if first[0] in _VOWEL_SOUNDING_LETTERS else 'a'} {noun}"
    vowel = noun[:1].lower() in "aeiou" and not _CONSONANT_SOUNDING.match(noun)
    return f"{'an' if vowel or _SILENT_H.match(noun) else 'a'} {noun}"


# How many words of a list's items an answer shows before "More detail": with its heading
# and source line, a lead stays within about 70 words, two lines on a phone.
LEAD_WORDS = 50


def words(text: str) -> int:
    """How many words ``text`` has."""
    return len(text.split())


def listing(reply: Reply, key: str, items: Sequence[str], source: str,
            budget: int = LEAD_WORDS, shortest_first: bool = False) -> List[Reply]:
    """``reply`` listing the ``items`` that fit ``budget`` words; the rest as a detail.

    The lead holds the first item, and each next one while the items stay within
    ``budget`` words. With ``shortest_first`` (for lists whose order says nothing), the
    shortest items are chosen instead, so that a long caveat does not push the crisp
    facts out of the lead; the chosen ones keep their order. A list that fits is shown
    whole; the rest come with "More detail".
    """
    order = (sorted(range(len(items)), key=lambda index: words(items[index]))
             if shortest_first else range(len(items)))
    chosen, used = set(), 0
    for index in order:
        if chosen and used + words(items[index]) > budget:
            break
        chosen.add(index)
        used += words(items[index])
    lead = [item for index, item in enumerate(items) if index in chosen]
    rest = [item for index, item in enumerate(items) if index not in chosen]
    reply = replace(reply, variables={**reply.variables, key: bullets(lead)})
    if not rest:
        return [reply]
    return [reply, Reply(names.MORE_ITEMS, {"items": bullets(rest), "source": source},
                         detail=True)]


def and_list(items: Sequence[str]) -> str:
    """``items`` as words: "a", "a and b", "a, b and c"."""
    return _joined(items, "and")


def or_list(items: Sequence[str]) -> str:
    """``items`` as words: "a", "a or b", "a, b or c"."""
    return _joined(items, "or")


def _joined(items: Sequence[str], word: str) -> str:
    if len(items) < 3:
        return f" {word} ".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def first_clause(text: str) -> str:
    """Knowledge-base text up to its first colon, semicolon or parenthesis."""
    for mark in (":", ";", " ("):
        text = text.split(mark, 1)[0]
    return text.strip()


def sentence(text: str) -> str:
    """Knowledge-base text as it is stored (lower-case start, no full stop), capitalised."""
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def where_to_look(general: Sequence[FactMixin]) -> str:
    """The address of the page that lists every state's licensing body.

    ``general`` are the licensure notes for every role and state, which cite it.
    """
    return next((note.source.url for note in general if note.source.url), "")


def official_site(fact: FactMixin) -> str:
    """Where to check a fact officially: its source's address, or the BLS handbook."""
    return fact.source.url or "https://www.bls.gov/ooh/"


def money(amount: int) -> str:
    """An amount in US dollars, with thousands separators."""
    return f"${amount:,}"
