"""``make nlu-eval``: print intent and entity F1 from a ``rasa test nlu`` results folder."""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Extractors the held-out examples carry no annotations for: the topic entity is scored
# by ``make understanding`` (bot.nlu.understanding), not here.
UNSCORED = frozenset({"TopicRouter"})


def summary(results: Path, intents_only: bool = False) -> str:
    """Weighted-average precision, recall and F1 for intents and each entity extractor.

    ``intents_only`` leaves out the entity extractors, for examples not annotated with
    entities (every entity found would count as wrong).
    """
    lines = []
    pattern = "intent_report.json" if intents_only else "*_report.json"
    for report in sorted(results.glob(pattern)):
        data = json.loads(report.read_text())
        name = report.stem.removesuffix("_report")
        if name in UNSCORED:
            continue
        average = data.get("weighted avg") or data.get("micro avg")
        if not average:
            continue
        lines.append(f"{name:28} precision {average['precision']:.3f}  recall "
                     f"{average['recall']:.3f}  F1 {average['f1-score']:.3f}  "
                     f"(support {average['support']})")
        weak = [label for label, row in data.items()
                if isinstance(row, dict) and "f1-score" in row and row["f1-score"] < 0.8
                and label not in ("weighted avg", "micro avg", "macro avg")]
        if weak:
            lines.append(f"{'':28} below 0.8: {', '.join(sorted(weak))}")
    return "\n".join(lines)


def main(argv: list) -> int:
    """Print the summary of the results folder given (default results/nlu).

    ``--intents`` after the folder: intents only.
    """
    results = Path(argv[1] if len(argv) > 1 else "results/nlu")
    text = summary(results, intents_only="--intents" in argv[2:])
    if not text:
        print(f"No reports in {results}: run `rasa test nlu` first.", file=sys.stderr)
        return 1
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
