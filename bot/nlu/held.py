"""What the student already is or holds: "I'm a rad tech", "CT tech here", "RN w/ 6 yrs".

"Rad tech 4 yrs, how do I get into MRI?" names two roles: the one the student holds and the
one the question is about. A name is *held* when the words around it say so; the extractor
gives it the Rasa entity role ``bot.names.HELD``, and the subject of the question is the rest
(``bot.answers.context.asked_about``). "Not MRI" is ``bot.names.NOT_MEANT`` likewise, and a
role asked about as a prerequisite ("do I have to be a rad tech first?") is
``bot.names.NEEDED``: neither is held, nor asked about.
"""

from __future__ import annotations

import re
from typing import List, Sequence, Tuple

# Who else the writer speaks for: "my grandson is a radiographer and ...".
_KIN = (r"son|daughter|grandson|granddaughter|kid|child|husband|wife|spouse|partner"
        r"|boyfriend|girlfriend|fiance|fiancee|friend|cousin|sister|brother|mom|mother|dad"
        r"|father|niece|nephew|aunt|uncle")
# Just before the name: "I'm a", "im an", "already a certified", "work as a", "I was a", "my
# daughter is a", "she's a". Not a bare "as a": "how do I get started as a rad tech" asks
# about becoming one.
_BEFORE = re.compile(
    r"\b(?:i'?m|i\s+am|i\s+was|i\s+used\s+to\s+be|already|currently|been"
    # "I trained as a sonographer in Nigeria", "i qualified as a radiographer in 2015"
    r"|i(?:'ve|\s+have)?\s+(?:was\s+)?(?:trained|qualified)\s+as"
    r"|(?:my|our)\s+(?:" + _KIN + r")\s+(?:is|was)|(?:he|she)(?:'s|\s+is|\s+was)"
    # "I work full time nights as a CT tech"
    r"|work(?:s|ing|ed)?\s+(?:[\w-]+\s+){0,3}?as)\s+"
    r"(?:doing\s+)?(?:an?\s+)?(?:(?:certified|registered|licensed|practicing|practising)\s+"
    r"(?:in\s+)?)?"  # "I'm already registered in radiography"
    # what kind of one: "I'm a general sonographer", "she's a staff rad tech"
    r"(?:(?:general|staff|lead|senior|chief|travel|traveling|travelling|new|newly\s+"
    r"registered|former|retired|full[\s-]time|part[\s-]time|prn)\s+)?$",
    re.IGNORECASE,
)
# Having it: "I already have my RT(R)", "i hold the RDMS", "i've got an RT(R)"; not an exam
# ahead ("I have my RDMS exam next week").
_HAVE = re.compile(r"\b(?:i|i've|ive|we|we've)\s+(?:already\s+|also\s+)?"
                   r"(?:have|hold|got|earned|passed)\s+(?:my|an?|the|both)\s+$", re.IGNORECASE)
_AHEAD = re.compile(r"^\s*(?:exams?|tests?|boards?|programs?|class(?:es)?|next|in\s+\d)\b",
                    re.IGNORECASE)
# What is added to what the student holds: "how do i add mammo to my RT(R)".
_ADDED_TO = re.compile(r"\b(?:to|onto|with|w/)\s+my\s+$", re.IGNORECASE)
# Just after it: "here", "w/ RDMS", "with 6 years", "for 10 yrs", "4 yrs".
_AFTER = re.compile(
    r"^\s*(?:here\b|w/|w\s+\d|with\s+\d|for\s+\d|\(?\d+\s*\+?\s*(?:yrs?|years?)\b)",
    re.IGNORECASE,
)


# Moving from one role into another: "go from rad tech to ...", "switching from sonography",
# "x-ray techs get into mammography", "sonographers who want to move into MRI". Not
# "different from": "how is CT different from MRI" compares the two.
_FROM = re.compile(
    r"\b(?<!different )(?<!apart )(?<!away )(?<!far )(?<!graduate )(?<!graduated )"
    r"(?<!graduating )(?:from|after)\s+(?:being\s+|becoming\s+)?(?:an?\s+)?$",
    re.IGNORECASE,
)
# A name that says which school or program ("ultrasound school") is not a job held.
_SCHOOL = re.compile(r"^\s*(?:school|schools|program|programs|class|classes|students?)\b",
                     re.IGNORECASE)
_MOVING_ON = re.compile(
    r"^\s*(?:techs?|technologists?)?\s*(?:(?:who|that)\s+)?"
    r"(?:(?:want|wants|wanting|trying|looking|hoping)\s+to\s+)?(?:ever\s+)?"
    r"(?:get|gets|getting|move|moves|moving|go|goes|going|cross|crossing|switch|switches|"
    r"switching|transition|transitioning|transfer|transferring)\s+(?:over\s+)?(?:in\s*to|to)\b",
    re.IGNORECASE,
)
# A role opening the message, and where the writer works or what they want next: "xray tech
# in NV. does my state license cover ct", "mammo tech thinking about going RRA".
_OPENS_MESSAGE = re.compile(r"^\s*(?:(?:hi|hey|hello|so|ok|okay)\b[\s,!.]*)?$", re.IGNORECASE)
_WHERE_OR_WANTS = re.compile(
    r"^\s*(?:in\s+[a-z]+(?:\s+[a-z]+)?\s*[.,;:]"
    r"|(?:in\s+[a-z]+(?:\s+[a-z]+)?\s+)?(?:wanting|looking|thinking|hoping|trying|planning)\b)",
    re.IGNORECASE)
# A name in the plural is a group the writer asks about, not who they are: "cath lab techs
# in VA, how much OT do you get" asks such techs.
_PLURAL_NAME = re.compile(r"(?:techs|ists|ians|ers|ants)$", re.IGNORECASE)
# Who is moving, in a question about someone in a role: "can a rad tech become a CT tech?",
# "how would a sonographer get into MRI", "could an RT(R) sit for the ARRT(CT)?".
_WHO_MOVES = re.compile(r"\b(?:can|could|would|should|will|may|might)\s+(?:an?\s+)"
                        r"(?:(?:certified|registered|licensed|practicing|practising)\s+)?$",
                        re.IGNORECASE)
_MOVES = re.compile(
    r"^\s*(?:techs?\s+|technologists?\s+)?(?:ever\s+|still\s+|also\s+|just\s+)?"
    r"(?:become|get\s+(?:in\s*to|to)|go\s+(?:in\s*to|to)|move|switch|transition|cross|"
    r"work\s+(?:as|in)|sit\s+for|take\s+the|add|apply|do\s+(?:ct|mri?|mammo\w*|ultrasound))\b",
    re.IGNORECASE)
# "as a rad tech, can I ..." and "as an RT(R) how do I ..." (a question follows the name)
# hold it; "how can I get started as a rad tech" does not.
_AS = re.compile(r"\bas\s+an?\s+(?:(?:certified|registered|licensed)\s+)?$", re.IGNORECASE)
_PHRASE_END = re.compile(
    r"^\s*(?:[,;:]|(?:how|what|can|could|should|do|does|is|would|which|where|when|will)\b)",
    re.IGNORECASE)


# "not MRI", and what the student wants to avoid: "without doing the whole x-ray program",
# "w/o being a rad tech first".
_NOT = re.compile(
    r"(?:\bnot|\bwithout|\bw/o)\s+(?:(?:doing|being|going\s+through|becoming|redoing|repeating"
    r"|going\s+back\s+(?:for|to|through))\s+)?"
    r"(?:an?\s+|the\s+)?(?:(?:whole|full|entire)\s+)?$",
    re.IGNORECASE)


def is_not_meant(text: str, start: int) -> bool:
    """Whether the name at ``start`` is one the writer does not mean: "not MRI", "w/o x-ray"."""
    return bool(_NOT.search(text[:start]))


# A role needed first is not the one asked about: "do I have to be a rad tech before I can
# do that?", "does she have to do regular x-rays first", "do you need to already be a rad
# tech to get into those programs?" ask about the role talked about.
_NEEDED = re.compile(r"\b(?:have|has|need|needs|got|must)\s+to\s+(?P<already>already\s+)?"
                     r"(?:be\s+(?:an?\s+)?|do\s+(?:(?:the|a|an|regular|general)\s+)?)$",
                     re.IGNORECASE)
_FIRST = re.compile(r"^\s*(?:first|before|already)\b", re.IGNORECASE)


# What the student has from a career: "my rad tech credentials", "my x-ray background", "my
# nursing from Brazil".
# Not what the student sets out to get: "could i get my ct cert thru nmtcb".
_MY = re.compile(r"(?<!\bget )(?<!\bgetting )(?<!\bearn )(?<!\bearning )(?<!\btake )"
                 r"(?<!\btaking )(?<!\bpass )(?<!\badd )(?<!\badding )(?<!\bstart )"
                 r"(?<!\bfinish )(?<!\bdo )\b(?:my|our)\s+$", re.IGNORECASE)
_MINE = re.compile(r"^\s*(?:credentials?|certs?|certifications?|licen[sc]es?|registry|"
                   r"registrations?|background|experience|job|career|work|degree|diploma|"
                   r"training|schooling|skills|years|from|"
                   # what it would do for the student: "can my nursing help me ..."
                   r"help|helps|count|counts|carry|carries|transfer|transfers|cover|covers)\b",
                   re.IGNORECASE)


def is_held(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is something the writer already is or holds."""
    before, after = text[:start], text[end:]
    if _SCHOOL.match(after):
        return False
    if is_needed_first(text, start, end):
        return False
    return bool(_BEFORE.search(before) or _AFTER.match(after) or _FROM.search(before)
                or (_MY.search(before) and _MINE.match(after))
                or (_HAVE.search(before) and not _AHEAD.match(after))
                or (_ADDED_TO.search(before) and not _AHEAD.match(after))
                or _MOVING_ON.match(after)
                or (_AS.search(before) and _PHRASE_END.match(after))
                or (_WHO_MOVES.search(before) and _MOVES.match(after))
                or (opens_message_as_one(text, start, end) and _WHERE_OR_WANTS.match(after)))


def opens_message_as_one(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` opens the message, in the singular.

    "xray tech in NV. does my state license cover ct" opens with who the writer is; "cath
    lab techs in VA, ..." with a group they ask about.
    """
    return bool(_OPENS_MESSAGE.match(text[:start])) \
        and not _PLURAL_NAME.search(text[start:end].strip())


def is_needed_first(text: str, start: int, end: int) -> bool:
    """Whether the name is asked about as a prerequisite ("have to be a rad tech first").

    "Do you need to already be a rad tech to get in?" likewise: the writer does not hold it.
    """
    needed = _NEEDED.search(text[:start])
    return needed is not None and bool(needed.group("already") or _FIRST.match(text[end:]))


# Where a move is headed: "moving to Maryland", "relocate to NC", "work in Ohio", "transfer
# my license to Texas". Where it starts: "from Virginia", "licensed in Virginia".
_TOWARDS = re.compile(
    r"\b(?:to|into|work\s+in|working\s+in|practi[cs]e\s+in|practi[cs]ing\s+in|job\s+in)\s+"
    r"(?:the\s+state\s+of\s+)?$", re.IGNORECASE)
_LEAVING = re.compile(r"\b(?:from|licensed\s+in|registered\s+in|live\s+in|living\s+in)\s+"
                      r"(?:the\s+state\s+of\s+)?$", re.IGNORECASE)


def states_left(text: str, spans: Sequence[Tuple[int, int]]) -> List[bool]:
    """Which of the states named at ``spans`` the writer is leaving, not asking about.

    "My daughter is a mammographer in Virginia and is moving to Maryland. Does she need
    to get licensed again?" asks about Maryland: where a move is headed is the state the
    question is about, and the others are where the student is now. With one state, or
    no word saying which way the move goes, every state is asked about.
    """
    if len(spans) < 2:
        return [False] * len(spans)
    towards = [bool(_TOWARDS.search(text[:start])) for start, _ in spans]
    if any(towards) and not all(towards):
        return [not headed for headed in towards]
    leaving = [bool(_LEAVING.search(text[:start])) for start, _ in spans]
    return leaving if any(leaving) and not all(leaving) else [False] * len(spans)
