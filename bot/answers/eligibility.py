"""Who may earn a credential: its eligibility routes, as the sources state them."""

from __future__ import annotations

from typing import Iterable, List

from bot.answers.core import sentence
from bot.kb.models import Credential

# What the term explaining ARRT's route to a second credential is marked as explaining.
POST_PRIMARY = "post_primary_pathway"
# What the term telling a radiologist (a physician) from a technologist is marked as explaining.
ROLE_CONFUSION = "role_confusion"


def routes(credentials: Iterable[Credential]) -> List[str]:
    """Each credential's routes, one line each ("ARRT(CT): a credential in ...").

    A route the sources do not settle is said as its text says it, with the pointer to
    the body's page that the text carries; none is turned into a promise.
    """
    return [f"{credential.abbreviation}: {sentence(route.description)}"
            for credential in credentials for route in credential.routes]

