from django.contrib import admin

from welcome.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only, also for administrators."""

    list_display = [
        "created_at",
        "actor_name",
        "institution_id",
        "action",
        "object_type",
        "object_id",
    ]
    list_filter = ["action", "institution_id"]
    search_fields = ["actor_name", "object_id", "reason"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
