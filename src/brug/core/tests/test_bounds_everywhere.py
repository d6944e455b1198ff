"""Every stored text, number and date of Brug has a database bound (issue 11, section 3).

The services check each field a person writes (`brug.core.bounds`); this test makes sure the
database backstop exists for every field of every Brug model, so a new field without a bound
fails here instead of storing a 5 MB name or the year 0001. Fields that only the platform itself
writes (audit trail, jobs, mail queue, snapshots, engine output) are listed below with the reason
they need no bound of their own.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.models import CheckConstraint

# Whole models written only by the platform, never from a person's input.
SYSTEM_MODELS = {
    "core.AccessLog": "read log written by the policy layer",
    "core.AuditEntry": "audit trail written by services",
    "core.Job": "job queue written by the job runner",
    "core.Notification": "written by notify() from service-composed text",
    "core.OutgoingMail": "mail queue written by the mail layer",
    "access.ApiTokenUse": "use log written by the token authentication",
    "monitoring.Snapshot": "metric snapshots computed by the platform",
    "matching.RoundResult": "matching engine output",
    "matching.RoundRun": "matching engine run record",
    "workplace.RecognitionEvent": "state-machine history written by services",
    "innovet.Certificate": "copies of already-bounded names, frozen at issue",
    "innovet.OfferDomainFacet": "search rows copied from bounded offer fields by catalogue_changed",
    "innovet.OfferProgrammeFacet": "search rows copied from bounded offer fields by catalogue_changed",
    "innovet.OfferFacet": "search rows copied from bounded offer fields by catalogue_changed",
    "innovet.OfferFacetGroup": "counts of the OfferFacet rows kept by catalogue_changed",
}
# Single fields written only by the platform.
SYSTEM_FIELDS = {
    "accounts.User.password": "a password hash",
    "accounts.User.oidc_subject": "the identity provider's subject, set at sign-in",
    "accounts.Invitation.token_hash": "a hash",
    "access.ApiToken.prefix": "generated",
    "workplace.Learner.pseudonym": "generated",
    "workplace.Mentor.training_reminder_sent_on": "set by the reminder command",
    "innovet.Offer.search_document": "derived from bounded fields",
    "innovet.Offer.search_title": "derived from the bounded title",
    "partnerships.Partnership.search_document": "derived from bounded fields",
    "innovet.Material.download_count": "a counter",
}
TEXT = (models.CharField, models.TextField)
NUMBER = (models.IntegerField, models.DecimalField, models.FloatField)


def _needs_bound(field: models.Field) -> str | None:
    if field.primary_key or isinstance(field, (models.ForeignKey, models.BooleanField)):
        return None
    if field.choices:  # a closed list, checked by its own constraint or the service
        return None
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return None
    if isinstance(field, TEXT):
        return "length"
    if isinstance(field, NUMBER):
        return "range"
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return "date"
    return None


def _unbounded() -> list[str]:
    missing: list[str] = []
    for model in apps.get_models():
        label = model._meta.label
        if not model.__module__.startswith("brug.") or label in SYSTEM_MODELS:
            continue
        conditions = " ".join(
            str(c.condition) for c in model._meta.constraints if isinstance(c, CheckConstraint)
        )
        for field in model._meta.concrete_fields:
            kind = _needs_bound(field)
            if kind is None or f"{label}.{field.name}" in SYSTEM_FIELDS:
                continue
            names = (f"'{field.name}__", f"'{field.name}'", f"F({field.name})")
            if not any(name in conditions for name in names):
                missing.append(f"{label}.{field.name} ({kind})")
    return missing


def test_every_person_written_field_has_a_database_bound() -> None:
    missing = _unbounded()
    assert not missing, (
        "Fields without a database bound (add length_check / range_check / date_check from "
        "brug.core.bounds to the model's Meta.constraints, and the matching check in the "
        f"service): {missing}"
    )


def test_the_exemptions_name_real_models_and_fields() -> None:
    for label in SYSTEM_MODELS:
        apps.get_model(label)
    for dotted in SYSTEM_FIELDS:
        app_label, model_name, field = dotted.split(".")
        apps.get_model(app_label, model_name)._meta.get_field(field)
