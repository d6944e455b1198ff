"""Every write of matching rounds: create, open, rank, close, run (job), compute, publish.

State machine: draft → open (learners rank until the preference deadline) → closed → computed
(preview; a re-run replaces it) → published (placements created; final).

The services live in one module per section; every public name is re-exported here, so
`from brug.matching.services import x` keeps working.
"""

from brug.matching.services._common import (
    BATCH,
    COORDINATOR_ROLE,
    MAX_RESERVE_SHARE,
    PUBLISH_JOB,
    RUN_JOB,
    Progress,
)
from brug.matching.services.publish import round_publish
from brug.matching.services.rounds import preferences_set, round_close, round_create, round_open
from brug.matching.services.runs import (
    gc_paused,
    round_compute,
    round_publish_start,
    round_run_start,
)

__all__ = [
    "BATCH",
    "COORDINATOR_ROLE",
    "MAX_RESERVE_SHARE",
    "PUBLISH_JOB",
    "RUN_JOB",
    "Progress",
    "gc_paused",
    "preferences_set",
    "round_close",
    "round_compute",
    "round_create",
    "round_open",
    "round_publish",
    "round_publish_start",
    "round_run_start",
]
