"""Serializers: what each endpoint shows. Learner data for companies is pseudonymous."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from brug.workplace import models as m


class RecognitionSerializer(serializers.ModelSerializer[m.Recognition]):
    is_recognised = serializers.SerializerMethodField()

    class Meta:
        model = m.Recognition
        fields = [
            "id",
            "company",
            "site",
            "programme",
            "partnership",
            "status",
            "activities",
            "mentors",
            "submitted_at",
            "decided_at",
            "valid_from",
            "valid_until",
            "reason",
            "renews",
            "is_recognised",
        ]
        read_only_fields = fields

    def get_is_recognised(self, obj: m.Recognition) -> bool:
        return obj.is_recognised()


class RecognitionApplySerializer(serializers.Serializer[Any]):
    company = serializers.IntegerField()
    site = serializers.IntegerField()
    programme = serializers.IntegerField()
    activities = serializers.CharField(allow_blank=True)
    mentors = serializers.ListField(child=serializers.IntegerField(), required=False)
    submit = serializers.BooleanField(required=False, default=False)


class RecognitionTransitionSerializer(serializers.Serializer[Any]):
    name = serializers.ChoiceField(
        choices=[
            "submit",
            "plan_visit",
            "approve",
            "refuse",
            "appeal",
            "renew",
            "suspend",
            "reinstate",
            "withdraw",
        ]
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    visit_on = serializers.DateField(required=False)


class RecognitionConditionSerializer(serializers.ModelSerializer[m.RecognitionCondition]):
    has_evidence = serializers.BooleanField(read_only=True)
    has_evidence_file = serializers.SerializerMethodField()

    class Meta:
        model = m.RecognitionCondition
        fields = [
            "id",
            "recognition",
            "kind",
            "evidence",
            "has_evidence",
            "has_evidence_file",
            "evidence_at",
            "verdict",
            "verdict_note",
            "verdict_at",
        ]
        read_only_fields = fields

    def get_has_evidence_file(self, obj: m.RecognitionCondition) -> bool:
        return bool(obj.evidence_file)


class ConditionEvidenceSerializer(serializers.Serializer[Any]):
    recognition = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=m.ConditionKind.choices)
    evidence = serializers.CharField(allow_blank=True, max_length=m.LONG_TEXT_MAX)
    evidence_file = serializers.FileField(required=False, allow_null=True, default=None)


class ConditionVerdictSerializer(serializers.Serializer[Any]):
    verdict = serializers.ChoiceField(choices=m.ConditionVerdict.choices)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=m.LONG_TEXT_MAX
    )


class SiteVisitSerializer(serializers.ModelSerializer[m.SiteVisit]):
    class Meta:
        model = m.SiteVisit
        fields = ["id", "recognition", "on", "visitor_name", "findings", "created_at"]
        read_only_fields = fields


class SiteVisitCreateSerializer(serializers.Serializer[Any]):
    recognition = serializers.IntegerField()
    on = serializers.DateField()
    visitor_name = serializers.CharField(max_length=m.NAME_MAX * 2)
    findings = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=m.LONG_TEXT_MAX
    )


class RenewalRequestSerializer(serializers.Serializer[Any]):
    activities = serializers.CharField(
        required=False, allow_null=True, default=None, max_length=m.LONG_TEXT_MAX
    )


class MentorSerializer(serializers.ModelSerializer[m.Mentor]):
    class Meta:
        model = m.Mentor
        fields = [
            "id",
            "company",
            "site",
            "first_name",
            "last_name",
            "email",
            "birth_date",
            "experience_years",
            "has_relevant_diploma",
            "criminal_record_checked_on",
            "age_derogation",
            "training_completed_on",
            "is_active",
        ]
        read_only_fields = ["id", "is_active"]
        extra_kwargs = {
            "experience_years": {"required": True, "min_value": 0, "max_value": 60},
        }


class OpeningSerializer(serializers.ModelSerializer[m.Opening]):
    free_places = serializers.IntegerField(read_only=True)
    distance_km = serializers.SerializerMethodField()

    class Meta:
        model = m.Opening
        fields = [
            "id",
            "workplace",
            "company",
            "site",
            "programme",
            "kind",
            "start",
            "end",
            "capacity",
            "filled",
            "free_places",
            "days_per_week",
            "description",
            "requirements",
            "practical_notes",
            "target_group",
            "target_group_places",
            "status",
            "distance_km",
        ]
        read_only_fields = ["id", "company", "site", "programme", "filled", "status"]

    def get_distance_km(self, obj: m.Opening) -> float | None:
        return getattr(obj, "distance_km", None)


class OpeningCreateSerializer(serializers.Serializer[Any]):
    workplace = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=m.PlacementKind.choices)
    start = serializers.DateField()
    end = serializers.DateField()
    capacity = serializers.IntegerField(min_value=1, max_value=m.OPENING_CAPACITY_MAX)
    days_per_week = serializers.IntegerField(default=2, min_value=1, max_value=5)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=m.LONG_TEXT_MAX
    )
    requirements = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=m.LONG_TEXT_MAX
    )
    practical_notes = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=m.LONG_TEXT_MAX
    )
    publish = serializers.BooleanField(default=False)
    target_group = serializers.ChoiceField(
        choices=m.TargetGroup.choices, required=False, allow_blank=True, default=""
    )
    target_group_places = serializers.IntegerField(
        required=False, default=0, min_value=0, max_value=m.OPENING_CAPACITY_MAX
    )


class LearnerSerializer(serializers.ModelSerializer[m.Learner]):
    """Pseudonymous: no identifying fields. What a company sees of a candidate; the class
    council's screening and the support-need flag only for the school."""

    class Meta:
        model = m.Learner
        fields = [
            "id",
            "pseudonym",
            "school",
            "programme",
            "grade",
            "year_in_grade",
            "home_municipality",
        ]
        read_only_fields = fields


class LearnerScreeningSerializer(LearnerSerializer):
    """Adds the class council's non-binding advice (matrix: `view_screening`).
    `start_up_phase`: the learner has a start-up trajectory (`StartUpTrajectory`)."""

    start_up_phase = serializers.SerializerMethodField()

    def get_start_up_phase(self, obj: m.Learner) -> bool:
        return bool(obj.start_up_trajectories.all())

    class Meta(LearnerSerializer.Meta):
        fields = [*LearnerSerializer.Meta.fields, "ready", "willing", "start_up_phase"]
        read_only_fields = fields


class LearnerSchoolSerializer(LearnerScreeningSerializer):
    """Adds the support-need flag (matrix: `view_support_need`)."""

    class Meta(LearnerScreeningSerializer.Meta):
        fields = [
            *LearnerScreeningSerializer.Meta.fields,
            "has_support_need",
            "early_school_leaver",
        ]
        read_only_fields = fields


class LearnerRegisterSerializer(serializers.Serializer[Any]):
    school = serializers.IntegerField()
    programme = serializers.IntegerField()
    grade = serializers.IntegerField()
    home_municipality = serializers.IntegerField()
    first_name = serializers.CharField(max_length=m.NAME_MAX)
    last_name = serializers.CharField(max_length=m.NAME_MAX)
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    email = serializers.EmailField(
        required=False, allow_blank=True, default="", max_length=m.EMAIL_MAX
    )
    ready = serializers.BooleanField(required=False, allow_null=True, default=None)
    willing = serializers.BooleanField(required=False, allow_null=True, default=None)
    has_support_need = serializers.BooleanField(default=False)
    year_in_grade = serializers.IntegerField(required=False, allow_null=True, default=None)
    early_school_leaver = serializers.BooleanField(default=False)


class ApplicationSerializer(serializers.ModelSerializer[m.Application]):
    learner_pseudonym = serializers.CharField(source="learner.pseudonym", read_only=True)
    decline_reason = serializers.ChoiceField(
        choices=m.DeclineReason.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = m.Application
        fields = [
            "id",
            "learner",
            "learner_pseudonym",
            "opening",
            "rank",
            "status",
            "decline_reason",
            "intake_on",
        ]
        read_only_fields = ["id", "learner_pseudonym", "status", "decline_reason", "intake_on"]


class IntakeSerializer(serializers.Serializer[Any]):
    accepted = serializers.BooleanField()
    reason = serializers.ChoiceField(
        choices=m.DeclineReason.choices, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PlacementSerializer(serializers.ModelSerializer[m.Placement]):
    learner_pseudonym = serializers.CharField(source="learner.pseudonym", read_only=True)
    end_reason = serializers.ChoiceField(
        choices=m.EndReason.choices, allow_blank=True, read_only=True
    )

    agreement_status = serializers.SerializerMethodField()

    def get_agreement_status(self, obj: m.Placement) -> str:
        """none, awaiting_consent or signed (issue 14: signed once every party consented)."""
        agreement = getattr(obj, "agreement", None)
        if agreement is None:
            return "none"
        return "signed" if agreement.is_signed else "awaiting_consent"

    class Meta:
        model = m.Placement
        fields = [
            "id",
            "learner",
            "learner_pseudonym",
            "opening",
            "mentor",
            "start",
            "end",
            "status",
            "end_reason",
            "ended_on",
            "agreement_status",
        ]
        read_only_fields = [
            "id",
            "learner_pseudonym",
            "status",
            "end_reason",
            "ended_on",
            "agreement_status",
        ]
        extra_kwargs = {"start": {"required": False}, "end": {"required": False}}


class EndSerializer(serializers.Serializer[Any]):
    early = serializers.BooleanField(default=False)
    reason = serializers.ChoiceField(
        choices=m.EndReason.choices, required=False, allow_blank=True, default=""
    )
    on = serializers.DateField(required=False)


class TrainingPlanItemSerializer(serializers.ModelSerializer[m.TrainingPlanItem]):
    competence_code = serializers.CharField(source="competence.code", read_only=True)

    class Meta:
        model = m.TrainingPlanItem
        fields = ["id", "competence", "competence_code", "location", "progress"]
        read_only_fields = fields


class TrainingPlanSerializer(serializers.ModelSerializer[m.TrainingPlan]):
    items = TrainingPlanItemSerializer(many=True, read_only=True)
    workplace_share = serializers.SerializerMethodField()

    class Meta:
        model = m.TrainingPlan
        fields = ["id", "placement", "items", "workplace_share"]
        read_only_fields = fields

    def get_workplace_share(self, obj: m.TrainingPlan) -> float | None:
        from brug.workplace.services import workplace_share

        return workplace_share(obj)


class ProgressSerializer(serializers.Serializer[Any]):
    item = serializers.IntegerField()
    progress = serializers.ChoiceField(choices=m.ProgressLevel.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ContactSerializer(serializers.ModelSerializer[m.Contact]):
    class Meta:
        model = m.Contact
        fields = [
            "id",
            "organisation",
            "company",
            "school",
            "recognition",
            "kind",
            "purpose",
            "on",
            "notes",
        ]
        read_only_fields = ["id", "organisation", "recognition"]


# ---------------------------------------------------------------- issue 14: the agreement,
# trajectory guidance, the quality of learning workplaces


class AgreementConsentSerializer(serializers.ModelSerializer[m.AgreementConsent]):
    class Meta:
        model = m.AgreementConsent
        fields = ["party", "signer_name", "recorded_by", "given_at"]
        read_only_fields = fields


class LearningAgreementSerializer(serializers.ModelSerializer[m.LearningAgreement]):
    """`status`: awaiting_consent or signed; `required_parties`: the learner or, for a minor,
    a parent, plus the company and the school."""

    placement = serializers.IntegerField(source="placement_id")
    kind = serializers.ChoiceField(choices=list(m.AGREEMENT_KIND_LABELS))
    insurer = serializers.ChoiceField(choices=list(m.INSURER_LABELS))
    allowance_per_month = serializers.DecimalField(max_digits=9, decimal_places=2)
    consents = AgreementConsentSerializer(many=True, read_only=True)
    status = serializers.SerializerMethodField()
    required_parties = serializers.SerializerMethodField()

    class Meta:
        model = m.LearningAgreement
        fields = [
            "id",
            "placement",
            "kind",
            "days_per_week",
            "hours_per_week",
            "allowance_per_month",
            "insurer",
            "status",
            "signed_at",
            "required_parties",
            "consents",
        ]
        read_only_fields = ["id", "status", "signed_at", "required_parties", "consents"]
        # The service bounds the numbers and answers in both languages.
        extra_kwargs = {
            "days_per_week": {"min_value": None, "max_value": None},
            "hours_per_week": {"min_value": None, "max_value": None},
        }

    def get_status(self, obj: m.LearningAgreement) -> str:
        return "signed" if obj.is_signed else "awaiting_consent"

    def get_required_parties(self, obj: m.LearningAgreement) -> list[str]:
        from brug.workplace.services import required_parties

        return required_parties(obj)


class ConsentSerializer(serializers.Serializer[Any]):
    party = serializers.ChoiceField(choices=list(m.PARTY_LABELS))
    signer_name = serializers.CharField(allow_blank=True, max_length=1000)


class TrajectoryAdviceSerializer(serializers.ModelSerializer[m.TrajectoryAdvice]):
    learner = serializers.IntegerField(source="learner_id")
    source = serializers.ChoiceField(  # type: ignore[assignment]  # a field named "source"
        choices=list(m.ADVICE_SOURCE_LABELS)
    )
    outcome = serializers.ChoiceField(choices=list(m.ADVICE_OUTCOME_LABELS))
    reason = serializers.CharField(allow_blank=True, max_length=100_000)
    given_on = serializers.DateField(required=False)

    class Meta:
        model = m.TrajectoryAdvice
        fields = [
            "id",
            "learner",
            "source",
            "outcome",
            "ready",
            "willing",
            "reason",
            "given_on",
            "given_by",
            "created_at",
        ]
        read_only_fields = ["id", "given_by", "created_at"]


class StartUpTrajectorySerializer(serializers.ModelSerializer[m.StartUpTrajectory]):
    learner = serializers.IntegerField(source="learner_id")
    content = serializers.CharField(allow_blank=True, max_length=100_000)
    organiser = serializers.CharField(allow_blank=True, max_length=10_000)
    duration_weeks = serializers.IntegerField()

    class Meta:
        model = m.StartUpTrajectory
        fields = [
            "id",
            "learner",
            "content",
            "duration_weeks",
            "organiser",
            "starts_on",
            "completed_on",
            "migrated",
        ]
        read_only_fields = ["id", "migrated"]


class GuidanceEntrySerializer(serializers.ModelSerializer[m.GuidanceEntry]):
    """`progress` (end-of-period evaluation only): training-plan item id → progress level."""

    placement = serializers.IntegerField(source="placement_id")
    kind = serializers.ChoiceField(choices=list(m.GUIDANCE_KIND_LABELS))
    notes = serializers.CharField(allow_blank=True, max_length=100_000)
    on = serializers.DateField(required=False)
    progress = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, write_only=True
    )

    class Meta:
        model = m.GuidanceEntry
        fields = ["id", "placement", "kind", "on", "notes", "author_side", "progress", "created_at"]
        read_only_fields = ["id", "author_side", "created_at"]


class WorkplaceFeedbackSerializer(serializers.ModelSerializer[m.WorkplaceFeedback]):
    placement = serializers.IntegerField(source="placement_id")
    learning_culture = serializers.IntegerField()
    guidance = serializers.IntegerField()
    comment = serializers.CharField(allow_blank=True, required=False, max_length=100_000)

    class Meta:
        model = m.WorkplaceFeedback
        fields = [
            "id",
            "placement",
            "respondent",
            "learning_culture",
            "guidance",
            "comment",
            "created_at",
        ]
        read_only_fields = ["id", "respondent", "created_at"]


class QualityScoreSerializer(serializers.Serializer[Any]):
    respondent = serializers.CharField()
    answers = serializers.IntegerField(allow_null=True)
    learning_culture = serializers.FloatField(allow_null=True)
    guidance = serializers.FloatField(allow_null=True)


class QualitySerializer(serializers.Serializer[Any]):
    """Quality signals of a workplace. `null`: suppressed, fewer than `k` people."""

    recognition_id = serializers.IntegerField()
    detailed = serializers.BooleanField()
    k = serializers.IntegerField()
    placements_ended = serializers.IntegerField(allow_null=True)
    ended_early = serializers.IntegerField(allow_null=True)
    early_reasons = serializers.ListField(child=serializers.ListField())
    scores = QualityScoreSerializer(many=True)
    mentors = serializers.IntegerField()
    mentors_trained = serializers.IntegerField()
    comments = serializers.ListField(child=serializers.ListField())
