"""Yes or no first: what a yes/no question's answer leads with, where the knowledge base says.

"Do I have to be a rad tech before radiation therapy?" is answered by the routes into the
role; when the question asks yes or no, the first line says which. Only answers that settle
it carry a verdict (``Reply.settles``): one role or credential, whose ways in either need an
earlier credential or do not, or start from what the student holds.
Where no source settles it ("are clinical rotations paid?"), the first line says that.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import List, Optional, Sequence

from bot import names
from bot.answers.core import Reply
from bot.answers.eligibility import CREDENTIAL_ROUTE_REPLIES, DIRECT, EARLIER, OPENED

NEED, CAN = "need", "can"
_OPENING = r"^(?:(?:so|and|but|ok(?:ay)?|also|wait|then|well|like)\b[\s,]*)*"
# "do I have to be an RT first?", "does she need x-ray before CT?", "must I ..."
_NEED = re.compile(
    _OPENING + r"(?:(?:do|does|would|will|did)\s+\S+\s+(?:(?:have|has|got|need|needs)\s+to"
    r"|need|needs|gotta)\b|must\b|is\s+it\s+(?:required|necessary|mandatory)\b)",
    re.IGNORECASE)
# "can a nurse become a sonographer?", "is it possible to do MRI without x-ray?"
_CAN = re.compile(
    _OPENING + r"(?:can|could|may|is\s+it\s+possible|would\s+it\s+be\s+possible|is\s+there"
    r"\s+(?:any|a)\s+way)\b",
    re.IGNORECASE)
_CLAUSE = re.compile(r"[^,.;?!]+")
# Whether students are paid for their clinical training: no source says.
PAID = re.compile(r"\b(?:paid|unpaid|get\s+pay|pay\s+(?:you|us|students)|paying)\b",
                  re.IGNORECASE)
CLINICAL = (names.CLINICAL_EXPERIENCE, names.CLINICAL_EXPERIENCE_GENERAL)
# Asking who may sit an exam or earn a credential: "how do I qualify to sit for it?",
# "what do you need to be able to sit for the first one", "am I eligible for the RCIS?",
# "can i take the armrit without being a rad tech first"
WHO_MAY = re.compile(
    r"\b(?:sit(?:ting)?\s+for|qualif(?:y|ies|ied)|eligib(?:le|ility)"
    r"|(?:allowed|able)\s+to\s+(?:take|sit)|without\s+(?:being|doing|having|going)"
    r"|(?:have|has|need|needs)\s+to\s+be\s+an?)\b", re.IGNORECASE)

# (what the answer settles, what the question asks) -> the verdict's response. A way in
# that starts from what the student holds says "yes, you can", but not whether they must.
VERDICTS = {
    (EARLIER, NEED): names.VERDICT_EARLIER_FIRST,
    (EARLIER, CAN): names.VERDICT_NOT_DIRECTLY,
    (DIRECT, NEED): names.VERDICT_NO,
    (DIRECT, CAN): names.VERDICT_YES,
    (OPENED, CAN): names.VERDICT_YES,
}


def asks(text: str) -> Optional[str]:
    """Whether ``text`` asks yes or no: ``NEED`` ("do I have to..."), ``CAN``, or ``None``.

    The first clause that asks either decides.
    """
    for clause in _CLAUSE.finditer(text):
        words = clause.group(0).strip()
        if _NEED.match(words):
            return NEED
        if _CAN.match(words):
            return CAN
    return None


def eligibility_first(replies: Sequence[Reply]) -> List[Reply]:
    """``replies`` led by who may earn the credential, when the answer holds it back.

    An exam's answer keeps its routes for "More detail" (``bot.answers.topics.exam``);
    asked who may sit it, they lead, and the facts about the exam are held back.
    """
    first = next((index for index, reply in enumerate(replies)
                  if reply.response in CREDENTIAL_ROUTE_REPLIES), None)
    if first is None or not replies[first].detail:
        return list(replies)
    return [replace(replies[first], detail=False)] + [
        reply.as_detail() for index, reply in enumerate(replies) if index != first]


def leading(replies: Sequence[Reply], text: str) -> List[Reply]:
    """``replies``, led by a yes or no when ``text`` asks one and the answer settles it."""
    if PAID.search(text) and any(reply.response in CLINICAL for reply in replies):
        return [Reply(names.CLINICAL_PAY_UNKNOWN)] + list(replies)
    if WHO_MAY.search(text):
        replies = eligibility_first(replies)
    asked = asks(text)
    settling = [index for index, reply in enumerate(replies) if reply.settles]
    if asked is None or len(settling) != 1:
        return list(replies)  # not a yes/no question, or several roles answered at once
    chosen = replies[settling[0]]
    if (chosen.settles, asked) not in VERDICTS:
        return list(replies)
    if chosen.detail and chosen.response in CREDENTIAL_ROUTE_REPLIES:
        return list(replies)  # "can I retake the SPI?" asks about the exam, not who sits it
    if chosen.detail:
        # an answer that holds it back ("how do I become ..." leads with the first steps)
        # leads with it when asked yes or no, and holds the rest back instead
        replies = [replace(reply, detail=index != settling[0])
                   for index, reply in enumerate(replies)]
    return [Reply(VERDICTS[(chosen.settles, asked)])] + list(replies)
