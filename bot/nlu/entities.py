"""Find knowledge-base entities in a spaCy ``Doc``: exact ruler matches, then typos.

The entity ruler (built by ``bot.nlu.spacy_pipeline``) finds names in any casing, plural
and lemma form; this module adds the knowledge base id to each and, for words the ruler
could not match, looks for a misspelt alias ("sonografer", "mamography") within a small
edit distance. It needs only spaCy, not Rasa.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from spacy.tokens import Doc, Span

from bot import names
from bot.nlu.patterns import SPECIALTY_CONTEXT, STATE_CODE_CONTEXT, AliasEntry
from bot.nlu.vectors import is_common_word

FUZZY_ALIASES_FILE = "fuzzy_aliases.json"
MIN_FUZZY_LENGTH = 5
LONGEST_ALIAS_TOKENS = 4


@dataclass(frozen=True)
class EntityMatch:
    """An entity found in a text, normalised to the knowledge base's id."""

    label: str
    value: str
    start: int
    end: int
    text: str
    confidence: float


def _joined(text: str, matches: List[EntityMatch]) -> List[EntityMatch]:
    """``matches`` with two names of the same thing side by side made one.

    "a bachelors degree in biology" names one starting point in two aliases ("a bachelors",
    "degree in biology"): one entity, from the first's start to the second's end.
    """
    joined: List[EntityMatch] = []
    for match in matches:
        last = joined[-1] if joined else None
        if (last is not None and (last.label, last.value) == (match.label, match.value)
                and last.end <= match.start and not text[last.end:match.start].strip()):
            joined[-1] = EntityMatch(last.label, last.value, last.start, match.end,
                                     text[last.start:match.end],
                                     min(last.confidence, match.confidence))
        else:
            joined.append(match)
    return joined


def _described(text: str, matches: List[EntityMatch]) -> List[EntityMatch]:
    """``matches`` with a specialty written before a role's name made one with it.

    "vascular sonographers", "echo sonographer": one person, in a specialty;
    not two careers to compare.
    """
    described: List[EntityMatch] = []
    for match in matches:
        last = described[-1] if described else None
        if (last is not None and last.label == names.SPECIALIZATION
                and match.label == names.ROLE and last.end <= match.start
                and not text[last.end:match.start].strip()):
            described[-1] = EntityMatch(last.label, last.value, last.start, match.end,
                                        text[last.start:match.end],
                                        min(last.confidence, match.confidence))
        else:
            described.append(match)
    return described


@dataclass(frozen=True)
class FuzzyAlias:
    tokens: Tuple[str, ...]
    label: str
    id: str

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


STATE = "state"
# Names too close to everyday words to be matched with a typo: "Ex-Marine" is not Maine.
# A long one is a typo of nothing else: "massachusets", "pensylvania".
NO_TYPOS = frozenset({STATE})
MIN_TYPO_LENGTH_NO_TYPOS = 9
# Words that may follow a place named by its postal code ("techs in VA and ...", "in OK
# right now"); any other word makes the code something else ("in VA hospitals").
PLACE_ENDS = frozenset({"and", "or", "but", "so", "right", "now", "too", "though", "yet",
                        "is", "are", "do", "does", "can", "for", "with", "as", "if",
                        "how", "what", "where", "which", "who", "lol"})


# Words after a postal code that make it a kind of school, not a place: "PA school", "PA
# programs", "PA students" (physician assistants).
SCHOOL_WORDS = frozenset({"school", "schools", "program", "programs", "student", "students"})


def _a_kind_of_school(doc: Doc, span: Span) -> bool:
    """Whether ``span``, a state's postal code in capitals, names a kind of school."""
    after = doc[span.end] if span.end < len(doc) else None
    return (len(span) == 1 and len(span.text) == 2 and span.text.isupper()
            and after is not None and after.lower_ in SCHOOL_WORDS)


def fuzzy_aliases(entries: Sequence[AliasEntry], tokenize) -> List[FuzzyAlias]:
    """The aliases worth matching with typos: case-insensitive, long enough, plain words."""
    found = []
    for entry in entries:
        if entry.exact or len(entry.text) < MIN_FUZZY_LENGTH or (
                entry.label in NO_TYPOS and len(entry.text) < MIN_TYPO_LENGTH_NO_TYPOS):
            continue
        tokens = tuple(token.lower() for token in tokenize(entry.text))
        if 0 < len(tokens) <= LONGEST_ALIAS_TOKENS and all(t.isalpha() for t in tokens):
            found.append(FuzzyAlias(tokens, entry.label, entry.id))
    return found


def save_fuzzy_aliases(aliases: Sequence[FuzzyAlias], directory: Path) -> None:
    """Store the typo-matching aliases beside the spaCy pipeline."""
    rows = [{"tokens": list(a.tokens), "label": a.label, "id": a.id} for a in aliases]
    (directory / FUZZY_ALIASES_FILE).write_text(json.dumps(rows, indent=0), encoding="utf-8")


def load_fuzzy_aliases(directory: Path) -> List[FuzzyAlias]:
    """The typo-matching aliases stored beside a pipeline (none if absent)."""
    path = directory / FUZZY_ALIASES_FILE
    if not path.is_file():
        return []
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [FuzzyAlias(tuple(row["tokens"]), row["label"], row["id"]) for row in rows]


def allowed_distance(length: int) -> int:
    """How many edits a typo of an alias this long may have."""
    if length < MIN_FUZZY_LENGTH:
        return 0
    return 1 if length < 9 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent transpositions, or ``limit + 1`` once past it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: Optional[List[int]] = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous_previous is not None
                and i > 1
                and j > 1
                and char_a == b[j - 2]
                and a[i - 2] == char_b
            ):
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


# Words that join two names sharing their last word: "primary and post-primary pathway".
COORDINATORS = frozenset({"and", "or", "vs", "versus", "&", "/"})


class EntityFinder:
    """Finds entities in docs produced by the project's spaCy pipeline."""

    def __init__(self, aliases: Sequence[FuzzyAlias]) -> None:
        self._by_length: Dict[int, List[FuzzyAlias]] = {}
        for alias in aliases:
            self._by_length.setdefault(len(alias.tokens), []).append(alias)

    def find(self, doc: Doc) -> List[EntityMatch]:
        """Exact ruler matches first, then typo matches in the words left over."""
        matches = []
        for ent in doc.ents:
            if not ent.ent_id_:
                continue
            span = ent
            if ent.label_ == STATE and len(ent) > 1 and ent[0].lower_ == STATE_CODE_CONTEXT:
                # "in VA": the code alone is the state, and only where a place can end
                span = ent[1:]
                after = doc[ent.end] if ent.end < len(doc) else None
                if after is not None and after.is_alpha and after.lower_ not in PLACE_ENDS:
                    continue  # "in VA hospitals" are Veterans Affairs hospitals
            elif len(ent) > 1 and ent[0].lower_ == SPECIALTY_CONTEXT:
                span = ent[1:]  # "into pet": the specialty, not the word before it
            if ent.label_ == STATE and _a_kind_of_school(doc, span):
                continue  # "PA school" trains physician assistants
            matches.append(EntityMatch(ent.label_, ent.ent_id_, span.start_char,
                                       span.end_char, span.text, 1.0))
        covered = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        matches += self._fuzzy(doc, covered)
        matches += self._coordinated(doc, matches)
        return _described(doc.text, _joined(doc.text, sorted(matches,
                                                             key=lambda match: match.start)))

    def _coordinated(self, doc: Doc, matches: Sequence[EntityMatch]) -> List[EntityMatch]:
        """Names that share their last word with the name after them.

        "the primary and post-primary pathway" names the primary pathway too: a word, "and"
        (or "or", "vs"), then a name of two words or more, when the word and that name's
        last word are a name of the same kind.
        """
        found = []
        for match in matches:
            span = doc.char_span(match.start, match.end, alignment_mode="expand")
            if span is None or len(span) < 2 or span.start < 2:
                continue
            joiner, word = doc[span.start - 1], doc[span.start - 2]
            if joiner.lower_ not in COORDINATORS or not word.is_alpha or any(
                    m.start < word.idx + len(word) and word.idx < m.end
                    for m in list(matches) + found):
                continue
            shared = (word.lower_, span[-1].lower_)
            alias = next((a for a in self._by_length.get(2, [])
                          if a.tokens == shared and a.label == match.label), None)
            if alias is not None:
                found.append(EntityMatch(match.label, alias.id, word.idx,
                                         word.idx + len(word), word.text, 1.0))
        return found

    def _fuzzy(self, doc: Doc, covered: set) -> List[EntityMatch]:
        found = []
        # a common word of its own ("former", "my") is no typo of another ("farmer", "MRI")
        common = [is_common_word(token) for token in doc]
        for size in sorted(self._by_length, reverse=True):
            for start in range(0, len(doc) - size + 1):
                span = doc[start : start + size]
                indexes = range(start, start + size)
                if any(i in covered for i in indexes):
                    continue
                if not all(token.is_alpha for token in span):
                    continue
                best = self._best(tuple(token.lower_ for token in span), size,
                                  common[start : start + size])
                if best is None:
                    continue
                alias, distance = best
                covered.update(indexes)
                confidence = round(1 - distance / max(len(alias.text), 1), 3)
                found.append(
                    EntityMatch(alias.label, alias.id, span.start_char, span.end_char,
                                span.text, confidence)
                )
        return found

    def _best(self, tokens: Tuple[str, ...], size: int,
              words: Sequence[bool]) -> Optional[Tuple[FuzzyAlias, int]]:
        text = " ".join(tokens)
        limit = allowed_distance(len(text))
        if limit == 0:
            return None
        best: Optional[Tuple[FuzzyAlias, int]] = None
        for alias in self._by_length.get(size, ()):
            if alias.text[0] != text[0]:
                continue
            distance = edit_distance(text, alias.text, limit)
            if 0 < distance <= limit and (best is None or distance < best[1]) and (
                    _each_word_a_typo(tokens, alias.tokens, words)):
                best = (alias, distance)
        return best


def _each_word_a_typo(tokens: Sequence[str], alias: Sequence[str],
                      words: Sequence[bool]) -> bool:
    """Each word of a phrase the alias's own word or a typo of it ("ultrasond tech").

    A word is a typo within the edits its own length allows, and only if it is no common
    English word of its own (``words``, one flag a word): the phrase as a whole may be
    near an alias by changing a short word into another ("my registry" is two edits from
    "mri registry"), or be a word near an alias ("former" is one edit from "farmer").
    """
    for word, alias_word, is_word in zip(tokens, alias, words, strict=True):
        if word == alias_word:
            continue
        allowed = allowed_distance(len(alias_word))
        if is_word or edit_distance(word, alias_word, allowed) > allowed:
            return False
    return True


# Names of careers a stage may hold: "sonography students", "a rad tech student".
CAREERS = frozenset({names.ROLE, names.SPECIALIZATION})


def careers_within_stages(finder: EntityFinder, nlp, matches: Sequence[EntityMatch]
                          ) -> List[EntityMatch]:
    """The careers named inside where the student is: "sonography" in "sonography students".

    The stage takes the whole phrase; the career in it is still who the question is about
    when nothing else is named ("how many clinical hours do sonography students do?"). A
    career may be named with the school: "rad school" in "second year of rad school".
    """
    found = []
    for match in matches:
        if match.label != names.STAGE or " " not in match.text:
            continue
        # without its last word ("sonography students" -> "sonography") or its first ("year
        # of rad school" -> "of rad school"), the phrase is no longer the stage
        first, rest = match.text.split(" ", 1)
        for offset, words in ((0, match.text.rsplit(" ", 1)[0]), (len(first) + 1, rest)):
            for inner in finder.find(nlp(words)):
                start, end = match.start + offset + inner.start, match.start + offset + inner.end
                if inner.label in CAREERS and not any(
                        f.start < end and start < f.end for f in found):
                    found.append(replace(inner, start=start, end=end))
    return found


# ARRT's credentials stacked the way technologists sign their names: "RT(R)(CT)",
# "R.T.(R)(M)(ARRT)". One credential per code in brackets, each with the whole name's span.
_STACKED = re.compile(r"\b(?:A?R\.?\s?T\.?)((?:\([A-Za-z]{1,3}\)){2,})")
_CODE = re.compile(r"\(([A-Za-z]{1,3})\)")
# An ARRT credential's abbreviation, and the code it is stacked by: "ARRT(CT)", "R.T.(R)".
_ARRT_ABBREVIATION = re.compile(r"^(?:ARRT|R\.T\.)\(([A-Z]{1,3})\)$")


def _patterns(pipeline_dir: Path, label: str) -> Iterator[Tuple[List[Dict[str, Any]], str]]:
    """(tokens, id) of each entity pattern of ``label`` in a pipeline's entity ruler."""
    path = pipeline_dir / "entity_ruler" / "patterns.jsonl"
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        pattern = json.loads(line) if line.strip() else {}
        tokens = pattern.get("pattern")
        if pattern.get("label") == label and isinstance(tokens, list) and all(
                isinstance(token, dict) for token in tokens):
            yield tokens, pattern["id"]


def stacked_codes(pipeline_dir: Path) -> Dict[str, str]:
    """Each ARRT code ("R", "CT", "MR") and its credential id, from a pipeline's patterns."""
    codes: Dict[str, str] = {}
    for tokens, id_ in _patterns(pipeline_dir, names.CERTIFICATION):
        if all("ORTH" in token for token in tokens):
            found = _ARRT_ABBREVIATION.match("".join(token["ORTH"] for token in tokens))
            if found:
                codes.setdefault(found.group(1), id_)
    return codes


def state_codes(pipeline_dir: Path) -> Dict[str, str]:
    """Each state's postal code in capitals ("VA") and its id, from a pipeline's patterns."""
    codes: Dict[str, str] = {}
    for tokens, id_ in _patterns(pipeline_dir, STATE):
        code = tokens[-1].get("ORTH") if len(tokens) == 2 else None
        if isinstance(code, str) and len(code) == 2 and code.isupper():
            codes.setdefault(code, id_)
    return codes


# A town and its state's postal code, where a place is said: "around norfolk VA", "near
# Austin, TX", "in Gary IN and ...". In capitals, at the end of a clause; not "near the VA".
_TOWN_AND_CODE = re.compile(
    r"\b(?:in|around|near|outside(?:\s+of)?|by|from)\s+(?!(?:the|a|an|my|our|his|her)\b)"
    r"[A-Za-z][A-Za-z.'-]*(?:\s+[A-Za-z][A-Za-z.'-]*)?,?\s+(?P<code>[A-Z]{2})\b"
    r"(?=\s*(?:$|[?.!,;:)]|(?:" + "|".join(sorted(PLACE_ENDS)) + r"|area)\b))")


def towns_in_states(text: str, codes: Dict[str, str]) -> List[EntityMatch]:
    """The states named by postal code after a town ("around norfolk VA"), known codes only."""
    return [EntityMatch(STATE, codes[found.group("code")], found.start("code"),
                        found.end("code"), found.group("code"), 1.0)
            for found in _TOWN_AND_CODE.finditer(text) if found.group("code") in codes]


def stacked_credentials(text: str, codes: Dict[str, str]) -> List[EntityMatch]:
    """The credentials of names like "RT(R)(CT)" in ``text``, known codes only."""
    found = []
    for stack in _STACKED.finditer(text):
        for code in _CODE.findall(stack.group(1)):
            credential = codes.get(code.upper())
            if credential and all(match.value != credential for match in found):
                found.append(EntityMatch(names.CERTIFICATION, credential, stack.start(),
                                         stack.end(), stack.group(0), 1.0))
    return found


# An ARRT code alone, where it can only be a credential: "is the CI one different from the
# VI?", "the BD cert". Capitals only, two letters or more ("the R" is too short to tell).
_BARE = re.compile(r"\bthe\s+(?P<code>[A-Z]{2,3})\b"
                   r"(?=\s+(?:one|cert|certification|credential|exam|registry)\b|\s*[?.!,;]|\s*$)")


def bare_codes(text: str, codes: Dict[str, str]) -> List[EntityMatch]:
    """The credentials named by a bare ARRT code ("the CI one"), known codes only."""
    return [EntityMatch(names.CERTIFICATION, codes[found.group("code")], found.start("code"),
                        found.end("code"), found.group("code"), 1.0)
            for found in _BARE.finditer(text) if found.group("code") in codes]
