"""Command-line entry points: ``python -m bot <command>``.

Commands:
    load-knowledge  validate the knowledge files and bring the database in line with them
    check-knowledge validate the knowledge files only, writing nothing
    build-nlp       build the spaCy pipeline from the knowledge base's names and aliases
    prepare         load-knowledge, then build-nlp (what ``make run`` does before starting)
    train           train the Rasa model if it is missing or stale (``--force``: always)
    handoffs        list the conversations in which a student asked for a person
    review          what students asked that the assistant missed, and unhelpful answers
    story           one conversation as a test story (--sender ID)
    purge           delete conversations older than --older-than DAYS (retention)
    reload          put the newly trained model live in the running bot, without downtime
    coverage        the role x topic matrix: a sourced fact, a recorded gap or a hole
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import List, Optional, Tuple

from sqlalchemy.engine import make_url

from bot import settings
from bot.conversations import DAY, TrackerStoreError, describe_url, read_conversations
from bot.handoffs import handoff_requests
from bot.kb.db import make_engine
from bot.kb.loader import KnowledgeError, load_knowledge_into, read_knowledge
from bot.review import DEFAULT_MIN_CONFIDENCE
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
    from bot.nlu.relations import relations_of
    from bot.nlu.spacy_pipeline import save_pipeline
    from bot.nlu.vectors import GloveError

    engine = make_engine(url)
    try:
        with sessionmaker(engine, future=True)() as session:
            entries = pipeline_entries(session, settings.other_careers_file())
            relations = relations_of(session)
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
    built = save_pipeline(entries, directory, force=force, vectors=vectors, relations=relations)
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


def _tracker_store_url() -> str:
    return service_environment()["TRACKER_STORE_URL"]


def _handoffs() -> int:
    try:
        requests = handoff_requests(_tracker_store_url())
    except TrackerStoreError as error:
        print(error, file=sys.stderr)
        return 1
    if not requests:
        print("No student has asked for a person yet.")
        return 0
    for request in requests:
        print(f"{request.requested_at:%Y-%m-%d %H:%M} UTC  conversation {request.conversation_id}")
        for message in request.recent_messages:
            print(f"    student: {message}")
    return 0


def _period(args: argparse.Namespace) -> Tuple[float, float]:
    """(since, until) in epoch seconds from --since/--until or --days."""
    def parse(value: str, option: str) -> float:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise SystemExit(f"{option} must be a date such as 2026-11-20 "
                             f"(or 2026-11-20T14:00), not {value!r}.") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.timestamp()

    until = parse(args.until, "--until") if args.until else time.time()
    since = parse(args.since, "--since") if args.since else until - args.days * DAY
    if since > until:
        raise SystemExit("--since must come before --until.")
    return since, until


def _review(args: argparse.Namespace) -> int:
    from bot.review import REVIEW_DIR, render, review, write_nlu

    url = _tracker_store_url()
    since, until = _period(args)
    try:
        reading = read_conversations(url, since, until)
    except TrackerStoreError as error:
        print(error, file=sys.stderr)
        return 1
    result = review(reading, since, until, args.min_confidence)
    print(render(result, describe_url(url), with_senders=args.with_senders))
    path = write_nlu(result, settings.PROJECT_ROOT / REVIEW_DIR, describe_url(url))
    if path is not None:
        print(f"\nThe missed messages, as training examples to correct: {path}")
        print("Correct each intent, move the examples into data/nlu/, then make validate and "
              "make train.")
    return 0


def _story(args: argparse.Namespace) -> int:
    from bot.stories import StoryError, write_story

    try:
        written = write_story(_tracker_store_url(), args.sender, overwrite=args.force)
    except StoryError as error:
        print(error, file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    print(f"Wrote {written.path} ({written.messages} student message(s)).")
    if written.skipped_rows:
        print(f"{written.skipped_rows} stored event(s) could not be read and were left out.")
    print("Check it (intents, entities, actions) before relying on it; make test runs it.")
    return 0


def _purge(args: argparse.Namespace) -> int:
    from bot.conversations import purge

    url = _tracker_store_url()
    try:
        removed = purge(url, args.older_than, dry_run=args.dry_run)
    except TrackerStoreError as error:
        print(error, file=sys.stderr)
        return 1
    verb = "Would delete" if args.dry_run else "Deleted"
    print(f"{verb} {removed.conversations} conversation(s) ({removed.events} event(s)) whose "
          f"last message is more than {args.older_than:g} day(s) old, from {describe_url(url)}.")
    return 0


def _reload(args: argparse.Namespace) -> int:
    from bot.reload import TOKEN_VARIABLE, request_reload
    from bot.scaled import read_replicas

    environment = service_environment()
    if args.url:
        urls = [args.url]
    else:  # each replica of make run-scaled in turn, else the one server of make run
        ports = read_replicas() or [int(environment["RASA_PORT"])]
        urls = [f"http://127.0.0.1:{port}" for port in ports]
    for url in urls:
        print(f"Asking the Rasa server at {url} to load the new model; students are answered "
              "by the old one meanwhile...", flush=True)
        try:
            status, reply = request_reload(url, environment[TOKEN_VARIABLE], args.model)
        except OSError as error:
            print(f"Could not reach the Rasa server at {url} ({error}). Is it running "
                  "(make run)?", file=sys.stderr)
            return 1
        if status != 200:
            print(f"The model was not reloaded ({status}): {reply.get('error', reply)}",
                  file=sys.stderr)
            return 1
        state = "the same model as before" if reply.get("model_id") == reply.get(
            "previous_model_id") else "a new model"
        print(f"Now serving {reply.get('model')} ({state}, id {reply.get('model_id')}), "
              f"loaded in {reply.get('seconds')} s. No conversation was interrupted.")
    return 0


def _non_negative_days(value: str) -> float:
    try:
        days = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of days") from None
    if days < 0 or days != days:
        raise argparse.ArgumentTypeError("the number of days cannot be negative")
    return days


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    knowledge = argparse.ArgumentParser(add_help=False)
    knowledge.add_argument("--knowledge-dir", type=Path, default=None,
                           help="folder of knowledge files (default: KNOWLEDGE_DIR or "
                                "data/knowledge)")
    knowledge.add_argument("--database-url", default=None,
                           help="SQLAlchemy URL (default: DATABASE_URL or a SQLite file in var/)")
    force = argparse.ArgumentParser(add_help=False)
    force.add_argument("--force", action="store_true",
                       help="rebuild the spaCy pipeline / retrain the model even if up to date")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    commands.add_parser("load-knowledge", parents=[knowledge], help="load the knowledge files")
    commands.add_parser("check-knowledge", parents=[knowledge], help="check them, writing nothing")
    commands.add_parser("build-nlp", parents=[knowledge, force], help="build the spaCy pipeline")
    commands.add_parser("prepare", parents=[knowledge, force], help="load-knowledge, build-nlp")
    commands.add_parser("train", parents=[force], help="train the model if it is stale")
    commands.add_parser("coverage", parents=[knowledge], help="the role x topic matrix")
    commands.add_parser("handoffs", help="conversations in which a student asked for a person")

    review = commands.add_parser("review", help="what students asked that the assistant missed")
    review.add_argument("--days", type=_non_negative_days, default=7,
                        help="the period: the last DAYS days (default 7)")
    review.add_argument("--since", help="the period's start, a date (UTC), instead of --days")
    review.add_argument("--until", help="the period's end, a date (UTC; default now)")
    review.add_argument("--with-senders", action="store_true",
                        help="show the conversation ids (personal data: off by default)")
    review.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE,
                        help="list messages whose top intent is less sure than this "
                             f"({DEFAULT_MIN_CONFIDENCE})")

    story = commands.add_parser("story", help="one conversation as a test story")
    story.add_argument("--sender", required=True, help="the conversation id")
    story.add_argument("--force", action="store_true", help="overwrite the story if it exists")

    reload = commands.add_parser("reload", help="put the newly trained model live (make run)")
    reload.add_argument("--model", default=None,
                        help="a model file in models/ (default models/current.tar.gz)")
    reload.add_argument("--url", default=None,
                        help="the Rasa server on this machine (default http://127.0.0.1:RASA_PORT)")

    purge = commands.add_parser("purge", help="delete old conversations (retention)")
    purge.add_argument("--older-than", type=_non_negative_days, required=True, metavar="DAYS",
                       help="delete conversations whose last message is older than DAYS days")
    purge.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """Run one command; return the process exit status."""
    args = _parser().parse_args(argv)
    operator_commands = {"handoffs": lambda: _handoffs(), "review": lambda: _review(args),
                         "story": lambda: _story(args), "purge": lambda: _purge(args),
                         "reload": lambda: _reload(args)}
    if args.command in operator_commands:
        return operator_commands[args.command]()
    if args.command == "train":
        return _train(args.force)
    directory = args.knowledge_dir or settings.knowledge_dir()
    pipeline_dir = settings.spacy_pipeline_dir()
    if args.command == "check-knowledge":
        return _check(directory)
    if args.command == "load-knowledge":
        return _load(directory, args.database_url)
    if args.command == "coverage":
        return _coverage(directory)
    if args.command == "build-nlp":
        return _build_nlp(args.database_url, pipeline_dir, args.force)
    return _load(directory, args.database_url) or _build_nlp(
        args.database_url, pipeline_dir, args.force
    )
