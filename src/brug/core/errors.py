"""Errors that services raise. Each carries its reason in Dutch and English."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from brug.core.i18n import Message, gettext_lazy


class ServiceError(ValidationError):
    """Bad input or a forbidden state transition. Nothing has been changed."""

    def __init__(self, text: Message, *, code: str = "invalid", field: str | None = None) -> None:
        self.text = text
        self.field = field
        if field:
            super().__init__({field: [ValidationError(str(text), code=code)]})
        else:
            super().__init__(str(text), code=code)
        self.code = code

    def as_api(self) -> dict[str, object]:
        body: dict[str, object] = {"code": self.code, "detail": self.text.as_dict()}
        if self.field:
            body["field"] = self.field
        return body


class NotAllowed(PermissionDenied):
    """The actor may not do this. Deny by default."""

    def __init__(self, text: Message | None = None) -> None:
        self.text = text or gettext_lazy("You are not allowed to see this or do this.")
        super().__init__(str(self.text))
