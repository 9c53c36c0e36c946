"""`make bench`, end to end: Rasa's starter bot is built, both bots run and every figure comes out.

One short round without the training figures (the full benchmark takes many minutes);
the figures themselves are the README's, not asserted here.
"""

import pytest

from benchmarks import compare

pytestmark = pytest.mark.e2e


def test_one_round_side_by_side_processes_every_message_and_reports_every_figure(capsys):
    assert compare.main(["--rounds", "1", "--no-training"]) == 0
    report = capsys.readouterr().out
    for row in ("1 user, p95 reply (ms)", "10 users, throughput (messages/s)",
                "50 users, p95 reply (ms)", "memory, Rasa server (MiB)",
                "memory, everything started (MiB)", "cold start to first answer (s)"):
        line = next(line for line in report.splitlines() if line.startswith(row))
        ours, starter, ratio = (float(value) for value in line[len(row):].split())
        assert ours > 0 and starter > 0 and ratio > 0, line
    assert "messages not processed: ours 0, starter 0" in report
    assert compare.STARTER_DIR.joinpath("domain.yml").is_file()  # built, kept for next time
