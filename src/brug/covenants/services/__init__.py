"""Every write on covenants. Each checks the permission matrix, validates (nothing changes on bad
input), writes, audits and notifies in one transaction.

The services live in modules by subject; every public name is re-exported here, so callers keep
importing from ``brug.covenants.services``."""

from brug.covenants.services.commitments import (
    action_create,
    addendum_create,
    addendum_record_plan,
    commitment_create,
)
from brug.covenants.services.evaluations import (
    covenant_funding,
    evaluation_create,
    measurement_record,
    own_result_commitments,
    result_funding,
)
from brug.covenants.services.lifecycle import (
    covenant_create,
    covenant_transition,
    covenant_update,
    generation_create,
)
from brug.covenants.services.reporting import (
    progress_entry_update,
    progress_report_open,
    progress_report_submit,
    reminders_due,
    reminders_send,
    window_create,
)
from brug.covenants.services.shortage import (
    responsible_sectors,
    shortage_signal_answer,
    shortage_signal_create,
    signaller_organisation,
)

__all__ = [
    "action_create",
    "addendum_create",
    "addendum_record_plan",
    "commitment_create",
    "covenant_create",
    "covenant_funding",
    "covenant_transition",
    "covenant_update",
    "evaluation_create",
    "generation_create",
    "measurement_record",
    "own_result_commitments",
    "progress_entry_update",
    "progress_report_open",
    "progress_report_submit",
    "reminders_due",
    "reminders_send",
    "responsible_sectors",
    "result_funding",
    "shortage_signal_answer",
    "shortage_signal_create",
    "signaller_organisation",
    "window_create",
]
