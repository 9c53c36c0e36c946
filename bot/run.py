"""``make run``: build what is missing, then run the action server, Rasa and the web page.

Steps: load the knowledge files into the knowledge base, build the spaCy pipeline, train
the model if it is missing or stale, start the action server, the Rasa server and the
students' web page, print where to talk to the bot, and stop them all on Ctrl-C. A server
that crashes is started again (after 1 s, then 2, 4, ... up to a minute while it keeps
crashing), with a line in the log; the others go on.
``--shell`` opens ``rasa shell`` for advisors instead of the Rasa server and the page;
``--interactive`` opens Rasa's interactive learning on the current model for operators (its
conversations are kept in memory, not in the students' tracker store). Either stops the
action server it started when it ends.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

from bot import scaled, services, training
from bot.conversations import describe_url
from bot.settings import PROJECT_ROOT


def prepare() -> int:
    """Knowledge base, spaCy pipeline and model, each only if needed.

    The knowledge base and the pipeline are prepared by a process of their own: what that
    reads (the knowledge files, spaCy, the word vectors) is not kept in this one, which
    only watches the servers from then on.
    """
    status = subprocess.run([sys.executable, "-m", "bot", "prepare"], cwd=PROJECT_ROOT,
                            check=False).returncode
    if status:
        return status
    try:
        training.train_if_stale()
    except subprocess.CalledProcessError as error:
        print(f"Training failed (exit code {error.returncode}); see the output above.",
              file=sys.stderr)
        return 1
    return 0


def interactive_command(environment: Dict[str, str]) -> List[str]:
    """``rasa interactive`` on the current model, talking to the action server.

    Its endpoints name the action server only, so the conversations an operator has while
    teaching stay in memory rather than in the students' tracker store.
    """
    endpoints = PROJECT_ROOT / "var" / "interactive-endpoints.yml"
    endpoints.write_text(f"action_endpoint:\n  url: {environment['ACTION_SERVER_URL']}\n",
                         encoding="utf-8")
    # The training data first: rasa reads a last argument that is not an option as the model.
    return [sys.executable, "-m", "rasa", "interactive",
            "--data", "data/nlu", "data/stories", "data/rules", "--config", "config.yml",
            "--domain", "domain.yml", "--model", str(training.MODEL_PATH),
            "--endpoints", str(endpoints), "--port", environment["SHELL_PORT"],
            "--skip-visualization"]


def _in_foreground(command: List[str], environment: Dict[str, str]) -> int:
    """Runs a terminal program (rasa shell, rasa interactive) until it ends by itself.

    Ctrl-C reaches it as well as this process; it decides what Ctrl-C means (rasa
    interactive asks whether to save what was taught), and this process waits for it
    rather than killing it, then stops what it started.
    """
    child = subprocess.Popen(command, cwd=PROJECT_ROOT, env=environment)
    try:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                continue
    finally:  # stopped another way (SIGTERM): the program goes too
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(15)
            except subprocess.TimeoutExpired:
                child.kill()


def _exit_on_sigterm() -> None:
    def terminate(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM both stop the servers, even where SIGINT was inherited as ignored."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def _start(service: services.Service, environment: Dict[str, str],
           started: List[services.Service]) -> services.Service:
    service.start(environment)
    started.append(service)
    return service


def _start_scaled(environment: Dict[str, str], logs: Path,
                  started: List[services.Service]) -> str:
    """The replicas, nginx in front of them, and the page; returns what to print."""
    ports = scaled.layout(environment)
    replicas = scaled.replica_services(environment, ports, training.MODEL_PATH, logs)
    balancer = scaled.nginx_service(ports)
    for service in replicas:  # all start at once; each is waited for below
        _start(service, environment, started)
    for service in replicas:
        service.wait_until_healthy(timeout=300)
    _start(balancer, environment, started).wait_until_healthy(timeout=60)
    scaled.write_replicas(ports)
    return (f"  Rasa servers: {', '.join(str(p) for p in ports.rasa_ports)}, behind nginx on "
            f"{ports.public_rasa_port}\n"
            f"  Action servers: {', '.join(str(p) for p in ports.action_ports)}, behind nginx on "
            f"{ports.public_action_port}\n"
            f"  Conversations: {describe_url(environment['TRACKER_STORE_URL'])}, locks: "
            f"{environment['LOCK_STORE_URL']}, knowledge base: "
            f"{describe_url(environment['DATABASE_URL'])}\n"
            f"  Logs: {logs}/rasa-N.log, action-server-N.log, nginx/\n")


def main(argv: Optional[List[str]] = None) -> int:
    """Prepare, start the servers (or the shell), and stop them on Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m bot.run", description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--shell", action="store_true", help="open rasa shell (advisors)")
    mode.add_argument("--interactive", action="store_true",
                      help="open Rasa's interactive learning on the current model (operators)")
    mode.add_argument("--scaled", action="store_true",
                      help="RASA_REPLICAS Rasa servers and ACTION_REPLICAS action servers on "
                           "PostgreSQL and Redis, behind nginx (make run-scaled)")
    args = parser.parse_args(argv)
    try:  # before anything slow, such as training
        services.api_token(dict(os.environ))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2

    if args.scaled:
        try:
            environment = scaled.scaled_environment()
            created = scaled.ensure_databases(environment)
        except scaled.ScaledError as error:
            print(error, file=sys.stderr)
            return 1
        if created:
            print(f"Created the PostgreSQL database(s) {', '.join(created)}.")
        os.environ.update(environment)  # the knowledge base is loaded where the servers read
    status = prepare()
    if status:
        return status
    if args.shell or args.interactive:  # they handle Ctrl-C themselves
        _exit_on_sigterm()
    else:
        _stop_on_signals()
    environment = services.service_environment()
    logs = PROJECT_ROOT / "var"
    started: List[services.Service] = []
    try:
        if args.scaled:
            where = _start_scaled(environment, logs, started)
        else:
            actions = services.action_server(environment, logs / "action-server.log")
            if not actions.healthy():
                _start(actions, environment, started)
            if args.interactive or args.shell:
                if actions in started:
                    actions.wait_until_healthy(timeout=120)
            if args.interactive:
                return _in_foreground(interactive_command(environment), environment)
            if args.shell:
                return _in_foreground(
                    [sys.executable, "-m", "rasa", "shell", "--model", str(training.MODEL_PATH),
                     "--endpoints", "endpoints.yml", "--port", environment["SHELL_PORT"]],
                    environment)
            rasa = services.rasa_server(environment, training.MODEL_PATH)
            rasa.log_path = None  # the server's own log goes to this terminal
            # both start at once: Rasa loads its model while the action server starts
            _start(rasa, environment, started)
            if actions in started:
                actions.wait_until_healthy(timeout=120)
            rasa.wait_until_healthy(timeout=300)
            where = (f"  Action server: http://localhost:{environment['ACTION_PORT']} "
                     f"(log: {actions.log_path})\n")
        page = services.web_server(environment, logs / "web.log")
        _start(page, environment, started).wait_until_healthy(timeout=60)
        port = environment["RASA_PORT"]
        print(
            "\nThe assistant is running.\n"
            f"  Students' web page: http://localhost:{environment['WEB_PORT']}/\n"
            f"  REST channel: POST http://localhost:{port}/webhooks/rest/webhook\n"
            '    body: {"sender": "me", "message": "What does a sonographer do?"}\n'
            f"{where}"
            "  Advisors: make shell (in another terminal)\n"
            "Press Ctrl-C to stop.\n",
            flush=True,
        )
        supervisor = services.Supervisor(started, environment)
        while True:
            supervisor.check()
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nStopping...")
        return 0
    except (RuntimeError, TimeoutError, scaled.ScaledError) as error:
        print(f"Could not start: {error}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not cut this short
        for service in reversed(started):
            service.stop()
        if args.scaled:
            scaled.forget_replicas()


if __name__ == "__main__":
    sys.exit(main())
