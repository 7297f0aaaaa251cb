"""The case page's checklist, consents and timeline, written in Python (templatetags/case_page.py),
give the HTML the template loops gave: compared with those loops on the same data, in three
languages, with text that needs escaping, withdrawn consents and entries without an actor."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from welcome.cases.selectors import ChecklistItem

# The loops as case.html had them before the lists moved to Python, and the tags now in their place.
LOOPS_AND_TAGS = [
    (
        """{% load i18n %}{% for item in checklist %}
<li class="{% if item.done %}done{% else %}open{% endif %}">
  {% if item.done %}<span class="case-check" aria-hidden="true">✓</span> {{ item.label }} <span class="visually-hidden">({% translate "present" %})</span>
  <span class="muted">{% blocktranslate with version=item.document.version %}version {{ version }}{% endblocktranslate %}</span>
  {% else %}<span class="case-check" aria-hidden="true">○</span> {{ item.label }} <strong>({% translate "missing" %})</strong>{% endif %}
</li>
{% empty %}<li>{% translate "No documents are required." %}</li>
{% endfor %}""",  # noqa: E501
        "{% load case_page %}{% case_checklist checklist %}",
    ),
    (
        """{% load i18n %}{% for consent in consents %}
<tr>
  <td>{{ consent.institution_name }}</td><td>{{ consent.purpose_label }}</td>
  <td>{{ consent.given_at|date:"SHORT_DATETIME_FORMAT" }}</td>
  <td>{% if consent.withdrawn_at %}{{ consent.withdrawn_at|date:"SHORT_DATETIME_FORMAT" }}{% else %}–{% endif %}</td>
  <td>{% if consent.active and access.can_write or consent.active and consent.institution_id == user.institution_id %}
    <form method="post" action="{{ consent.withdraw_url }}">{% csrf_token %}
      <button type="submit" class="secondary">{% translate "Record withdrawal" %}<span class="visually-hidden"> – {{ consent.institution_name }}, {{ consent.purpose_label }}</span></button>
    </form>{% endif %}</td>
</tr>
{% empty %}<tr><td colspan="5">{% translate "No consents." %}</td></tr>
{% endfor %}""",  # noqa: E501
        "{% load case_page %}{% case_consents consents access.can_write user.institution_id %}",
    ),
    (
        """{% for entry in timeline %}
<li><time datetime="{{ entry.at|date:'c' }}">{{ entry.at|date:"SHORT_DATETIME_FORMAT" }}</time> – {{ entry.text }}{% if entry.actor %} <span class="muted">({{ entry.actor }}{% if entry.institution %}, {{ entry.institution }}{% endif %})</span>{% endif %}</li>
{% endfor %}""",  # noqa: E501
        "{% load case_page %}{% case_timeline timeline %}",
    ),
]

WINTER = dt.datetime(2026, 1, 15, 23, 30, tzinfo=dt.UTC)  # 16 January in Hannover
SUMMER = dt.datetime(2026, 7, 1, 6, 5, tzinfo=dt.UTC)


def consent(institution_id, name, *, withdrawn_at=None):
    return SimpleNamespace(
        institution_id=institution_id,
        institution_name=name,
        purpose_label="Case handling <all>",
        given_at=WINTER,
        withdrawn_at=withdrawn_at,
        active=withdrawn_at is None,
        withdraw_url=f"/en/office/7/consents/{len(name)}/withdraw/?a=1&b=2",
    )


CONSENTS = [
    consent("abh-lhh", "ABH Landeshauptstadt Hannover"),
    consent("ihk-hannover", 'IHK "Hannover"'),
    consent("welcome-center", "Welcome Center", withdrawn_at=SUMMER),
]
CHECKLIST = [
    ChecklistItem(kind="passport", label="Passport", document=SimpleNamespace(version=3)),
    ChecklistItem(kind="", label="Proof of <German> & more"),
]
TIMELINE = [
    {
        "at": WINTER,
        "text": "Status changed from <new> to “in progress”.",
        "actor": "",
        "institution": "",
    },
    {"at": SUMMER, "text": "Assigned to a&b.", "actor": "o'brien", "institution": ""},
    {"at": SUMMER, "text": "Note", "actor": "kim", "institution": "ABH Region Hannover"},
]


def rendered(source: str, **context) -> str:
    """The HTML with each run of white space as one space (as a browser reads it)."""
    return " ".join(Template(source).render(Context({"csrf_token": "TOKEN", **context})).split())


@pytest.mark.parametrize("language", ["en", "de", "ar"])
@pytest.mark.parametrize(
    ("can_write", "institution_id"),
    [(True, "abh-lhh"), (False, "ihk-hannover"), (False, "jobcenter-region")],
)
@pytest.mark.parametrize("empty", [False, True])
def test_the_lists_in_python_write_what_the_template_loops_wrote(
    language, can_write, institution_id, empty
):
    context = {
        "checklist": [] if empty else CHECKLIST,
        "consents": [] if empty else CONSENTS,
        "timeline": [] if empty else TIMELINE,
        "access": SimpleNamespace(can_write=can_write),
        "user": SimpleNamespace(institution_id=institution_id),
    }
    with translation.override(language):
        for loop, tag in LOOPS_AND_TAGS:
            assert rendered(tag, **context) == rendered(loop, **context)
        expected = "".join(rendered(loop, **context) for loop, _tag in LOOPS_AND_TAGS)
    if not empty:
        assert "&lt;German&gt; &amp; more" in expected and "o&#x27;brien" in expected
        assert expected.count("Record withdrawal" if language == "en" else "<form") == (
            2 if can_write else int(institution_id == "ihk-hannover")
        )
