"""Credentials of partner systems that call the API without a browser session."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiClient(models.Model):
    """A partner system of one institution (e.g. a Fachverfahren) calling the API with a token.

    It acts through its own service user: a staff user of the institution that is inactive, has
    no password and no second factor, so it can never log in, but the case selectors and services
    treat it exactly like the institution's staff and the audit log names it `api:<name>`.
    """

    class Scope(models.TextChoices):
        CASES_READ = "cases:read", _("Read cases")
        CASES_WRITE = "cases:write", _("Change cases (notes, handovers, exports)")

    institution = models.ForeignKey(
        "region.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="api_clients",
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("service user"),
        on_delete=models.PROTECT,
        related_name="api_client",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["institution_id", "name"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return self.name

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class ApiToken(models.Model):
    """One secret of an API client, stored as a salted SHA-256 hash and found by its prefix.

    The full token (`whr_<prefix>_<secret>`) is shown once when it is issued. A client may hold
    several valid tokens while it rotates; each stops working when revoked or expired.
    """

    client = models.ForeignKey(
        ApiClient, verbose_name=_("API client"), on_delete=models.PROTECT, related_name="tokens"
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    secret_hash = models.CharField(_("hash of the secret"), max_length=128)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["client_id", "-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"whr_{self.prefix}_…"

    def is_valid_at(self, moment) -> bool:
        """Neither the token nor its client is revoked, and the token has not expired."""
        return (
            self.revoked_at is None
            and self.client.revoked_at is None
            and (self.expires_at is None or moment < self.expires_at)
        )
