"""Finding "the first one", "the latter" and "that one" in a message, and nothing else."""

import pytest

from bot.nlu.references import find_mentions


@pytest.mark.parametrize("text, value, matched", [
    ("tell me about the second one", "2", "second one"),
    ("the LAST option please", "-1", "LAST option"),
    ("the 3rd choice", "3", "3rd choice"),
    ("the latter", "-1", "the latter"),
    ("the former, I think", "1", "the former"),
    ("number 2", "2", "number 2"),
    ("#1", "1", "#1"),
    ("that one", "this", "that one"),
    ("the second", "2", "the second"),
    ("which one needs an x-ray background?", "each", "which one"),
    ("which of the two pays more", "each", "which of the two"),
    ("do both need a degree", "each", "both"),
    # a comparative asks about every item compared
    ("and which is fewer years of school", "each", "which"),
    ("which pays better", "each", "which"),
    # an item called by a word of its name
    ("ok tell me more about the therapy one, like a normal day", "named:therapy",
     "the therapy one"),
    ("sorry i meant the Nuc Med one", "named:nuc med", "the Nuc Med one"),
])
def test_references_are_found(text, value, matched):
    [mention] = find_mentions(text)
    assert (mention.label, mention.value, mention.text) == ("mention", value, matched)
    assert text[mention.start:mention.end] == matched


@pytest.mark.parametrize("text", [
    "what should I do first?",
    "which is the fastest imaging job to get into",  # among all careers, not those compared
    "the second step of the pathway",
    "is this the last exam?",
    "what is the first thing to study",
    "one more question",
])
def test_ordinary_words_are_not_references(text):
    assert find_mentions(text) == []
