from __future__ import annotations

from axes.models import AccessAttempt
from django.db.models import Q

from brug.access.models import ApiToken
from brug.core.i18n import gettext_lazy
from brug.core.navigation import NavEntry, nav_register
from brug.core.policy import Relation, ResourcePolicy, register

register(
    ResourcePolicy(
        resource="access.apitoken",
        model=ApiToken,
        relations={
            # The actor's own token: personal, or for the organisation this hat is worn for.
            "own": Relation(
                holds=lambda actor, obj: (
                    actor.user_id is not None
                    and obj.user_id == actor.user_id
                    and obj.organisation_id in (None, actor.organisation_id)
                ),
                q=lambda actor: (
                    Q(user_id=actor.user_id)
                    & (Q(organisation__isnull=True) | Q(organisation_id=actor.organisation_id))
                ),
            ),
            # An organisation token of the actor's organisation (made by a colleague).
            "organisation": Relation(
                holds=lambda actor, obj: (
                    actor.organisation_id is not None
                    and obj.organisation_id == actor.organisation_id
                ),
                q=lambda actor: (
                    Q(organisation_id=actor.organisation_id) & Q(organisation__isnull=False)
                ),
            ),
        },
    )
)

# A lockout is django-axes' record of failed sign-ins for one username from one address.
register(ResourcePolicy(resource="access.lockout", model=AccessAttempt))

nav_register(
    NavEntry(
        url_name="access:token_list",
        label=gettext_lazy("API tokens"),
        resource="access.apitoken",
        action="create",
        order=900,
    )
)
nav_register(
    NavEntry(
        url_name="access:lockout_list",
        label=gettext_lazy("Lockouts"),
        resource="access.lockout",
        action="view",
        order=910,
    )
)
