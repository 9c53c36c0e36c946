"""Build the project's spaCy pipeline: blank English, lookup lemmatizer, entity ruler.

The ruler's patterns come from the knowledge base (``bot.nlu.patterns``), each carrying
the entity label and the knowledge base id, so Rasa's ``SpacyNLP`` loads a pipeline that
already knows every role, credential, specialization and term by name. No pretrained model
is needed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any, Dict, List, Optional

import spacy
from spacy.language import Language

from bot.nlu.entities import fuzzy_aliases, save_fuzzy_aliases
from bot.nlu.patterns import AliasEntry, plural_forms
from bot.nlu.relations import Relations, save_relations
from bot.nlu.vectors import Glove, add_vectors, vectors_fingerprint

FINGERPRINT_FILE = "patterns.sha256"


def blank_pipeline() -> Language:
    """Blank English with the lookup lemmatizer (tables from ``spacy-lookups-data``)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    return nlp


def ruler_patterns(nlp: Language, entries: List[AliasEntry]) -> List[Dict[str, Any]]:
    """Token patterns for ``entries``, tolerant of casing, lemmas and regular plurals."""
    lemma_table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    patterns = []
    for entry in entries:
        tokens = [token.text for token in nlp.make_doc(entry.text)]
        if not tokens:
            continue
        if entry.exact:
            pattern = [{"ORTH": text} for text in tokens]
            if entry.after:  # the word before is part of the match; the finder drops it
                pattern = [{"LOWER": entry.after}] + pattern
        else:
            pattern = []
            for position, text in enumerate(tokens):
                lower = text.lower()
                # a word's lemma, but not an abbreviation's: "ks" (Kansas) is no plural
                # of "k", as in "k thx"
                forms = {lower, lemma_table.get(lower, lower) if len(lower) > 3 else lower}
                if position == len(tokens) - 1:
                    forms.update(plural_forms(lower))
                pattern.append({"LOWER": {"IN": sorted(forms)}})
        patterns.append({"label": entry.label, "id": entry.id, "pattern": pattern})
    return patterns


def patterns_fingerprint(entries: List[AliasEntry]) -> str:
    """A hash of the aliases and of the code that turns them into patterns.

    An unchanged knowledge base and unchanged code do not rebuild the pipeline.
    """
    digest = hashlib.sha256(json.dumps([entry.__dict__ for entry in entries]).encode("utf-8"))
    here = Path(__file__).resolve().parent
    for module in ("patterns.py", "spacy_pipeline.py", "entities.py", "relations.py"):
        digest.update((here / module).read_bytes())
    digest.update(spacy.__version__.encode("ascii"))
    return digest.hexdigest()


def build_pipeline(entries: List[AliasEntry], vectors: Optional[Glove] = None) -> Language:
    """The full pipeline for ``entries``, initialised (lemma tables loaded).

    ``vectors``, a (words, matrix) pair such as ``bot.nlu.vectors.prune`` gives, becomes the
    vocabulary's vectors table (see ``bot.nlu.vectors.add_vectors``).
    """
    nlp = blank_pipeline()
    nlp.initialize()
    if vectors is not None:
        add_vectors(nlp, *vectors)
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    ruler.add_patterns(ruler_patterns(nlp, entries))
    return nlp


def save_pipeline(entries: List[AliasEntry], directory: Path, force: bool = False,
                  vectors: Optional[Glove] = None,
                  relations: Optional[Relations] = None) -> bool:
    """Build and save the pipeline to ``directory`` unless it is already up to date.

    ``relations`` (``bot.nlu.relations``), saved with it, say how the credentials it names
    relate to their bodies and careers.

    Returns:
        Whether the pipeline was (re)built.
    """
    relations = relations or Relations()
    fingerprint = patterns_fingerprint(entries)
    fingerprint = hashlib.sha256((fingerprint + relations.to_json()).encode("utf-8")).hexdigest()
    if vectors is not None:
        combined = fingerprint + vectors_fingerprint(*vectors)
        fingerprint = hashlib.sha256(combined.encode("ascii")).hexdigest()
    stamp = directory / FINGERPRINT_FILE
    if not force and stamp.is_file() and stamp.read_text().strip() == fingerprint:
        return False
    nlp = build_pipeline(entries, vectors)
    staging = directory.with_name(directory.name + ".tmp")
    directory.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(staging, ignore_errors=True)
    nlp.to_disk(staging)
    tokenize = lambda text: [token.text for token in nlp.make_doc(text)]  # noqa: E731
    save_fuzzy_aliases(fuzzy_aliases(entries, tokenize), staging)
    save_relations(relations, staging)
    (staging / FINGERPRINT_FILE).write_text(fingerprint + "\n")
    shutil.rmtree(directory, ignore_errors=True)
    staging.rename(directory)
    return True
