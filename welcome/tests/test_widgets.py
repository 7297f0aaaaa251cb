"""LongSelect writes the markup Django's own Select writes, element for element."""

import re

import pytest
from django import forms
from django.test.html import parse_html
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from welcome.countries import country_names
from welcome.pathway.forms import PersonForm
from welcome.procedures.forms import WorkerForm
from welcome.widgets import ChoiceRadios, LongSelect

CHOICES = [
    ("", gettext_lazy("I don't know / not sure")),
    ("IN", "India"),
    ("XX", 'Fish & "Chips" <b>'),
    ("YY", mark_safe("<em>safe</em>")),  # noqa: S308 - a label that is HTML already
    ("IN", "India again"),  # the same value twice: only the first is selected
    (None, "None as value"),
    (7, "a number"),
]


def both(choices, name, value, attrs=None):
    ours = LongSelect(choices=choices).render(name, value, attrs)
    django = forms.Select(choices=choices).render(name, value, attrs)
    return parse_html(ours), parse_html(django)


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        (None, None),
        ("", {"id": "id_nationality"}),
        ("IN", {"id": "id_nationality", "required": True, "aria-describedby": "x_helptext"}),
        ("XX", {"class": "wide", "disabled": False}),
        ("YY", None),
        (7, None),
        ("ZZ", None),  # a value not among the choices: nothing selected
    ],
)
def test_the_same_markup_as_djangos_select(value, attrs):
    ours, django = both(CHOICES, "nationality", value, attrs)
    assert ours == django


@pytest.mark.parametrize("language", ["de", "en", "ar", "uk"])
def test_every_country_in_every_language(language):
    with translation.override(language):
        choices = [("", gettext_lazy("I don't know / not sure")), *country_names(language).items()]
        ours, django = both(choices, "nationality", "SY", {"id": "id_nationality"})
    assert ours == django
    assert len(ours.children) == len(choices)


def test_grouped_choices_are_left_to_django():
    choices = [("Europe", [("DE", "Germany"), ("FR", "France")]), ("IN", "India")]
    ours, django = both(choices, "country", "FR")
    assert ours == django


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (PersonForm, "nationality"),
        (PersonForm, "municipality"),
        (WorkerForm, "worker_nationality"),
    ],
)
def test_the_country_fields_use_it(form, field):
    assert isinstance(form.base_fields[field].widget, LongSelect)


def test_choice_radios_check_nothing_until_chosen_and_then_the_choice():
    choices = [("5120", "Cooks"), ("", "None of these")]
    assert "checked" not in ChoiceRadios(choices=choices).render("occupation", None)
    assert "checked" in forms.RadioSelect(choices=choices).render("occupation", None)  # Django's
    chosen = ChoiceRadios(choices=choices).render("occupation", "")  # "None of these", chosen
    assert re.findall(r"<input [^>]*checked>", chosen) == [
        '<input type="radio" name="occupation" value="" checked>'
    ]
