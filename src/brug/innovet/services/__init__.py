"""Every write in InnoVET: offers, sessions, registrations, certificates, guest lessons, bookings,
signals. Each service checks the permission matrix first, validates (bad input changes
nothing), writes in one transaction, audits and notifies. Teaching material: `materials.py`.

The services live in one module per section; every public name is re-exported here, so
`from brug.innovet.services import x` keeps working.
"""

from brug.innovet.services._common import PROVIDER_KINDS, SCHOOL_ROLES, STALE_AFTER_DAYS, members_of
from brug.innovet.services.bookings import booking_cancel, booking_create
from brug.innovet.services.broker import opportunity_signal
from brug.innovet.services.guest_lessons import (
    guest_request_agree,
    guest_request_close,
    guest_request_create,
)
from brug.innovet.services.offers import (
    OFFER_FIELDS,
    offer_create,
    offer_set_status,
    offer_update,
    offers_flag_stale,
    offers_refresh_summaries,
    offers_stale,
    session_add,
)
from brug.innovet.services.practice import (
    candidate_create,
    candidate_move,
    hybrid_job_close,
    hybrid_job_create,
    hybrid_job_respond,
    teacher_placement_cancel,
    teacher_placement_complete,
    teacher_placement_create,
    teacher_placement_decide,
)
from brug.innovet.services.registrations import (
    certificate_issue,
    registration_approve,
    registration_attendance_record,
    registration_cancel,
    registration_confirm,
    registration_create,
    registration_forward,
    registration_reject,
)
from brug.innovet.services.ten_days import (
    ten_day_intro_record,
    ten_day_record_day,
    ten_day_request_cancel,
    ten_day_request_create,
    ten_day_request_decide,
)

__all__ = [
    "OFFER_FIELDS",
    "PROVIDER_KINDS",
    "SCHOOL_ROLES",
    "STALE_AFTER_DAYS",
    "booking_cancel",
    "booking_create",
    "candidate_create",
    "candidate_move",
    "certificate_issue",
    "guest_request_agree",
    "guest_request_close",
    "guest_request_create",
    "hybrid_job_close",
    "hybrid_job_create",
    "hybrid_job_respond",
    "members_of",
    "offer_create",
    "offer_set_status",
    "offer_update",
    "offers_flag_stale",
    "offers_refresh_summaries",
    "offers_stale",
    "opportunity_signal",
    "registration_approve",
    "registration_attendance_record",
    "registration_cancel",
    "registration_confirm",
    "registration_create",
    "registration_forward",
    "registration_reject",
    "session_add",
    "teacher_placement_cancel",
    "teacher_placement_complete",
    "teacher_placement_create",
    "teacher_placement_decide",
    "ten_day_intro_record",
    "ten_day_record_day",
    "ten_day_request_cancel",
    "ten_day_request_create",
    "ten_day_request_decide",
]
