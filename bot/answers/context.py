"""What the conversation is about after each message: the rules that carry context across turns.

A student rarely names everything in every message. "Tell me about sonographers" then "what
certification do they need?" is one subject; "and for nuclear medicine?" changes the role
but keeps the question; "the second one" means the second thing the bot listed. These
functions decide the subject of a message from what it names and what came before. They
know nothing of Rasa: the actions pass in plain values.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from os.path import commonprefix
from typing import Any, List, Mapping, Optional, Sequence, Tuple

from bot import names
from bot.answers.core import Subject

# A role and a specialization both say who the student wants to be: naming one replaces
# the other, and the credential or term talked about for the old one no longer applies.
_WHO = (names.ROLE, names.SPECIALIZATION)
# Where the student is asking about (a US state) is not who they want to be: it stays when
# the role changes ("licensing in Ohio?" then "and for sonographers?").
_WHERE = (names.STATE,)
# A credential and a term both say what is being asked about: naming one replaces the other
# ("what's the RDMS?" after "what's JRCERT?" is about the RDMS).
_WHAT = (names.CERTIFICATION, names.TERM)

# Values of the ``mention`` entity (``bot.nlu.references``): a position in the list, counted
# from 1, or from the end when negative; ``this`` for "that one"; ``each`` for "which one",
# "both" or "either", a question about every item compared or listed.
THIS = "this"
EACH = "each"
# "the therapy one": a listed item called by a word of its name
NAMED = "named:"
# Letters a word and a name's word share to be taken for the same ("therapy", "therapist").
STEM_LETTERS = 5


def next_subject(previous: Subject, mentioned: Mapping[str, Optional[str]],
                 text: str = "") -> Subject:
    """The subject after a message that names ``mentioned`` (entity → id).

    Args:
        previous: what the conversation was about before the message.
        mentioned: the knowledge-base ids the message names, by entity.
        text: the message, for whether it points back at what was talked about.

    Returns:
        The previous subject with the message's ids in place. Naming a role or
        specialization starts afresh (keeping the state asked about); naming a credential
        replaces the term, unless the message points back at it: "do I need a program
        accredited by them to take the ARRT?" after "what's JRCERT?" is about both. A term
        is said of the credential talked about, which it keeps: "Do I have to pass SPI
        again?" after the RVT's exam.
    """
    named = {entity: value for entity, value in mentioned.items() if value}
    values = asdict(previous)
    if any(entity in named for entity in _WHO):
        values = {entity: (values[entity] if entity in _WHERE else None)
                  for entity in names.ENTITIES}
    elif names.CERTIFICATION in named and not _POINTS_AT_IT.search(text):
        values.update({entity: None for entity in _WHAT})
    elif names.TERM in named:
        # a term is said of the credential talked about: "Do I have to pass SPI again?"
        # after the RVT's exam is still about the RVT
        values[names.TERM] = None
    values.update(named)
    return Subject(**values)




# A pronoun in a verb's or preposition's object that points back at the thing just talked
# about: "accredited by them", "do I have to join it", "the SPI too for that one".
_POINTS_AT_IT = re.compile(
    r"\b(?:by|from|join|joining|through|thru|with|for|about|of|keep|renew|use|need)\s+"
    r"(?:it|them|that|those|this)\b(?!\s+(?:is|are|was|of)\b)", re.IGNORECASE)


# A pronoun that points back at what was being talked about: "how do I get into that
# coming from x-ray?", "could I become one as a nurse?"
_POINTS_BACK = re.compile(
    r"\b(?:into|for|do|doing|about|become|becoming|get|getting|with)\s+"
    r"(?:that|it|this|one|those|these|them)\b"
    r"(?!\s+(?:is|are|was|of|one)\b)",
    re.IGNORECASE)


# The entity roles of names a question is not about, unless it names nothing else.
ASIDE = (names.HELD, names.STUDYING, names.NEEDED, names.QUALIFYING)


def asked_about(entities: Sequence[Mapping[str, Any]], text: str = "") -> List[Mapping[str, Any]]:
    """The entities a question is about, leaving out what the student already holds.

    A role asked about as a prerequisite ("do I have to be a rad tech first?") is left out
    likewise, and so is a name that only says which credential is meant ("the RCIS for the
    cath lab"); a name the student does not mean ("mammography, not MRI") always is.

    "Rad tech 4 yrs, how do I get into MRI?" is about MRI. When everything named is held
    ("I'm a rad tech, what can I specialize in?"), that is the subject, unless ``text``
    points back at the subject talked about ("how do I get into that, coming from x-ray?"),
    when the question names nothing of its own.
    """
    meant = [entity for entity in entities if entity.get("role") != names.NOT_MEANT]
    asked = [entity for entity in meant if entity.get("role") not in ASIDE]
    named = [entity for entity in asked if entity.get("entity") in names.ENTITIES]
    if named or _POINTS_BACK.search(text):
        return asked
    # all held: what is held, not the names that only said which ("my RCS and RCIS
    # through CCI"), nor one needed first ("does he have to do xray first?" asks about the
    # career talked about)
    held = [entity for entity in meant
            if entity.get("role") not in (names.QUALIFYING, names.NEEDED)]
    if any(entity.get("entity") in names.ENTITIES for entity in held):
        return held
    return [entity for entity in meant if entity.get("role") != names.NEEDED]


# Whether what was just said applies to the student: "do I have to do it?", "does that even
# apply to me?", "is this required for me?".
_IT = r"(?:it|that|this|those|these)"
_APPLIES = re.compile(
    r"\b(?:do|would|will)\s+i\s+(?:even\s+|still\s+|really\s+|actually\s+)?"
    r"(?:have|need|got)\s+to\s+(?:do|take|get|have|pass|renew|follow|worry about)\s+" + _IT
    + r"\b|\b(?:does|do|would|will)\s+" + _IT + r"\s+(?:even\s+|still\s+|really\s+|actually\s+)?"
    r"(?:apply|count|matter)\s+(?:to|for)\s+(?:me|someone like me|my)\b"
    r"|\b(?:is|are)\s+" + _IT + r"\s+(?:even\s+|still\s+|really\s+|actually\s+)?"
    r"(?:required|mandatory|necessary)\s+for\s+(?:me|someone like me)\b"
    r"|\bam\s+i\s+(?:even\s+)?(?:required|supposed)\s+to\s+(?:do|take|get|have)\s+" + _IT
    + r"\b", re.IGNORECASE)


# The student saying where they live: "im in NC", "ok and i live in florida", "now I live in
# New Jersey", "we're in rural Kansas".
_LIVES_IN = re.compile(r"\b(?:i'?m|i am|we'?re|we are|i live|we live|living|based|located)"
                       r"\s+(?:\w+\s+)?in\b", re.IGNORECASE)


def says_where_they_live(text: str) -> bool:
    """Whether ``text`` says where the student lives ("hi im in arizona")."""
    return bool(_LIVES_IN.search(text))


def asks_if_it_applies(text: str) -> bool:
    """Whether the message asks if what was just said applies to the student."""
    return bool(_APPLIES.search(text))


def listed_item(entity: str, value: str) -> str:
    """How one listed item is remembered in the ``listed`` slot."""
    return f"{entity}:{value}"


def _called(item: str, words: Sequence[str]) -> bool:
    """Whether each of ``words`` begins a word of the listed ``item``'s id, or nearly.

    "therapy" is the radiation therapist, "nuc med" the nuclear medicine technologist,
    "cardiac" the cardiac interventional credential.
    """
    parts = item.partition(":")[2].split("_")
    return bool(words) and all(any(_same_stem(word.lower(), part) for part in parts)
                               for word in words)


def _same_stem(word: str, part: str) -> bool:
    shared = len(commonprefix([word, part]))
    return shared == len(word) or shared >= min(len(word), len(part), STEM_LETTERS)


def resolve_mention(mention: str, listed: Sequence[str]) -> Optional[Tuple[str, str]]:
    """The (entity, id) that "the first one", "the last one" or "that one" refers to.

    "The therapy one" (``named:therapy``) is the one listed item whose id those words
    begin.

    Args:
        mention: the ``mention`` entity's value.
        listed: what the bot last listed, in the order shown.

    Returns:
        The item referred to, or ``None`` when nothing was listed or the mention is
        ambiguous ("that one" after a list of several).
    """
    if not listed or mention == EACH:
        return None
    if mention.startswith(NAMED):
        found = [index for index, item in enumerate(listed)
                 if _called(item, mention[len(NAMED):].split())]
        index = found[0] if len(found) == 1 else None
    elif mention == THIS:
        index = 0 if len(listed) == 1 else None
    else:
        try:
            position = int(mention)
        except ValueError:
            return None
        index = position - 1 if position > 0 else len(listed) + position
    if index is None or not 0 <= index < len(listed):
        return None
    entity, _, value = listed[index].partition(":")
    return entity, value
