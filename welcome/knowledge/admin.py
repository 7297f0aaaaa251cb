"""Read-mostly admin views; editing goes through the editor workflow (/faq/editor/)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from welcome.knowledge.models import Entry, EntryVersion, Guide, GuideVersion, SearchGap


@admin.register(Entry)
class EntryAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "published_version", "created_at"]
    search_fields = ["slug"]
    readonly_fields = ["slug", "published_version"]


@admin.register(EntryVersion)
class EntryVersionAdmin(SimpleHistoryAdmin):
    list_display = ["entry", "number", "state", "author", "published_by", "published_at"]
    list_filter = ["state"]
    search_fields = ["entry__slug"]

    def has_change_permission(self, request, obj=None):
        return False  # drafts are written and published in the editor workflow (four eyes)


@admin.register(Guide)
class GuideAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "reviewed_on", "source"]


@admin.register(GuideVersion)
class GuideVersionAdmin(SimpleHistoryAdmin):
    list_display = ["guide", "number", "state", "author", "published_by", "published_at"]
    list_filter = ["state"]
    search_fields = ["guide__slug"]

    def has_change_permission(self, request, obj=None):
        return False  # drafts are written and published in the editor workflow (four eyes)


@admin.register(SearchGap)
class SearchGapAdmin(admin.ModelAdmin):
    list_display = ["query", "language", "no_result", "not_helpful", "last_seen"]
    list_filter = ["language"]
