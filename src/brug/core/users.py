"""The person behind a request, as services, selectors and the permission layer see them.

Two things were once both called "actor"; they now have distinct names:

- `RequestUser`: the person signed in (an instance of `settings.AUTH_USER_MODEL`, the
  accounts app's `User`), or Django's `AnonymousUser` for a visitor who is not. Every service
  and selector takes one as `actor` (or `user`) and hands it to the permission layer, which
  denies a visitor whatever the matrix does not grant the `public` role.
- `brug.core.policy.HeldRole`: one role that person holds for one organisation (one
  membership), or `public`. The permission layer derives them from a `RequestUser`.

Core may not import the accounts app (see `core/tests/test_layers.py`), so the alias names
Django's base classes; `AbstractBaseUser` is what `AUTH_USER_MODEL` must subclass.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

# The signed-in person or the anonymous visitor (what `request.user` holds).
RequestUser: TypeAlias = AbstractBaseUser | AnonymousUser
# A signed-in person only (after the login check; what a membership or a job belongs to).
SignedInUser: TypeAlias = AbstractBaseUser

__all__ = ["RequestUser", "SignedInUser"]
