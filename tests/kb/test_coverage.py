"""The role x topic coverage matrix: a sourced fact, a recorded gap, or a hole."""

from __future__ import annotations

import shutil

import yaml

from bot import cli
from bot.kb.coverage import FACT, GAP, TOPICS, coverage, holes, render
from bot.kb.loader import read_knowledge


def test_a_known_figure_is_a_fact_and_a_numberless_entry_a_gap(knowledge_dir):
    matrix = coverage(read_knowledge(knowledge_dir))
    pay = {role: row["pay"] for role, row in matrix.items()}
    knowledge = read_knowledge(knowledge_dir)
    for entry in knowledge["pay"]:
        expected = FACT if entry["median_annual_usd"] is not None else GAP
        assert pay[entry["role"]] == expected
    assert set(matrix) == {role["id"] for role in knowledge["roles"]}
    assert all(set(row) == {topic.name for topic in TOPICS} for row in matrix.values())


def test_a_role_with_nothing_recorded_is_a_hole_and_the_command_fails(knowledge_dir, tmp_path,
                                                                        capsys):
    copy = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir, copy)
    roles = yaml.safe_load((copy / "roles.yml").read_text())
    new = dict(roles["roles"][0], id="astronaut", name="Astronaut", aliases=["astronaut"],
               exact_aliases=[])
    roles["roles"].append(new)
    (copy / "roles.yml").write_text(yaml.safe_dump(roles))
    matrix = coverage(read_knowledge(copy))
    assert matrix["astronaut"]["overview"] == FACT
    assert ("astronaut", "pay") in holes(matrix)
    assert "| astronaut | fact | HOLE |" in render(matrix)
    assert cli.main(["coverage", "--knowledge-dir", str(copy)]) == 1
    assert "astronaut / pay" in capsys.readouterr().err


def test_the_command_prints_the_matrix_and_passes_without_holes(knowledge_dir, capsys):
    status = cli.main(["coverage", "--knowledge-dir", str(knowledge_dir)])
    matrix = coverage(read_knowledge(knowledge_dir))
    assert status == (1 if holes(matrix) else 0)
    assert render(matrix) in capsys.readouterr().out
