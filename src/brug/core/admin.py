from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from brug.core.models import AccessLog, AuditEntry, Job, Notification


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The audit trail and the access log are evidence: nobody edits or deletes them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "verb", "object_type", "object_id", "object_repr"]
    list_filter = ["verb", "object_type"]
    search_fields = ["object_repr", "object_id", "verb", "actor__username"]
    date_hierarchy = "at"


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "reader", "subject_type", "subject_id", "fields", "purpose"]
    list_filter = ["subject_type", "purpose"]
    search_fields = ["subject_id", "reader__username"]
    date_hierarchy = "at"


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "created_at",
        "kind",
        "title",
        "status",
        "progress_done",
        "progress_total",
        "created_by",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["title", "kind", "created_by__username"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["created_at", "started_at", "finished_at", "result", "error"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["created_at", "recipient", "subject", "read_at"]
    list_filter = [("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "recipient__username"]
    raw_id_fields = ["recipient"]
