from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from welcome.accounts.models import Company, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "kind", "institution", "role", "company", "is_active"]
    list_filter = ["kind", "institution", "role", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Organisation"), {"fields": ("kind", "institution", "role", "company")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Organisation"), {"fields": ("kind", "institution", "role", "company")}),
    )


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    search_fields = ["name"]
