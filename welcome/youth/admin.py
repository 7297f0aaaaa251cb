from django.contrib import admin

from welcome.youth.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Organisations are plain data; programmes are edited in the editor pages (four eyes)."""

    list_display = ["name", "kind", "demo"]
    list_filter = ["kind", "demo"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
