from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from brug.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    inlines = [MembershipInline]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_demo"]
    list_filter = [*BaseUserAdmin.list_filter, "is_demo", "preferred_language"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Brug", {"fields": ("preferred_language", "is_demo")}),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "role", "organisation", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__last_name", "organisation__name"]
    raw_id_fields = ["user", "organisation"]
