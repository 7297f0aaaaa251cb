"""The one vocabulary of the back office and the public pages: topics, channels, requesters.

Each term is defined once, here; the values are what the database and the API store. The labels
on the enums are the staff's words. The public pages speak to the person ("By phone", "Residence
permit and visa"), so they take `public_choices` / `public_label` — same values, other words.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    RESIDENCE = "residence", _("Residence")
    RECOGNITION = "recognition", _("Recognition of qualifications")
    LABOUR_MARKET = "labour_market", _("Labour market and employment")
    ACCELERATED_PROCEDURE = "accelerated_procedure", _("Accelerated skilled-worker procedure")
    GENERAL = "general", _("General question")


class RequesterKind(models.TextChoices):
    WORKER = "worker", _("Skilled worker")
    EMPLOYER = "employer", _("Employer")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video call")
    IN_PERSON = "in_person", _("In person")


class Purpose(models.TextChoices):
    ADVICE = "advice", _("Advice")
    PRE_CHECK = "pre_check", _("Pre-check of documents")
    CASE_HANDLING = "case_handling", _("Case handling")


# An appointment happens in one of these channels; e-mail is a way to be advised, not a slot.
SLOT_CHANNELS = (Channel.IN_PERSON, Channel.PHONE, Channel.VIDEO)

_PUBLIC_LABELS = {
    Topic: {
        Topic.RESIDENCE: _("Residence permit and visa"),
        Topic.RECOGNITION: _("Recognition of a foreign qualification"),
        Topic.LABOUR_MARKET: _("Work permit and labour market"),
        Topic.GENERAL: _("Something else or not sure yet"),
    },
    Channel: {
        Channel.EMAIL: _("By e-mail"),
        Channel.PHONE: _("By phone"),
        Channel.VIDEO: _("By video call"),
    },
}


def public_label(vocabulary: type[models.TextChoices], value: str) -> str:
    """The public pages' word for a value (the staff's where both say the same)."""
    member = vocabulary(value)
    return str(_PUBLIC_LABELS.get(vocabulary, {}).get(member, member.label))


def public_choices(vocabulary: type[models.TextChoices], only=None) -> list[tuple[str, str]]:
    """Form choices in the public pages' words (lazy labels); `only` picks values and order."""
    labels = _PUBLIC_LABELS.get(vocabulary, {})
    return [(member.value, labels.get(member, member.label)) for member in only or vocabulary]


def slot_choices() -> list[tuple[str, str]]:
    return public_choices(Channel, SLOT_CHANNELS)
