"""``make validate``: Rasa's data validation, strict, knowing what the custom code utters.

Rasa's validator (``rasa data validate --fail-on-warnings``) cannot see responses that
custom actions or the channel send by name, and reports each as "not used in any story or
rule". This runs the same checks with every warning treated as an error, except those
about responses that the code does send (``responses_sent_by_code``); a response that
nothing sends is still reported, and so is a code reference to a response that does not
exist.
"""

from __future__ import annotations

import re
import sys
import warnings
from typing import List, Set

from bot import names as name_module
from bot.settings import PROJECT_ROOT

_UNUSED = re.compile(r"The utterance '(?P<name>[^']+)' is not used in any story or rule\.")
_NO_EXAMPLES = re.compile(
    r"The intent '(?P<name>[^']+)' is listed in the domain file, but is not found in the NLU")
# Intents only buttons and commands send (``/feedback{...}``), never predicted from words:
# they have no training examples on purpose.
PAYLOAD_ONLY_INTENTS = frozenset({name_module.FEEDBACK})


def responses_sent_by_code() -> Set[str]:
    """The response names the answers, the actions and the channel send by name."""
    from actions import fallback
    from bot import channels

    names = {value for key, value in vars(name_module).items()
             if key.isupper() and isinstance(value, str) and value.startswith("utter_")}
    names.update(fallback.RESPONSES.values())
    names.add(channels.TECHNICAL_PROBLEM_RESPONSE)
    return names


def is_read_by_code(name: str, sent: Set[str]) -> bool:
    """Whether the code sends the response ``name``, or reads it as an intent's label."""
    from actions.base import INTENT_LABEL_PREFIX

    return name in sent or name.startswith(INTENT_LABEL_PREFIX)


def problems() -> List[str]:
    """Every validation problem, as text; empty when the data is clean."""
    from rasa.shared.importers.importer import TrainingDataImporter
    from rasa.validator import Validator

    importer = TrainingDataImporter.load_from_config(
        config_path=str(PROJECT_ROOT / "config.yml"),
        domain_path=str(PROJECT_ROOT / "domain.yml"),
        training_data_paths=[str(PROJECT_ROOT / "data" / part)
                             for part in ("nlu", "stories", "rules")],
    )
    validator = Validator.from_importer(importer)
    found: List[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        checks = [
            validator.verify_domain_validity(),
            validator.verify_actions_in_stories_rules(),
            validator.verify_forms_in_stories_rules(),
            validator.verify_form_slots(),
            validator.verify_slot_mappings(),
            validator.verify_nlu(ignore_warnings=False),
            validator.verify_story_structure(ignore_warnings=False),
        ]
    sent = responses_sent_by_code()
    for warning in caught:
        if not issubclass(warning.category, UserWarning):
            continue
        message = str(warning.message)
        unused = _UNUSED.search(message)
        if unused and is_read_by_code(unused.group("name"), sent):
            continue
        no_examples = _NO_EXAMPLES.search(message)
        if no_examples and no_examples.group("name") in PAYLOAD_ONLY_INTENTS:
            continue
        found.append(message)
    domain_responses = set(importer.get_domain().responses)
    found += [f"The code sends the response '{name}', which domain.yml does not define."
              for name in sorted(sent - domain_responses)]
    if not all(checks) and not found:
        found.append("Rasa's validator reported an error (see the log above).")
    return found


def drift_problems() -> List[str]:
    """The drift checks (``bot.drift``) on the project, on its built spaCy pipeline."""
    from bot import drift
    from bot.settings import DEFAULT_SPACY_PIPELINE_DIR

    recognise = drift.pipeline_recogniser(DEFAULT_SPACY_PIPELINE_DIR)
    return [str(problem) for problem in drift.check(PROJECT_ROOT, recognise)]


def main() -> int:
    """Print every validation problem; return 1 if there is any."""
    found = problems() + drift_problems()
    for problem in found:
        print(f"- {problem}", file=sys.stderr)
    if found:
        print(f"Training data validation failed: {len(found)} problem(s).", file=sys.stderr)
        return 1
    print("Training data is valid (Rasa's checks, warnings treated as errors; no drift between "
          "the knowledge base, the NLU data, the domain and the stories).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
