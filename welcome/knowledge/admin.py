"""Read-mostly admin views; editing goes through the editor workflow (/faq/editor/)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from welcome.knowledge.models import Entry, EntryVersion, Guide, GuideVersion, SearchGap


@admin.register(Entry)
class EntryAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "published_version", "created_at"]
    search_fields = ["slug"]
    readonly_fields = ["slug", "published_version"]


class VersionAdmin(SimpleHistoryAdmin):
    """The versions of any content type, to read: they change only in the editor workflow."""

    list_filter = ["state"]

    def get_list_display(self, request):
        owner = self.model.owner_field
        return [owner, "number", "state", "author", "published_by", "published_at"]

    def get_search_fields(self, request):
        return [f"{self.model.owner_field}__slug"]

    def has_change_permission(self, request, obj=None):
        return False  # drafts are written and published in the editor workflow (four eyes)


admin.site.register(EntryVersion, VersionAdmin)


@admin.register(Guide)
class GuideAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "reviewed_on", "source"]


admin.site.register(GuideVersion, VersionAdmin)


@admin.register(SearchGap)
class SearchGapAdmin(admin.ModelAdmin):
    list_display = ["query", "language", "no_result", "not_helpful", "last_seen"]
    list_filter = ["language"]
