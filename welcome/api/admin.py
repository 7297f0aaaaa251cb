from django.contrib import admin

from welcome.api.models import ApiClient, ApiToken


class ApiTokenInline(admin.TabularInline):
    """A client's tokens by prefix and dates; the hash is never shown, the secret never stored."""

    model = ApiToken
    fields = ["prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Read-only: clients and tokens are issued, rotated and revoked with
    `manage.py api_client`, which shows a new secret once on the administrator's terminal."""

    list_display = ["name", "institution", "scopes", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["institution", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name"]
    fields = ["name", "institution", "scopes", "user", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    inlines = [ApiTokenInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
