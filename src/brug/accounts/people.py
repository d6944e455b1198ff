"""The person behind a request, typed with this project's user model.

`brug.core.users.RequestUser` names the person with Django's base classes, because core may
not import this app. Domain apps (which may) use the alias below in their service and
selector signatures, so a type checker knows `actor` is a `brug.accounts.models.User` once it
is not the anonymous visitor.
"""

from __future__ import annotations

from typing import TypeAlias, overload

from django.contrib.auth.models import AnonymousUser

from brug.accounts.models import User
from brug.core.errors import NotAllowed

# The signed-in person (a `User`) or the anonymous visitor (what `request.user` holds).
RequestUser: TypeAlias = User | AnonymousUser


@overload
def signed_in(actor: RequestUser) -> User: ...
@overload
def signed_in(actor: RequestUser | None) -> User | None: ...
def signed_in(actor: RequestUser | None) -> User | None:
    """The signed-in user to record as author of a row (None stays None: a system job).

    Services call this after their permission check, which already refuses the anonymous
    visitor wherever a row records its author; an anonymous visitor here is refused too.
    """
    if actor is None or isinstance(actor, User):
        return actor
    raise NotAllowed()


def user_or_none(actor: RequestUser | None) -> User | None:
    """The signed-in user, or None for the anonymous visitor or a system job."""
    return actor if isinstance(actor, User) else None


__all__ = ["RequestUser", "User", "signed_in", "user_or_none"]
