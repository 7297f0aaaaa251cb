from django.contrib import admin

from welcome.region.models import Institution


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    """Read-only: institutions come from the versioned data file (manage.py load_region)."""

    list_display = ["short_name", "name", "kind", "external"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
