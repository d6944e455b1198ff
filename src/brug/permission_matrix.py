"""THE permission matrix of Brug: role × relation to the object × action → allowed.

Everything not written here is denied. Each resource lists its actions; for each role, the
relations under which that role may do which actions (space-separated). Relations are defined
per resource in the app's `permissions.py` (how to test one object, how to filter a queryset);
`any` means every object of the resource. Tests are generated from this file
(`brug/core/tests/test_permission_matrix.py`) and `brug permissions-doc` renders it to
`docs/permissions.md`.

Roles: platform_admin, department_work, department_education, consultant, reviewer,
company_contact, guide, teacher, rtc_staff, support_staff, vdab_staff, learner, public.
"""

from __future__ import annotations

from functools import cache

Rules = dict[str, dict[str, str]]

REFERENCE_ACTIONS = "view change import export"
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
        "actions": "view change import export",
        "rules": {
            "public": {"any": "view"},
            "platform_admin": {"any": "view change import export"},
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
            "company_contact": {"own": "view", "organisation": "view"},
            "guide": {"own": "view", "organisation": "view"},
            "consultant": {"own": "view", "organisation": "view"},
            "reviewer": {"own": "view", "organisation": "view"},
            "department_work": {"own": "view"},
            "department_education": {"own": "view"},
            "teacher": {"own": "view"},
            "rtc_staff": {"own": "view", "organisation": "view"},
            "support_staff": {"own": "view"},
            "vdab_staff": {"own": "view"},
            "learner": {"own": "view"},
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
    "core.auditentry": {
        "actions": "view",
        "rules": {"platform_admin": {"any": "view"}},
    },
    # ---------------------------------------------------------------- workplace (issue: workplace learning)
    # ---------------------------------------------------------------- matching
    # ---------------------------------------------------------------- covenants
    # ---------------------------------------------------------------- innovet
    # ---------------------------------------------------------------- monitoring
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
