"""Reads of the youth app. The public sees published programmes only; editors see all; the
programmes' staff see the referrals in their inbox, every read of a person audited."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import Http404

from welcome.audit.services import audit_log
from welcome.knowledge.selectors import Localised, localise
from welcome.youth import finder
from welcome.youth.models import Programme, ProgrammeVersion, Referral, TrainingOffer
from welcome.youth.services import PROGRAMMES
from welcome.youth.tokens import public_id_from_token


@dataclass(frozen=True)
class Published:
    """A published programme as the finder page shows it."""

    programme: Programme
    version: ProgrammeVersion
    localised: Localised


def as_finder_programme(version: ProgrammeVersion) -> finder.Programme:
    return finder.Programme(
        key=version.programme_id,
        min_age=version.min_age,
        max_age=version.max_age,
        municipalities=frozenset(version.municipalities),
        school_statuses=frozenset(version.schools),
        training_place=finder.TrainingPlace(version.training_place),
        newly_arrived=version.newly_arrived,
        language_support=version.language_support,
        single_parents=version.single_parents,
        housing=version.housing,
        training_related=version.training_related,
        free_places=version.free_places,
    )


def programme_list_published(*, language: str) -> dict[int, Published]:
    """Every published programme with its text in `language` (or English, then German), by id."""
    programmes = (
        Programme.objects.filter(published_version__state=ProgrammeVersion.State.PUBLISHED)
        .select_related("published_version__organisation")
        .prefetch_related("published_version__translations")
        .order_by("slug")
    )
    published = {}
    for programme in programmes:
        version = programme.published_version
        localised = localise(version.translations.all(), language)
        if localised is not None:
            published[programme.pk] = Published(programme, version, localised)
    return published


def programme_published(*, slug: str, language: str) -> Published | None:
    """One published programme with its text in `language` (as the list gives it), or None."""
    programme = (
        Programme.objects.filter(
            slug=slug, published_version__state=ProgrammeVersion.State.PUBLISHED
        )
        .select_related("published_version__organisation")
        .prefetch_related("published_version__translations")
        .first()
    )
    if programme is None:
        return None
    version = programme.published_version
    localised = localise(version.translations.all(), language)
    return None if localised is None else Published(programme, version, localised)


def programme_list_for_editor(*, user) -> list[tuple[Programme, object, object]]:
    """Every programme with its published version and open draft (editors only)."""
    drafts = {v.programme_id: v for v in PROGRAMMES.drafts_awaiting_publication(user=user)}
    programmes = Programme.objects.select_related("published_version__organisation").order_by(
        "slug"
    )
    return [(p, p.published_version, drafts.get(p.pk)) for p in programmes]


# --- referrals: the programme staff's inbox -----------------------------------------------------

REFERRALS_PER_PAGE = 50


def programme_titles(*, language: str) -> dict[int, str]:
    """Each programme's title in `language` (or English, then German), by id; else its slug."""
    titles = {p.pk: p.slug for p in Programme.objects.only("slug")}
    for pk, published in programme_list_published(language=language).items():
        titles[pk] = published.localised.translation.title
    return titles


def referral_page_for_inbox(*, user, status: str = "", page: int = 1):
    """One page of the referrals in the user's inbox, newest first, with the persons' names —
    a read of personal data, audited with the referrals shown."""
    referrals = (
        Referral.objects.filter(inbox_id=user.institution_id)
        .select_related("person")
        .order_by("-referred_at", "-id")
    )
    if status:
        referrals = referrals.filter(status=status)
    shown = Paginator(referrals, REFERRALS_PER_PAGE).get_page(page)
    audit_log(
        actor=user,
        action="youth.referral_list_viewed",
        referrals=[r.pk for r in shown if not r.is_erased],
        status=status,
    )
    return shown


def referral_for_staff(*, user, referral_id: int) -> Referral:
    """The referral with its person and history, if it is in the user's inbox (audited read);
    else "not found" — audited as a denial by audit.middleware."""
    referral = (
        Referral.objects.filter(pk=referral_id, inbox_id=user.institution_id)
        .select_related("person", "programme")
        .prefetch_related("changes__by")
        .first()
    )
    if referral is None:
        raise Http404("No such referral in this inbox.")
    audit_log(actor=user, action="youth.referral_viewed", obj=referral)
    return referral


def referral_for_token(token: str) -> Referral | None:
    """The referral a young person's private link names (None: forged or unknown)."""
    public_id = public_id_from_token(token)
    if public_id is None:
        return None
    return (
        Referral.objects.filter(public_id=public_id)
        .select_related("person", "programme", "version__organisation")
        .prefetch_related("changes")
        .first()
    )


# --- training places offered by companies -------------------------------------------------------

TRAINING_OFFERS_SHOWN = 10


def training_offers_for(*, municipality: str, newcomer: bool) -> list:
    """Training places of verified companies, those in the person's municipality first; for a
    newcomer under § 16a only the offers that welcome young people from abroad."""
    offers = TrainingOffer.objects.filter(company__verified_at__isnull=False).select_related(
        "company"
    )
    if newcomer:
        offers = offers.filter(newcomers_welcome=True)
    offers = offers.annotate(
        elsewhere=Case(When(municipality=municipality, then=Value(0)), default=Value(1))
    ).order_by("elsewhere", "occupation", "id")
    return list(offers[:TRAINING_OFFERS_SHOWN])


def training_offer_for_employer(*, user, offer_id: int) -> TrainingOffer:
    """The offer, if it is one of the user's company's; else "not found" (audited by
    audit.middleware)."""
    offer = TrainingOffer.objects.filter(pk=offer_id, company_id=user.company_id).first()
    if offer is None:
        raise Http404("No such training offer of this company.")
    return offer
