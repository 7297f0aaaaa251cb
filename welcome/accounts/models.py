from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Company(models.Model):
    """An employer that uses the employer portal (e.g. for the § 81a accelerated procedure)."""

    name = models.CharField(_("name"), max_length=200)
    municipality = models.CharField(
        _("municipality of the establishment"), max_length=100, blank=True
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    register_number = models.CharField(_("commercial register number"), max_length=40, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    language = models.CharField(_("language for e-mails"), max_length=10, default="de")
    # The Welcome Center checks a registration before the company may file (§ 81a procedure).
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in: staff of exactly one institution, an employer's HR person, or staff
    of a body running youth programmes.

    Foreign skilled workers and young people do not need an account; they use signed links.
    """

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff of a partner institution")
        EMPLOYER = "employer", _("Employer")
        # Staff of a body running youth programmes: the referrals to its programmes, nothing of
        # the service centre's back office (they are not partner staff).
        PROGRAMME = "programme", _("Staff of a youth programme")

    class Role(models.TextChoices):
        CASE_WORKER = "case_worker", _("Case worker")
        TEAM_LEAD = "team_lead", _("Team lead")
        CONTENT_EDITOR = "content_editor", _("Content editor")
        ADMINISTRATOR = "administrator", _("Administrator")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.STAFF)
    institution = models.ForeignKey(
        "region.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    company = models.ForeignKey(
        Company,
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    notification_digest = models.BooleanField(
        _("daily e-mail digest of my notifications"), default=False
    )
    language = models.CharField(_("language for e-mails"), max_length=10, default="de")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="staff_have_one_institution_and_a_role",
                condition=~Q(kind="staff")
                | Q(is_superuser=True)
                | (Q(institution__isnull=False) & ~Q(role="")),
            ),
            models.CheckConstraint(
                name="employers_belong_to_a_company",
                condition=~Q(kind="employer")
                | (Q(company__isnull=False) & Q(institution__isnull=True)),
            ),
            models.CheckConstraint(
                name="programme_staff_belong_to_an_institution",
                condition=~Q(kind="programme")
                | (Q(institution__isnull=False) & Q(company__isnull=True)),
            ),
        ]

    @property
    def is_partner_staff(self) -> bool:
        return self.kind == self.Kind.STAFF and self.institution_id is not None

    @property
    def is_programme_staff(self) -> bool:
        return self.kind == self.Kind.PROGRAMME and self.institution_id is not None

    def has_role(self, *roles: str) -> bool:
        return self.is_partner_staff and self.role in roles
