"""One vocabulary: each topic, channel and requester kind is defined once, with the staff's and
the public pages' words for the same stored values."""

import pytest

from welcome.cases.vocabulary import (
    SLOT_CHANNELS,
    Channel,
    Topic,
    public_choices,
    public_label,
    slot_choices,
)
from welcome.consultations import models as consultation_models


@pytest.mark.parametrize(
    ("vocabulary", "value", "staff", "public"),
    [
        (Topic, "residence", "Residence", "Residence permit and visa"),
        (Topic, "general", "General question", "Something else or not sure yet"),
        (Topic, "accelerated_procedure", *["Accelerated skilled-worker procedure"] * 2),
        (Channel, "phone", "Phone", "By phone"),
        (Channel, "in_person", "In person", "In person"),
    ],
)
def test_each_value_has_the_staffs_and_the_publics_words(vocabulary, value, staff, public):
    assert str(vocabulary(value).label) == staff
    assert public_label(vocabulary, value) == public
    assert (value, public) in [(v, str(label)) for v, label in public_choices(vocabulary)]


def test_appointments_have_no_e_mail_channel():
    assert [value for value, _label in slot_choices()] == [c.value for c in SLOT_CHANNELS]
    assert "email" not in dict(slot_choices())


def test_consultations_store_the_same_values_and_define_no_words_of_their_own():
    request = consultation_models.ConsultationRequest
    assert request._meta.get_field("topic").choices == Topic.choices
    assert request._meta.get_field("channel").choices == Channel.choices
    # What consultations use is the one definition, imported — not a twin.
    assert consultation_models.Topic is Topic
    assert consultation_models.Channel is Channel
    assert not hasattr(consultation_models, "SlotChannel")
    assert not hasattr(request, "RequesterKind")


def test_the_requesters_page_speaks_the_public_words():
    request = consultation_models.ConsultationRequest(topic="residence", channel="video")
    assert (request.topic_label, request.channel_label) == (
        "Residence permit and visa",
        "By video call",
    )
