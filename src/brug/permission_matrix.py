"""THE permission matrix of Brug: role × relation to the object × action → allowed.

Everything not written here is denied. Each resource lists its actions; for each role, the
relations under which that role may do which actions (space-separated). Relations are defined
per resource in the app's `permissions.py` (how to test one object, how to filter a queryset);
`any` means every object of the resource. Tests are generated from this file
(`brug/core/tests/test_permission_matrix.py`) and `brug permissions-doc` renders it to
`docs/permissions.md`.

Roles: platform_admin, department_work, department_education, consultant, reviewer,
company_contact, guide, teacher, technical_adviser, rtc_staff, support_staff, vdab_staff,
learner, network_staff, education_council, intersectoral_adviser, privacy_contact, public.
"""

from __future__ import annotations

from functools import cache

Rules = dict[str, dict[str, str]]

REFERENCE_ACTIONS = "view change import export"
# "administered": the object belongs to an organisation for which the actor's membership
# carries the organisation-administrator flag. Every role but the learner can carry it.
_ORG_ADMIN = {"administered": "view create change delete"}
_ADMIN_CAPABLE_ROLES = (
    "department_work",
    "department_education",
    "consultant",
    "reviewer",
    "company_contact",
    "guide",
    "teacher",
    "technical_adviser",
    "rtc_staff",
    "support_staff",
    "vdab_staff",
)
REFERENCE_READ = "view export"


def _reference(editor_roles: tuple[str, ...] = ()) -> dict[str, object]:
    rules: Rules = {"public": {"any": REFERENCE_READ}, "platform_admin": {"any": REFERENCE_ACTIONS}}
    for role in editor_roles:
        rules[role] = {"any": REFERENCE_ACTIONS}
    return {"actions": REFERENCE_ACTIONS, "rules": rules}


MATRIX: dict[str, dict[str, object]] = {
    # ---------------------------------------------------------------- registry (reference data)
    "registry.referencelist": _reference(),
    "registry.province": _reference(),
    "registry.municipality": _reference(),
    "registry.postalcode": _reference(),
    "registry.rtcregion": _reference(),
    "registry.educationnetwork": _reference(("department_education",)),
    "registry.studydomain": _reference(("department_education",)),
    "registry.programme": _reference(("department_education",)),
    "registry.qualification": _reference(("department_education",)),
    "registry.competence": _reference(("department_education",)),
    "registry.sector": _reference(("department_work",)),
    "registry.jointcommittee": _reference(("department_work",)),
    # ---------------------------------------------------------------- registry (organisations)
    "registry.organisation": {
        "actions": "view create change import export",
        "rules": {
            "public": {"any": "view"},
            "platform_admin": {"any": "view create change import export"},
            "department_work": {"any": "view export"},
            "department_education": {"any": "view export"},
            "company_contact": {"organisation": "view change"},
            "guide": {"organisation": "view change"},
            "rtc_staff": {"organisation": "view change", "any": "export"},
            "consultant": {"organisation": "view change", "sector": "export"},
        },
    },
    "registry.site": {
        "actions": "view create change delete import export",
        "rules": {
            "public": {"any": "view"},
            "platform_admin": {"any": "view create change delete import export"},
            "company_contact": {"organisation": "view create change delete"},
            "guide": {"organisation": "view create change delete"},
            "rtc_staff": {"organisation": "view create change delete"},
            "consultant": {"organisation": "view create change delete", "sector": "export"},
        },
    },
    # ---------------------------------------------------------------- accounts
    "accounts.membership": {
        "actions": "view create change delete",
        "rules": {
            "platform_admin": {"any": "view create change delete"},
            "company_contact": {"own": "view", "organisation": "view", **_ORG_ADMIN},
            "guide": {"own": "view", "organisation": "view", **_ORG_ADMIN},
            "consultant": {"own": "view", "organisation": "view", **_ORG_ADMIN},
            "reviewer": {"own": "view", "organisation": "view", **_ORG_ADMIN},
            "department_work": {"own": "view", **_ORG_ADMIN},
            "department_education": {"own": "view", **_ORG_ADMIN},
            "teacher": {"own": "view", **_ORG_ADMIN},
            "rtc_staff": {"own": "view", "organisation": "view", **_ORG_ADMIN},
            "support_staff": {"own": "view", **_ORG_ADMIN},
            "vdab_staff": {"own": "view", **_ORG_ADMIN},
            "learner": {"own": "view"},
        },
    },
    # An organisation administrator (flag on the membership) invites colleagues; the platform
    # admin onboards an organisation and invites its first administrator.
    "accounts.invitation": {
        "actions": "view create change delete",
        "rules": {
            "platform_admin": {"any": "view create change delete"},
            **{role: dict(_ORG_ADMIN) for role in _ADMIN_CAPABLE_ROLES},
        },
    },
    # ---------------------------------------------------------------- core
    "core.job": {
        "actions": "view cancel",
        "rules": {
            "platform_admin": {"any": "view cancel"},
            **{
                role: {"own": "view cancel"}
                for role in (
                    "department_work",
                    "department_education",
                    "consultant",
                    "reviewer",
                    "company_contact",
                    "guide",
                    "teacher",
                    "rtc_staff",
                    "support_staff",
                    "vdab_staff",
                    "learner",
                )
            },
        },
    },
    # A person's saved searches and their alerts: private to the owner, whatever the role
    # (the platform administrator included).
    "core.savedsearch": {
        "actions": "view create change delete",
        "rules": {
            role: {"own": "view create change delete"}
            for role in (
                "platform_admin",
                "department_work",
                "department_education",
                "consultant",
                "reviewer",
                "company_contact",
                "guide",
                "teacher",
                "rtc_staff",
                "support_staff",
                "vdab_staff",
                "network_staff",
                "education_council",
                "intersectoral_adviser",
                "privacy_contact",
            )
        },
    },
    "core.auditentry": {
        "actions": "view",
        "rules": {"platform_admin": {"any": "view"}},
    },
    # The read log of personal data: the platform admin sees all of it; a school's
    # data-protection contact sees who read what about the school's learners.
    "core.accesslog": {
        "actions": "view",
        "rules": {
            "platform_admin": {"any": "view"},
            "privacy_contact": {"school_learner": "view"},
        },
    },
    # ---------------------------------------------------------------- access (sign-in, tokens)
    # API tokens: own = the actor's personal token or its own token for this organisation;
    # organisation = an organisation token a colleague made (seen by the roles that see their
    # organisation's members). A learner makes no tokens.
    "access.apitoken": {
        "actions": "view create revoke",
        "rules": {
            "platform_admin": {"any": "view revoke", "own": "view create revoke"},
            **{
                role: {"own": "view create revoke"}
                for role in (
                    "department_work",
                    "department_education",
                    "teacher",
                    "support_staff",
                    "vdab_staff",
                )
            },
            **{
                role: {"own": "view create revoke", "organisation": "view revoke"}
                for role in ("consultant", "reviewer", "company_contact", "guide", "rtc_staff")
            },
        },
    },
    # Failed sign-ins per username and address (django-axes); release = unlock now.
    "access.lockout": {
        "actions": "view release",
        "rules": {"platform_admin": {"any": "view release"}},
    },
    # ---------------------------------------------------------------- workplace (issue: workplace learning)
    "workplace.mandate": {
        "actions": "view create change",
        "rules": {
            "platform_admin": {"any": "view create change"},
            "company_contact": {"organisation": "view create change"},
            "guide": {"mandatee": "view"},
            "consultant": {"mandatee": "view"},
        },
    },
    "workplace.recognition": {
        # submit/appeal: the applicant's side; review: plan a visit, decide, renew, suspend, withdraw
        # view_quality: the workplace's quality signals as aggregates with small cells
        # suppressed (what the company sees); view_quality_detail: exact figures and the
        # feedback comments, without pseudonyms (sector consultant, reviewer; issue 14)
        "actions": (
            "view create change submit appeal review export view_quality view_quality_detail"
        ),
        "rules": {
            "public": {"recognised": "view"},
            "platform_admin": {
                "any": "view create change submit appeal review export view_quality "
                "view_quality_detail"
            },
            "department_work": {"any": "view export"},
            "company_contact": {"organisation": "view create change submit appeal view_quality"},
            "guide": {"mandate": "view create change submit appeal"},
            "consultant": {
                "mandate": "view create change submit appeal",
                "sector": "view export view_quality view_quality_detail",
            },
            "reviewer": {"partnership": "view review export view_quality view_quality_detail"},
        },
    },
    "workplace.recognitioncondition": {
        # change: the company (or its mandatee) records the evidence of a condition;
        # review: the reviewer gives the verdict per condition (no verdict "met" without evidence)
        "actions": "view change review",
        "rules": {
            "platform_admin": {"any": "view change review"},
            "department_work": {"any": "view"},
            "company_contact": {"organisation": "view change"},
            "guide": {"mandate": "view change"},
            "consultant": {"mandate": "view change", "sector": "view"},
            "reviewer": {"partnership": "view review"},
        },
    },
    "workplace.sitevisit": {
        # create: record a site visit of a recognition (date, visitor, findings)
        "actions": "view create",
        "rules": {
            "platform_admin": {"any": "view create"},
            "department_work": {"any": "view"},
            "company_contact": {"organisation": "view"},
            "consultant": {"sector": "view create"},
            "reviewer": {"partnership": "view create"},
        },
    },
    "workplace.mentor": {
        "actions": "view create change",
        "rules": {
            "platform_admin": {"any": "view create change"},
            "company_contact": {"organisation": "view create change"},
            "guide": {"mandate": "view create change"},
            "consultant": {"mandate": "view create change", "sector": "view"},
            "reviewer": {"partnership": "view"},
        },
    },
    "workplace.opening": {
        # place_by_round: fill places in bulk while publishing a matching round, only on the
        # openings of a computed round the actor may publish (`round_to_publish`, defined by
        # the matching app from the round's own `publish` rule).
        "actions": "view create change export place_by_round",
        "rules": {
            "public": {"published": "view"},
            "platform_admin": {"any": "view create change export place_by_round"},
            "department_work": {"any": "view export"},
            "company_contact": {"organisation": "view create change"},
            "consultant": {"sector": "view export", "round_to_publish": "place_by_round"},
            "guide": {"round_to_publish": "place_by_round"},
            "rtc_staff": {"round_to_publish": "place_by_round"},
        },
    },
    "workplace.learner": {
        # view_support_need: the optional support-need flag never leaves the school.
        # view_screening: the class council's non-binding advice (ready, willing, start-up
        # phase) is school-only too: a company sees what the intake needs (pseudonym, first
        # name, programme, school, grade, the application), nothing of the screening.
        # export: everything held about the learner, as a file the school hands over (GDPR);
        # erase: anonymise on request (the school's data-protection contact decides)
        "actions": "view create change view_support_need view_screening export erase",
        "rules": {
            "platform_admin": {
                "any": "view create change view_support_need view_screening export erase"
            },
            "guide": {"organisation": "view create change view_support_need view_screening export"},
            "privacy_contact": {
                "organisation": "view view_support_need view_screening export erase"
            },
            "teacher": {"organisation": "view view_screening"},
            "learner": {"own": "view"},
            "company_contact": {"counterpart": "view"},
        },
    },
    "workplace.learneridentity": {
        # view_first_name: a company sees only the first name of its candidates
        "actions": "view view_first_name change",
        "rules": {
            "platform_admin": {"any": "view view_first_name change"},
            "guide": {"organisation": "view view_first_name change"},
            "privacy_contact": {"organisation": "view view_first_name"},
            "learner": {"own": "view view_first_name"},
            "company_contact": {"counterpart": "view_first_name"},
        },
    },
    "workplace.application": {
        "actions": "view create withdraw intake",
        "rules": {
            "platform_admin": {"any": "view create withdraw intake"},
            "guide": {"organisation": "view create withdraw"},
            "learner": {"own": "view create withdraw"},
            "company_contact": {"counterpart": "view intake"},
        },
    },
    "workplace.placement": {
        "actions": "view create end",
        "rules": {
            "platform_admin": {"any": "view create end"},
            "guide": {"organisation": "view create end"},
            "teacher": {"organisation": "view"},
            "learner": {"own": "view"},
            "company_contact": {"counterpart": "view create end"},
            "consultant": {"sector": "view"},
        },
    },
    "workplace.trainingplan": {
        # record_progress: mentor (company side) and guide (school side)
        "actions": "view change record_progress",
        "rules": {
            "platform_admin": {"any": "view change record_progress"},
            "guide": {"organisation": "view change record_progress"},
            "teacher": {"organisation": "view"},
            "learner": {"own": "view"},
            "company_contact": {"counterpart": "view record_progress"},
        },
    },
    "workplace.standardtrajectory": {
        "actions": "view change",
        "rules": {
            "public": {"any": "view"},
            "platform_admin": {"any": "view change"},
            "department_education": {"any": "view change"},
        },
    },
    "workplace.contact": {
        "actions": "view create change export",
        "rules": {
            "platform_admin": {"any": "view create change export"},
            "department_work": {"any": "view export"},
            "consultant": {"organisation": "view create change export"},
            "reviewer": {"organisation": "view create"},
        },
    },
    # Issue 14: the agreement as the parties sign it (consent: each party for its own side;
    # the school records the parent's consent), the guidance log of a placement, the class
    # council's and the trajectory guide's advice (school-only, like the screening), the
    # start-up phase, and feedback on the workplace (the company sees aggregates only, through
    # `view_quality` on the recognition).
    "workplace.learningagreement": {
        "actions": "view create change consent",
        "rules": {
            "platform_admin": {"any": "view create change consent"},
            "guide": {"organisation": "view create change consent"},
            "teacher": {"organisation": "view"},
            "learner": {"own": "view consent"},
            "company_contact": {"counterpart": "view create change consent"},
        },
    },
    "workplace.guidanceentry": {
        "actions": "view create",
        "rules": {
            "platform_admin": {"any": "view create"},
            "guide": {"organisation": "view create"},
            "teacher": {"organisation": "view create"},
            "learner": {"own": "view"},
            "company_contact": {"counterpart": "view create"},
        },
    },
    "workplace.trajectoryadvice": {
        "actions": "view create",
        "rules": {
            "platform_admin": {"any": "view create"},
            "guide": {"organisation": "view create"},
            "teacher": {"organisation": "view create"},
            "privacy_contact": {"organisation": "view"},
        },
    },
    "workplace.startuptrajectory": {
        "actions": "view create change",
        "rules": {
            "platform_admin": {"any": "view create change"},
            "guide": {"organisation": "view create change"},
            "teacher": {"organisation": "view"},
            "privacy_contact": {"organisation": "view"},
            "learner": {"own": "view"},
        },
    },
    "workplace.workplacefeedback": {
        "actions": "view create",
        "rules": {
            "platform_admin": {"any": "view create"},
            "guide": {"organisation": "view create"},
            "learner": {"own": "view create"},
            "consultant": {"sector": "view"},
            "reviewer": {"partnership": "view"},
        },
    },
    # ---------------------------------------------------------------- matching
    # Coordinators per scope: a guide for its school (organisation), a consultant for its
    # sector, RTC staff for its provinces (region). Learners see their own preferences and
    # results; companies only the outcome at their openings (pseudonyms); the public nothing.
    "matching.matchinground": {
        "actions": "view create change run publish",
        "rules": {
            "platform_admin": {"any": "view create change run publish"},
            "guide": {"organisation": "view create change run publish", "school": "view"},
            "consultant": {"sector": "view create change run publish", "organisation": "view"},
            "rtc_staff": {"region": "view create change run publish", "organisation": "view"},
            "learner": {"participant": "view"},
            "company_contact": {"counterpart": "view"},
        },
    },
    "matching.roundpreference": {
        "actions": "view create delete",
        "rules": {
            "platform_admin": {"any": "view create delete"},
            "learner": {"own": "view create delete"},
            "guide": {"organisation": "view create delete", "coordinator": "view"},
            "consultant": {"sector": "view", "coordinator": "view"},
            "rtc_staff": {"region": "view", "coordinator": "view"},
        },
    },
    "matching.roundresult": {
        # explain: the reasons per better preference; the learner and its school only
        "actions": "view explain",
        "rules": {
            "platform_admin": {"any": "view explain"},
            "learner": {"own": "view explain"},
            "guide": {"organisation": "view explain", "coordinator": "view"},
            "consultant": {"sector": "view", "coordinator": "view"},
            "rtc_staff": {"region": "view", "coordinator": "view"},
            "company_contact": {"counterpart": "view"},
        },
    },
    "matching.roundrun": {
        "actions": "view",
        "rules": {
            "platform_admin": {"any": "view"},
            "guide": {"coordinator": "view"},
            "consultant": {"sector": "view", "coordinator": "view"},
            "rtc_staff": {"region": "view", "coordinator": "view"},
        },
    },
    # ---------------------------------------------------------------- covenants
    # The sector fund (consultant) drafts and reports; the Department of Work (account manager)
    # reviews and evaluates; Education reads; the public sees approved covenants' summaries and
    # published aggregates only. Relations: organisation (the covenant's sector fund is the
    # actor's organisation), sector (the covenant's sector is one the actor serves), published.
    "covenants.covenantgeneration": {
        "actions": "view create change export",
        "rules": {
            "public": {"any": "view"},
            "platform_admin": {"any": "view create change export"},
            "department_work": {"any": "view create change export"},
            "department_education": {"any": "view export"},
        },
    },
    "covenants.reportingwindow": {
        "actions": "view create change",
        "rules": {
            "platform_admin": {"any": "view create change"},
            "department_work": {"any": "view create change"},
            "department_education": {"any": "view"},
            "consultant": {"any": "view"},
        },
    },
    "covenants.covenant": {
        "actions": "view create change submit review evaluate export",
        "rules": {
            "public": {"published": "view"},
            "platform_admin": {"any": "view create change submit review evaluate export"},
            "department_work": {"any": "view review evaluate export"},
            "department_education": {"any": "view export"},
            "consultant": {"organisation": "view create change submit export", "sector": "view"},
            # Education is consulted before approval (seed 000); the adviser reads across sectors.
            "network_staff": {"any": "view"},
            "education_council": {"any": "view"},
            "intersectoral_adviser": {"any": "view"},
        },
    },
    "covenants.addendum": {
        "actions": "view create change",
        "rules": {
            "public": {"published": "view"},
            "platform_admin": {"any": "view create change"},
            "department_work": {"any": "view create change"},
            "department_education": {"any": "view"},
            "consultant": {
                "organisation": "view create change",
                "sector": "view",
                "shared": "view",
            },
        },
    },
    "covenants.action": {
        "actions": "view create change delete",
        "rules": {
            "public": {"published": "view"},
            "platform_admin": {"any": "view create change delete"},
            "department_work": {"any": "view"},
            "department_education": {"any": "view"},
            "consultant": {"organisation": "view create change delete", "sector": "view"},
            "network_staff": {"any": "view"},
            "education_council": {"any": "view"},
            "intersectoral_adviser": {"any": "view"},
        },
    },
    "covenants.commitment": {
        "actions": "view create change delete",
        "rules": {
            "platform_admin": {"any": "view create change delete"},
            "department_work": {"any": "view"},
            "department_education": {"any": "view"},
            "consultant": {"organisation": "view create change delete", "sector": "view"},
        },
    },
    "covenants.indicator": {
        # How a commitment is measured; written through the commitment's services.
        "actions": "view",
        "rules": {
            "platform_admin": {"any": "view"},
            "department_work": {"any": "view"},
            "department_education": {"any": "view"},
            "consultant": {"organisation": "view", "sector": "view"},
        },
    },
    "covenants.progressreport": {
        "actions": "view create change submit export",
        "rules": {
            "platform_admin": {"any": "view create change submit export"},
            "department_work": {"any": "view export"},
            "department_education": {"any": "view"},
            "consultant": {"organisation": "view create change submit export"},
        },
    },
    "covenants.evaluation": {
        "actions": "view create export",
        "rules": {
            "platform_admin": {"any": "view create export"},
            "department_work": {"any": "view create export"},
            "department_education": {"any": "view"},
            "consultant": {"organisation": "view"},
        },
    },
    "covenants.discriminationmeasurement": {
        # "aggregate": may count towards the published, small-cell-suppressed comparison.
        "actions": "view create change aggregate",
        "rules": {
            "public": {"published": "aggregate"},
            "platform_admin": {"any": "view create change aggregate"},
            "department_work": {"any": "view aggregate"},
            "department_education": {"any": "aggregate"},
            "consultant": {"organisation": "view create change"},
        },
    },
    # A shortage signalled to the sector responsible for the programme (seed 000: the sector
    # actively searches for places where there are shortages). An RTC signals for its region,
    # a school and the departments anywhere; the responsible sector's consultants answer with
    # the places they found. Relations: organisation (the signaller), sector (addressed to a
    # sector the actor serves), region (the RTC's provinces).
    "covenants.shortagesignal": {
        "actions": "view create answer",
        "rules": {
            "platform_admin": {"any": "view create answer"},
            "department_work": {"any": "view create"},
            "department_education": {"any": "view create"},
            "rtc_staff": {"region": "view create"},
            "guide": {"organisation": "view create"},
            "consultant": {"sector": "view answer"},
        },
    },
    # ---------------------------------------------------------------- education
    # Consultation before approval (seed 000): the Department of Work opens a round on a
    # covenant's education actions; each education network and the education council (Vlor)
    # give advice per action for their own organisation (`adviser`); the department and the
    # sector read it; the council's yearly analysis (`report`) is generated from the records.
    "education.consultationround": {
        "actions": "view create close report",
        "rules": {
            "platform_admin": {"any": "view create close report"},
            "department_work": {"any": "view create close report"},
            "department_education": {"any": "view report"},
            "consultant": {"organisation": "view", "sector": "view"},
            "network_staff": {"any": "view"},
            "education_council": {"any": "view report"},
            "intersectoral_adviser": {"any": "view report"},
        },
    },
    "education.advice": {
        "actions": "view create",
        "rules": {
            "platform_admin": {"any": "view create"},
            "department_work": {"any": "view"},
            "department_education": {"any": "view"},
            "consultant": {"organisation": "view", "sector": "view"},
            "network_staff": {"adviser": "view create"},
            "education_council": {"any": "view", "adviser": "create"},
            "intersectoral_adviser": {"any": "view"},
        },
    },
    # Education covenants and multi-party agreements (seeds 001, 004): the parties (a sector
    # fund's consultants, an education network's staff) record them; each engagement is
    # evaluated every quarter by its owner; the Department of Education may record for parties.
    "education.agreement": {
        "actions": "view create change",
        "rules": {
            "platform_admin": {"any": "view create change"},
            "department_work": {"any": "view"},
            "department_education": {"any": "view create change"},
            "consultant": {"party": "view create change"},
            "network_staff": {"party": "view create change"},
            "education_council": {"any": "view"},
            "intersectoral_adviser": {"any": "view"},
        },
    },
    "education.engagement": {
        "actions": "view create evaluate",
        "rules": {
            "platform_admin": {"any": "view create evaluate"},
            "department_work": {"any": "view"},
            "department_education": {"any": "view create"},
            "consultant": {"party": "view create", "owner": "evaluate"},
            "network_staff": {"party": "view create", "owner": "evaluate"},
            "education_council": {"any": "view"},
            "intersectoral_adviser": {"any": "view"},
        },
    },
    # Intersectoral actions shared by several covenants (counted once in the analysis): recorded
    # by a sector fund whose covenant takes part, or by the Department of Work.
    "education.intersectoralaction": {
        "actions": "view create",
        "rules": {
            "platform_admin": {"any": "view create"},
            "department_work": {"any": "view create"},
            "department_education": {"any": "view"},
            "consultant": {"organisation": "view create", "sector": "view"},
            "education_council": {"any": "view"},
            "intersectoral_adviser": {"any": "view"},
        },
    },
    # ---------------------------------------------------------------- corework
    # A sector fund records its own core work once (trainings for workers); every report it
    # owes is generated from it. `aggregate`: may count towards the cross-sector analysis.
    "corework.trainingrecord": {
        "actions": "view create aggregate",
        "rules": {
            "platform_admin": {"any": "view create aggregate"},
            "department_work": {"any": "view aggregate"},
            "department_education": {"any": "aggregate"},
            "consultant": {"organisation": "view create aggregate"},
            "education_council": {"any": "aggregate"},
            "intersectoral_adviser": {"any": "view aggregate"},
        },
    },
    # ---------------------------------------------------------------- innovet
    # Providers post offers for their organisation (companies, sector funds, RTCs, VDAB, schools,
    # support services, partnerships); teachers register themselves, guides for their school.
    "innovet.offer": {
        "actions": "view create change export",
        "rules": {
            "public": {"published": "view"},
            "platform_admin": {"any": "view create change export"},
            "department_work": {"any": "view export"},
            "department_education": {"any": "view export"},
            **{
                role: {"organisation": "view create change export"}
                for role in (
                    "company_contact",
                    "consultant",
                    "vdab_staff",
                    "guide",
                    "support_staff",
                    "reviewer",
                )
            },
            "rtc_staff": {"organisation": "view create change export", "region": "view export"},
        },
    },
    "innovet.registration": {
        "actions": "view create cancel confirm attend forward approve export",
        "rules": {
            "platform_admin": {"any": "view create cancel confirm attend forward approve export"},
            "teacher": {"own": "view create cancel"},
            "guide": {
                "organisation": "view create cancel export",
                "provider": "view confirm attend export",
            },
            "technical_adviser": {"organisation": "view export"},
            **{
                role: {"provider": "view confirm attend export"}
                for role in ("company_contact", "consultant", "support_staff", "reviewer")
            },
            "rtc_staff": {"provider": "view confirm attend export", "region": "view forward"},
            "vdab_staff": {"provider": "view confirm attend approve export"},
        },
    },
    "innovet.certificate": {
        "actions": "view",
        "rules": {
            "platform_admin": {"any": "view"},
            "teacher": {"own": "view"},
            "guide": {"organisation": "view", "provider": "view"},
            "technical_adviser": {"organisation": "view"},
            **{
                role: {"provider": "view"}
                for role in (
                    "company_contact",
                    "consultant",
                    "rtc_staff",
                    "vdab_staff",
                    "support_staff",
                    "reviewer",
                )
            },
        },
    },
    "innovet.material": {
        "actions": "view create change submit review download",
        "rules": {
            "public": {"approved": "view download"},
            "platform_admin": {"any": "view create change submit review download"},
            **{
                role: {"organisation": "view create change submit download"}
                for role in (
                    "company_contact",
                    "consultant",
                    "rtc_staff",
                    "vdab_staff",
                    "guide",
                    "teacher",
                    "reviewer",
                )
            },
            "support_staff": {
                "organisation": "view create change submit download",
                "submitted": "view review download",
            },
        },
    },
    "innovet.guestlessonrequest": {
        "actions": "view create cancel agree decline",
        "rules": {
            "platform_admin": {"any": "view create cancel agree decline"},
            "guide": {"organisation": "view create cancel"},
            "teacher": {"organisation": "view create cancel"},
            "technical_adviser": {"organisation": "view create cancel"},
            "company_contact": {"provider": "view agree decline", "open": "view agree"},
            "consultant": {"provider": "view agree decline"},
            "rtc_staff": {"region": "view"},
        },
    },
    "innovet.booking": {
        "actions": "view create cancel",
        "rules": {
            "platform_admin": {"any": "view create cancel"},
            "guide": {"organisation": "view create cancel", "provider": "view cancel"},
            "teacher": {"organisation": "view create cancel"},
            "technical_adviser": {"organisation": "view create cancel"},
            **{
                role: {"provider": "view cancel"}
                for role in ("company_contact", "consultant", "rtc_staff", "vdab_staff")
            },
        },
    },
    # Issue 15: professional development as it runs. The VDAB 10-day scheme: a school asks for
    # a class with its teacher, VDAB decides and records the introduction session, the teacher
    # records the lesson days; the RTC of the region follows. A technical adviser (TA/TAC) is
    # the school's link with companies.
    "innovet.tendayrequest": {
        "actions": "view create cancel decide intro record_day export",
        "rules": {
            "platform_admin": {"any": "view create cancel decide intro record_day export"},
            "teacher": {"own": "view create cancel record_day"},
            "guide": {"organisation": "view create cancel record_day export"},
            "technical_adviser": {"organisation": "view create cancel record_day export"},
            "vdab_staff": {"provider": "view decide intro export"},
            "rtc_staff": {"region": "view export"},
        },
    },
    # A teacher's company placement: the school proposes, the company agrees and, at the end,
    # confirms it with a certificate.
    "innovet.teacherplacement": {
        "actions": "view create cancel agree complete",
        "rules": {
            "platform_admin": {"any": "view create cancel agree complete"},
            "teacher": {"own": "view create cancel"},
            "guide": {"organisation": "view create cancel"},
            "technical_adviser": {"organisation": "view create cancel"},
            "company_contact": {"company": "view agree complete"},
        },
    },
    # Hybrid jobs: a company offers part-time teaching, a school asks for it; open ones are
    # seen by the other side, which may respond (the owner gets the responder's name and
    # address).
    "innovet.hybridjob": {
        "actions": "view create change respond",
        "rules": {
            "platform_admin": {"any": "view create change"},
            "company_contact": {"organisation": "view create change", "open": "view respond"},
            "guide": {"organisation": "view create change", "open": "view respond"},
            "technical_adviser": {
                "organisation": "view create change",
                "open": "view respond",
            },
            "teacher": {"open": "view"},
            "rtc_staff": {"open": "view"},
            "department_education": {"any": "view"},
        },
    },
    # Guest-teacher candidates: companies put experts forward; the education mediator (the
    # Department of Education's *onderwijsbemiddelaar*) runs the pipeline; the RTC follows.
    "innovet.guestteachercandidate": {
        "actions": "view create change",
        "rules": {
            "platform_admin": {"any": "view create change"},
            "department_education": {"any": "view create change"},
            "company_contact": {"organisation": "view create"},
            "rtc_staff": {"region": "view"},
        },
    },
    "innovet.failedsearch": {
        "actions": "view",
        "rules": {
            "platform_admin": {"any": "view"},
            "department_education": {"any": "view"},
            "rtc_staff": {"region": "view"},
        },
    },
    "innovet.opportunitysignal": {
        "actions": "view create",
        "rules": {
            "platform_admin": {"any": "view create"},
            "rtc_staff": {"organisation": "view create"},
            **{
                role: {"recipient": "view"}
                for role in (
                    "company_contact",
                    "guide",
                    "teacher",
                    "technical_adviser",
                    "consultant",
                )
            },
        },
    },
    # ---------------------------------------------------------------- partnerships
    # The register of partnerships (seed 004). view: read an entry (the public reads published
    # ones); create/change: the organisation that keeps the entry current (its partners and
    # decisions too); export: the list as a spreadsheet. Relations: organisation (the keeper),
    # member (one of the partners), published.
    "partnerships.partnership": {
        "actions": "view create change export",
        "rules": {
            "public": {"published": "view"},
            "platform_admin": {"any": "view create change export"},
            "department_work": {"any": "view export"},
            "department_education": {"any": "view export"},
            **{
                role: {"organisation": "view create change export", "member": "view"}
                for role in (
                    "company_contact",
                    "consultant",
                    "guide",
                    "rtc_staff",
                    "support_staff",
                    "vdab_staff",
                    "network_staff",
                    "reviewer",
                )
            },
        },
    },
    # ---------------------------------------------------------------- monitoring
    # Aggregates only. view/export: stored metric values (trends) of a scope; record: store
    # today's values; open_data: the public, disclosure-controlled figures; shortage: the
    # shortage radar cells of a scope; drilldown: the counts per school and the workplaces
    # behind a shortage cell; open_shortage: the public shortage radar, built only from the
    # disclosure-controlled open figures (no sector names, no drill-down); flows: the
    # learner-flows page (Brug's own counts after small-cell suppression next to the official
    # counts), cut to a sector's programmes or an RTC's provinces. Relations: overall
    # (Flanders-wide), sector, region.
    "monitoring.snapshot": {
        "actions": "view export record open_data open_shortage shortage drilldown flows",
        "rules": {
            "public": {"any": "open_data open_shortage"},
            "platform_admin": {
                "any": "view export record open_data open_shortage shortage drilldown flows"
            },
            "department_work": {"any": "view export shortage drilldown flows"},
            "department_education": {"any": "view export shortage drilldown flows"},
            "consultant": {"overall": "view", "sector": "view export shortage drilldown flows"},
            "rtc_staff": {"overall": "view", "region": "view export shortage drilldown flows"},
        },
    },
    # Official aggregate counts (enrolment, school-leaver outcomes) with their source: published
    # statistics, readable by everyone; imported by the Department of Education.
    "monitoring.officialcount": {
        "actions": "view import",
        "rules": {
            "public": {"any": "view"},
            "platform_admin": {"any": "view import"},
            "department_education": {"any": "view import"},
        },
    },
    "monitoring.countsource": {
        "actions": "view",
        "rules": {"public": {"any": "view"}},
    },
}


@cache
def compiled_matrix() -> dict[str, dict[tuple[str, str], frozenset[str]]]:
    compiled: dict[str, dict[tuple[str, str], frozenset[str]]] = {}
    for resource, spec in MATRIX.items():
        actions = set(str(spec["actions"]).split())
        rules: Rules = spec["rules"]  # type: ignore[assignment]
        rows: dict[tuple[str, str], frozenset[str]] = {}
        for role, by_relation in rules.items():
            for relation, granted in by_relation.items():
                granted_set = frozenset(granted.split())
                unknown = granted_set - actions
                if unknown:
                    raise ValueError(
                        f"{resource}: {role}/{relation} grants unknown actions {unknown}"
                    )
                rows[(role, relation)] = granted_set
        compiled[resource] = rows
    return compiled


def actions_of(resource: str) -> list[str]:
    return str(MATRIX[resource]["actions"]).split()


# ---------------------------------------------------------------- pages
# Every named page of the site (src/brug/*/urls.py and config/urls.py; the API has its own
# viewsets over the resources above) and the resource of the matrix that decides who may open
# it and what it shows. A page open to everyone by design names why instead (OPEN + reason):
# signing in, the statements, an invitation or reset link (its token decides), one's own
# account, and "all sections", which lists only the sections the matrix above opens to the
# person. `core/tests/test_pages_in_matrix.py` fails for a named page without a row here.
OPEN = "open"
PAGES: dict[str, str] = {
    # core and config
    "home": f"{OPEN}: the home page shows only the panels the matrix opens to the person",
    "all-sections": f"{OPEN}: lists only the sections the matrix opens to the person",
    "privacy": f"{OPEN}: a public statement",
    "accessibility": f"{OPEN}: a public statement",
    "cookies": f"{OPEN}: a public statement",
    "login": f"{OPEN}: signing in",
    "logout": f"{OPEN}: signing out",
    "oidc_authentication_callback": f"{OPEN}: the government login",
    "oidc_authentication_init": f"{OPEN}: the government login",
    "oidc_logout": f"{OPEN}: signing out of the government login",
    "set_language": f"{OPEN}: choosing the language of the pages",
    "notifications": f"{OPEN}: the person's own notifications (signed in)",
    "notifications-read-all": f"{OPEN}: the person's own notifications (signed in)",
    "saved-searches": "core.savedsearch",
    "saved-search-delete": "core.savedsearch",
    "saved-search-mail": "core.savedsearch",
    "job-detail": "core.job",
    "job-progress": "core.job",
    # accounts
    "accounts:profile": f"{OPEN}: the person's own account (signed in)",
    "accounts:choose_organisation": f"{OPEN}: one of the person's own memberships",
    "accounts:password_change": f"{OPEN}: the person's own password (signed in)",
    "accounts:password_change_done": f"{OPEN}: the person's own password (signed in)",
    "accounts:password_reset": f"{OPEN}: asking for a reset link",
    "accounts:password_reset_done": f"{OPEN}: asking for a reset link",
    "accounts:password_reset_confirm": f"{OPEN}: the reset link's token decides",
    "accounts:password_reset_complete": f"{OPEN}: asking for a reset link",
    "accounts:accept": f"{OPEN}: the invitation link's token decides",
    "accounts:my_members": "accounts.membership",
    "accounts:members": "accounts.membership",
    "accounts:membership_update": "accounts.membership",
    "accounts:membership_remove": "accounts.membership",
    "accounts:invitation_action": "accounts.invitation",
    "accounts:onboard": "accounts.invitation",
    # access
    "access:token_list": "access.apitoken",
    "access:token_create": "access.apitoken",
    "access:token_detail": "access.apitoken",
    "access:token_revoke": "access.apitoken",
    "access:lockout_list": "access.lockout",
    "access:lockout_release": "access.lockout",
    # registry
    "registry:index": "registry.referencelist",
    "registry:sources": "registry.referencelist",
    "registry:import": "registry.referencelist",
    "registry:list": "registry.referencelist",
    "registry:export": "registry.referencelist",
    "registry:detail": "registry.referencelist",
    # workplace
    "workplace:search": "workplace.opening",
    "workplace:opening-new": "workplace.opening",
    "workplace:opening-detail": "workplace.opening",
    "workplace:company": "registry.organisation",
    "workplace:recognition-new": "workplace.recognition",
    "workplace:recognition-detail": "workplace.recognition",
    "workplace:recognition-conditions": "workplace.recognitioncondition",
    "workplace:condition-evidence": "workplace.recognitioncondition",
    "workplace:condition-evidence-file": "workplace.recognitioncondition",
    "workplace:condition-verdict": "workplace.recognitioncondition",
    "workplace:site-visit-new": "workplace.sitevisit",
    "workplace:recognition-renewal": "workplace.recognition",
    "workplace:recognition-transition": "workplace.recognition",
    "workplace:review-queue": "workplace.recognition",
    "workplace:mentor-new": "workplace.mentor",
    "workplace:mentor-toggle": "workplace.mentor",
    "workplace:application-intake": "workplace.application",
    "workplace:placement-new": "workplace.placement",
    "workplace:placement-detail": "workplace.placement",
    "workplace:placement-end": "workplace.placement",
    "workplace:my-trajectory": "workplace.placement",
    "workplace:agreement-save": "workplace.learningagreement",
    "workplace:agreement-consent": "workplace.learningagreement",
    "workplace:agreement-pdf": "workplace.learningagreement",
    "workplace:guidance-new": "workplace.guidanceentry",
    "workplace:feedback-new": "workplace.workplacefeedback",
    "workplace:quality": "workplace.workplacefeedback",
    "workplace:advice-new": "workplace.trajectoryadvice",
    "workplace:start-up-save": "workplace.startuptrajectory",
    "workplace:progress-record": "workplace.trainingplan",
    "workplace:learners": "workplace.learner",
    "workplace:learner-new": "workplace.learner",
    "workplace:learner-detail": "workplace.learner",
    "workplace:learner-apply": "workplace.application",
    "workplace:learner-data": "workplace.learneridentity",
    "workplace:learner-export": "workplace.learneridentity",
    "workplace:read-log": "core.accesslog",
    "workplace:consultant": "workplace.contact",
    "workplace:contact-new": "workplace.contact",
    # matching
    "matching:round_list": "matching.matchinground",
    "matching:round_create": "matching.matchinground",
    "matching:round_detail": "matching.matchinground",
    "matching:round_open": "matching.matchinground",
    "matching:round_close": "matching.matchinground",
    "matching:round_run": "matching.roundrun",
    "matching:round_publish": "matching.matchinground",
    "matching:preferences": "matching.roundpreference",
    "matching:my_result": "matching.roundresult",
    # covenants
    "covenants:list": "covenants.covenant",
    "covenants:analysis": "covenants.covenant",
    "covenants:discrimination": "covenants.discriminationmeasurement",
    "covenants:signals": "covenants.shortagesignal",
    "covenants:signal_new": "covenants.shortagesignal",
    "covenants:signal": "covenants.shortagesignal",
    "covenants:detail": "covenants.covenant",
    "covenants:transition": "covenants.covenant",
    "covenants:export": "covenants.covenant",
    "covenants:action_new": "covenants.action",
    "covenants:commitment_new": "covenants.commitment",
    "covenants:drilldown": "covenants.commitment",
    "covenants:report_open": "covenants.progressreport",
    "covenants:report": "covenants.progressreport",
    "covenants:addendum_new": "covenants.addendum",
    "covenants:measurement_new": "covenants.discriminationmeasurement",
    "covenants:evaluation_new": "covenants.evaluation",
    "covenants:window_new": "covenants.reportingwindow",
    "covenants:generation_report": "covenants.covenantgeneration",
    "covenants:generation_report_file": "core.job",
    # education
    "education:rounds": "education.consultationround",
    "education:round_new": "education.consultationround",
    "education:round": "education.consultationround",
    "education:round_close": "education.consultationround",
    "education:advice": "education.advice",
    "education:report": "education.advice",
    "education:report_export": "education.advice",
    "education:agreements": "education.agreement",
    "education:agreement_new": "education.agreement",
    "education:agreement": "education.agreement",
    "education:engagement_new": "education.engagement",
    "education:evaluate": "education.engagement",
    "education:intersectoral": "education.intersectoralaction",
    # corework
    "corework:records": "corework.trainingrecord",
    "corework:import": "corework.trainingrecord",
    "corework:covenant": "corework.trainingrecord",
    "corework:analysis": "corework.trainingrecord",
    # innovet
    "innovet:search": "innovet.offer",
    "innovet:offer-detail": "innovet.offer",
    "innovet:offer-create": "innovet.offer",
    "innovet:offer-edit": "innovet.offer",
    "innovet:session-add": "innovet.offer",
    "innovet:provider-offers": "innovet.offer",
    "innovet:session-calendar": "innovet.offer",
    "innovet:plan": "innovet.offer",
    "innovet:provider-registrations": "innovet.registration",
    "innovet:register": "innovet.registration",
    "innovet:my-registrations": "innovet.registration",
    "innovet:registration-action": "innovet.registration",
    "innovet:certificate-verify": "innovet.certificate",
    "innovet:certificate-pdf": "innovet.certificate",
    "innovet:booking-create": "innovet.booking",
    "innovet:material-list": "innovet.material",
    "innovet:material-create": "innovet.material",
    "innovet:material-detail": "innovet.material",
    "innovet:material-download": "innovet.material",
    "innovet:guest-requests": "innovet.guestlessonrequest",
    "innovet:guest-request-action": "innovet.guestlessonrequest",
    "innovet:broker": "innovet.failedsearch",
    "innovet:ten-days": "innovet.tendayrequest",
    "innovet:ten-day-detail": "innovet.tendayrequest",
    "innovet:ten-day-action": "innovet.tendayrequest",
    "innovet:placements": "innovet.teacherplacement",
    "innovet:placement-action": "innovet.teacherplacement",
    "innovet:placement-certificate": "innovet.teacherplacement",
    "innovet:hybrid-jobs": "innovet.hybridjob",
    "innovet:hybrid-job-action": "innovet.hybridjob",
    "innovet:lateral-entry": "innovet.hybridjob",
    "innovet:candidates": "innovet.guestteachercandidate",
    "innovet:candidate-action": "innovet.guestteachercandidate",
    "innovet:adviser-desk": "innovet.opportunitysignal",
    # monitoring
    "monitoring:open-data": "monitoring.snapshot",
    "monitoring:open-data-export": "monitoring.snapshot",
    "monitoring:shortage": "monitoring.snapshot",
    "monitoring:shortage-public": "monitoring.snapshot",
    "monitoring:shortage-export": "monitoring.snapshot",
    "monitoring:shortage-detail": "monitoring.snapshot",
    "monitoring:flows": "monitoring.snapshot",
    "monitoring:dashboard": "monitoring.snapshot",
    "monitoring:snapshot-start": "monitoring.snapshot",
    "monitoring:counts-import": "monitoring.officialcount",
    # partnerships
    "partnerships:register": "partnerships.partnership",
    "partnerships:create": "partnerships.partnership",
    "partnerships:detail": "partnerships.partnership",
    "partnerships:change": "partnerships.partnership",
    "partnerships:member-add": "partnerships.partnership",
    "partnerships:decision-add": "partnerships.partnership",
}
