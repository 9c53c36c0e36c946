"""Command-line entry points: ``python -m bot <command>``.

Commands:
    load-knowledge  validate the knowledge files and bring the database in line with them
    check-knowledge validate the knowledge files only, writing nothing
    build-nlp       build the spaCy pipeline from the knowledge base's names and aliases
    prepare         load-knowledge, then build-nlp (what ``make run`` does before starting)
    train           train the Rasa model if it is missing or stale (``--force``: always)
    handoffs        list the conversations in which a student asked for a person
    coverage        the role x topic matrix: a sourced fact, a recorded gap or a hole
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot import settings
from bot.handoffs import handoff_requests
from bot.kb.db import make_engine
from bot.kb.loader import KnowledgeError, load_knowledge_into, read_knowledge
from bot.nlu.vectors import GloveError
from bot.services import service_environment


def _load(directory: Path, url: Optional[str]) -> int:
    url = url or settings.database_url()
    try:
        report = load_knowledge_into(url, directory)
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    state = "updated" if report.changed else "already up to date"
    print(f"Knowledge base {state} ({make_url(url).render_as_string(hide_password=True)}).")
    print(report.summary())
    return 0


def _check(directory: Path) -> int:
    try:
        knowledge = read_knowledge(directory)
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1
    total = sum(len(entries) for entries in knowledge.values())
    print(f"Knowledge files are valid: {total} entries in {len(knowledge)} files.")
    return 0


def _coverage(directory: Path) -> int:
    from bot.kb.coverage import coverage, holes, render

    try:
        knowledge = read_knowledge(directory)
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1
    matrix = coverage(knowledge)
    print("What the knowledge base holds for each role (fact: sourced; gap: recorded as "
          "uncertain or not found, said plainly; HOLE: nothing recorded):")
    print(render(matrix))
    missing = holes(matrix)
    if missing:
        print(f"{len(missing)} hole(s): add a sourced fact, or record the gap (quality "
              "uncertain or not_found), for " + ", ".join(f"{r} / {t}" for r, t in missing),
              file=sys.stderr)
        return 1
    return 0


def _word_vectors():
    """GloVe vectors for the pipeline: the most frequent English words and the project's.

    The project's words are those of the training data, the domain and the registry's
    topic words: the files the model is trained from, so the vectors (and the features
    the classifier learnt) change only when the model is retrained.
    """
    import spacy

    from bot.nlu import vectors
    from bot.questions import QUESTIONS

    vectors.fetch_glove()
    words, matrix = vectors.load_glove()
    texts = [path.read_text(encoding="utf-8")
             for path in sorted((settings.PROJECT_ROOT / "data" / "nlu").glob("*.yml"))]
    texts.append((settings.PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    texts += [phrase for q in QUESTIONS for phrase in q.words + q.hints]
    keep = vectors.words_in(texts, spacy.blank("en"))
    return vectors.prune(words, matrix, keep)


def _build_nlp(url: Optional[str], directory: Path, force: bool) -> int:
    from sqlalchemy.orm import sessionmaker

    from bot.nlu.patterns import pipeline_entries
    from bot.nlu.spacy_pipeline import save_pipeline

    engine = make_engine(url)
    try:
        with sessionmaker(engine, future=True)() as session:
            entries = pipeline_entries(session, settings.other_careers_file())
    finally:
        engine.dispose()
    if not entries:
        print("The knowledge base has no names to recognise: run load-knowledge first.",
              file=sys.stderr)
        return 1
    try:
        vectors = _word_vectors()
    except GloveError as error:
        print(f"Could not get the word vectors: {error}", file=sys.stderr)
        return 1
    built = save_pipeline(entries, directory, force=force, vectors=vectors)
    state = "built" if built else "already up to date"
    print(f"spaCy pipeline {state}: {directory} ({len(entries)} names and aliases).")
    return 0


def _train(force: bool) -> int:
    import subprocess

    from bot.training import train_if_stale

    try:
        train_if_stale(force=force)
    except subprocess.CalledProcessError as error:
        print(f"Training failed (exit code {error.returncode}).", file=sys.stderr)
        return 1
    return 0


def _handoffs() -> int:
    url = service_environment()["TRACKER_STORE_URL"]
    try:
        requests = handoff_requests(url)
    except SQLAlchemyError as error:
        print(f"Could not read the tracker store at {url}: {error}", file=sys.stderr)
        return 1
    if not requests:
        print("No student has asked for a person yet.")
        return 0
    for request in requests:
        print(f"{request.requested_at:%Y-%m-%d %H:%M} UTC  conversation {request.conversation_id}")
        for message in request.recent_messages:
            print(f"    student: {message}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    """Run one command; return the process exit status."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["load-knowledge", "check-knowledge", "build-nlp",
                                            "prepare", "train", "handoffs", "coverage"])
    parser.add_argument("--knowledge-dir", type=Path, default=None,
                        help="folder of knowledge files (default: KNOWLEDGE_DIR or data/knowledge)")
    parser.add_argument("--database-url", default=None,
                        help="SQLAlchemy URL (default: DATABASE_URL or a SQLite file in var/)")
    parser.add_argument("--force", action="store_true",
                        help="rebuild the spaCy pipeline / retrain the model even if up to date")
    args = parser.parse_args(argv)

    directory = args.knowledge_dir or settings.knowledge_dir()
    pipeline_dir = settings.spacy_pipeline_dir()
    if args.command == "check-knowledge":
        return _check(directory)
    if args.command == "load-knowledge":
        return _load(directory, args.database_url)
    if args.command == "train":
        return _train(args.force)
    if args.command == "handoffs":
        return _handoffs()
    if args.command == "coverage":
        return _coverage(directory)
    if args.command == "build-nlp":
        return _build_nlp(args.database_url, pipeline_dir, args.force)
    return _load(directory, args.database_url) or _build_nlp(
        args.database_url, pipeline_dir, args.force
    )
