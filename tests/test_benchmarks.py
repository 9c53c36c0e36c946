"""The side-by-side benchmark's bookkeeping: processes, memory and the report's ratios.

The benchmark itself (``make bench``) runs both bots for many minutes; what it computes from
its measurements is checked here on made-up figures and on this test's own processes.
"""

import os
import subprocess
import sys

from benchmarks.compare import Figures, p95, process_tree, rasa_server, report, rss_mib
from benchmarks.launcher import wait_for


def figures(scale: float, cold_start: float = 10.0) -> Figures:
    solo = [0.1 * scale] * 19 + [1.0 * scale]
    crowd = [0.2 * scale] * 20
    return Figures(cold_start=cold_start, solo=solo,
                   crowds={10: crowd, 50: crowd}, crowd_seconds={10: 2.0 * scale, 50: 4.0},
                   rasa_mib=1000 * scale, total_mib=1500 * scale)


def test_the_95th_percentile_is_the_value_below_which_95_percent_lie():
    assert p95([float(n) for n in range(1, 101)]) == 95.0
    assert p95([3.0]) == 3.0


def test_the_report_gives_both_bots_and_the_median_of_each_rounds_ratio():
    rounds = [{"ours": figures(2.0), "starter": figures(1.0)},
              {"ours": figures(3.0), "starter": figures(1.0)},
              {"ours": figures(1.0), "starter": figures(1.0)}]
    lines = {line[:38].strip(): line[38:].split() for line in report(rounds, None).splitlines()
             if line[:38].strip()}
    # ours: medians 200 / 100 ms; ratios 2, 3 and 1: median 2
    assert lines["1 user, median reply (ms)"] == ["200.0", "100.0", "2.00"]
    assert lines["memory, Rasa server (MiB)"] == ["2000.0", "1000.0", "2.00"]
    # throughput: 20 messages in 2 s x scale; ours half as fast in the median round
    assert lines["10 users, throughput (messages/s)"] == ["5.0", "10.0", "0.50"]
    assert lines["50 users, throughput (messages/s)"][-1] == "1.00"
    assert "training from scratch (s)" not in lines


def test_the_report_gives_the_training_figures_when_measured():
    rounds = [{"ours": figures(1.0), "starter": figures(1.0)}]
    text = report(rounds, {"ours": 300.0, "starter": 100.0,
                           "ours, a story-only change": 40.0})
    assert "training from scratch (s)" in text and "3.00" in text
    assert "ours, after a story-only change (s)" in text


def test_memory_is_counted_over_a_process_and_its_children():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        tree = process_tree(os.getpid())
        assert os.getpid() in tree and child.pid in tree
        assert rss_mib(tree) > rss_mib([os.getpid()]) > 0
    finally:
        child.kill()
        child.wait()


def test_the_rasa_server_is_told_from_the_action_server():
    # a parent of its own, as the launcher is: this test's own process tree may hold other
    # servers, started by other tests
    sleeper = "import time; time.sleep(30)"
    parent = subprocess.Popen(
        [sys.executable, "-c",
         "import subprocess, sys, time\n"
         f"a = subprocess.Popen([sys.executable, '-c', {sleeper!r}, 'rasa', 'run', 'actions'])\n"
         f"b = subprocess.Popen([sys.executable, '-c', {sleeper!r}, 'rasa', 'run'])\n"
         "print(a.pid, b.pid, flush=True)\n"
         "time.sleep(30)\n"],
        stdout=subprocess.PIPE, text=True)
    try:
        _, rasa = (int(pid) for pid in parent.stdout.readline().split())
        assert wait_for(lambda: rasa_server(parent.pid) == rasa, timeout=10)
    finally:
        for pid in process_tree(parent.pid)[::-1]:
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
        parent.wait()


def test_the_profile_reads_py_spys_stacks_and_shares_them_among_the_parts(tmp_path):
    from benchmarks.profile import read_samples, shares, top_functions

    raw = tmp_path / "rasa.txt"
    raw.write_text(
        "handle (sanic/app.py);parse (rasa/nlu/x.py);__call__ (spacy/language.py) 6\n"
        "handle (sanic/app.py);save (rasa/core/tracker_store.py);execute (sqlalchemy/e.py) 3\n"
        "handle (sanic/app.py);save (rasa/core/tracker_store.py);execute (sqlalchemy/e.py) 1\n"
        "not a sample line\n")
    samples = read_samples(raw)
    assert sum(samples.values()) == 10
    parts = (("NLU", ("rasa/nlu/",)), ("tracker store", ("rasa/core/tracker_store.py",)),
             ("HTTP", ("sanic/",)), ("lock store", ("rasa/core/lock_store.py",)))
    assert shares(samples, parts) == [("NLU", 0.6), ("tracker store", 0.4), ("HTTP", 1.0),
                                      ("lock store", 0.0)]
    assert top_functions(samples, 1) == [("__call__ (spacy/language.py)", 0.6)]
