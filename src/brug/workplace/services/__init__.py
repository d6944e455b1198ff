"""Every write of workplace learning. Each service: permission, validation, write, audit, notify.

Validation happens before any write, so a refused request changes nothing.

The services live in one module per section; every public name is re-exported here, so
`from brug.workplace.services import x` keeps working.
"""

from brug.workplace.services.agreements import (
    agreement_status,
    learning_agreement_consent,
    learning_agreement_create,
    learning_agreement_update,
    required_parties,
    sides_of,
)
from brug.workplace.services.applications import (
    application_record_intake,
    application_submit,
    application_withdraw,
)
from brug.workplace.services.bulk_placements import (
    PLACEMENT_COLUMNS,
    CreatedPlacement,
    placements_create_bulk,
)
from brug.workplace.services.field_log import contact_record
from brug.workplace.services.guidance import (
    guidance_record,
    start_up_trajectory_save,
    trajectory_advice_record,
    workplace_feedback_give,
)
from brug.workplace.services.learners import learner_register, learner_update_screening
from brug.workplace.services.mandates import mandate_grant, mandate_revoke
from brug.workplace.services.mentors import (
    mentor_create,
    mentor_deactivate,
    mentor_reactivate,
    mentor_training_due_on,
    mentor_training_reminders_send,
    mentor_update,
)
from brug.workplace.services.openings import (
    opening_close,
    opening_create,
    opening_publish,
    opening_update,
)
from brug.workplace.services.placement_rule import (
    BULK_BATCH,
    Basis,
    PlacementSpec,
    placements_check,
)
from brug.workplace.services.placements import placement_create, placement_end
from brug.workplace.services.recognition_conditions import (
    condition_evidence_record,
    condition_verdict_record,
    conditions_of,
    recognition_renewal_request,
    site_visit_record,
)
from brug.workplace.services.recognitions import (
    recognition_appeal,
    recognition_apply,
    recognition_decide,
    recognition_plan_visit,
    recognition_reinstate,
    recognition_renew,
    recognition_submit,
    recognition_suspend,
    recognition_update,
    recognition_withdraw,
)
from brug.workplace.services.training_plans import (
    training_plan_create,
    training_plan_item_move,
    training_plan_record_progress,
    workplace_share,
)

__all__ = [
    "BULK_BATCH",
    "PLACEMENT_COLUMNS",
    "Basis",
    "CreatedPlacement",
    "PlacementSpec",
    "agreement_status",
    "application_record_intake",
    "application_submit",
    "application_withdraw",
    "condition_evidence_record",
    "condition_verdict_record",
    "conditions_of",
    "contact_record",
    "guidance_record",
    "learner_register",
    "learner_update_screening",
    "learning_agreement_consent",
    "learning_agreement_create",
    "learning_agreement_update",
    "mandate_grant",
    "mandate_revoke",
    "mentor_create",
    "mentor_deactivate",
    "mentor_reactivate",
    "mentor_training_due_on",
    "mentor_training_reminders_send",
    "mentor_update",
    "opening_close",
    "opening_create",
    "opening_publish",
    "opening_update",
    "placement_create",
    "placement_end",
    "placements_check",
    "placements_create_bulk",
    "recognition_appeal",
    "recognition_apply",
    "recognition_decide",
    "recognition_plan_visit",
    "recognition_reinstate",
    "recognition_renew",
    "recognition_renewal_request",
    "recognition_submit",
    "recognition_suspend",
    "recognition_update",
    "recognition_withdraw",
    "required_parties",
    "sides_of",
    "site_visit_record",
    "start_up_trajectory_save",
    "training_plan_create",
    "training_plan_item_move",
    "training_plan_record_progress",
    "trajectory_advice_record",
    "workplace_feedback_give",
    "workplace_share",
]
