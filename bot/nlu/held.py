"""What the student already is or holds: "I'm a rad tech", "CT tech here", "RN w/ 6 yrs".

"Rad tech 4 yrs, how do I get into MRI?" names two roles: the one the student holds and the
one the question is about. A name is *held* when the words around it say so; the extractor
gives it the Rasa entity role ``bot.names.HELD``, and the subject of the question is the rest
(``bot.answers.context.asked_about``). "Not MRI" is ``bot.names.NOT_MEANT`` likewise.
"""

from __future__ import annotations

import re

# Just before the name: "I'm a", "im an", "already a certified", "work as a". Not a bare
# "as a": "how do I get started as a rad tech" asks about becoming one.
_BEFORE = re.compile(
    r"\b(?:i'?m|i\s+am|already|currently|work(?:ing)?\s+as|been)\s+"
    r"(?:doing\s+)?(?:an?\s+)?(?:(?:certified|registered|licensed|practicing|practising)\s+)?$",
    re.IGNORECASE,
)
# Just after it: "here", "w/ RDMS", "with 6 years", "for 10 yrs", "4 yrs".
_AFTER = re.compile(
    r"^\s*(?:here\b|w/|w\s+\d|with\s+\d|for\s+\d|\(?\d+\s*\+?\s*(?:yrs?|years?)\b)",
    re.IGNORECASE,
)


_NOT = re.compile(r"\bnot\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)


def is_not_meant(text: str, start: int) -> bool:
    """Whether the name at ``start`` is one the writer says they do not mean ("not MRI")."""
    return bool(_NOT.search(text[:start]))


def is_held(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is something the writer already is or holds."""
    return bool(_BEFORE.search(text[:start]) or _AFTER.match(text[end:]))
