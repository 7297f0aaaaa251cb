"""The case page's lists written in Python: the checklist, the consents and the timeline.

Each took a dozen template lookups, tags and date filters per item; together about a tenth of
the page. The HTML is what the template loops wrote (dates as Django's ``date`` filter writes
them, in the reader's time zone and language).
"""

from html import escape

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def _when(moment) -> tuple[str, str]:
    """(ISO 8601, the short date and time) of an aware datetime, as the ``date`` filter gives
    them with ``'c'`` and ``"SHORT_DATETIME_FORMAT"``."""
    local = timezone.localtime(moment)
    return local.isoformat(), date_format(local, "SHORT_DATETIME_FORMAT")


@register.simple_tag
def case_checklist(items) -> SafeString:
    if not items:
        return mark_safe(f"<li>{escape(gettext('No documents are required.'))}</li>")  # noqa: S308
    present, missing = escape(gettext("present")), escape(gettext("missing"))
    lines = []
    for item in items:
        label = escape(str(item.label))
        if item.done:
            version = escape(gettext("version %(version)s") % {"version": item.document.version})
            lines.append(
                f'<li class="done"> <span class="case-check" aria-hidden="true">✓</span> {label} '
                f'<span class="visually-hidden">({present})</span> '
                f'<span class="muted">{version}</span> </li>'
            )
        else:
            lines.append(
                f'<li class="open"> <span class="case-check" aria-hidden="true">○</span> {label} '
                f"<strong>({missing})</strong> </li>"
            )
    return mark_safe("\n    ".join(lines))  # noqa: S308 - every value escaped above


@register.simple_tag(takes_context=True)
def case_consents(context, consents, can_write: bool, institution_id: str) -> SafeString:
    """One row per consent; the withdrawal button where the holding institution may record it,
    or the consenting institution itself."""
    if not consents:
        return mark_safe(f'<tr><td colspan="5">{escape(gettext("No consents."))}</td></tr>')  # noqa: S308
    token = CsrfTokenNode().render(context)  # what {% csrf_token %} writes
    withdraw = escape(gettext("Record withdrawal"))
    lines = []
    for consent in consents:
        name, purpose = escape(str(consent.institution_name)), escape(str(consent.purpose_label))
        given = escape(_when(consent.given_at)[1])
        withdrawn = escape(_when(consent.withdrawn_at)[1]) if consent.withdrawn_at else "–"
        action = ""
        if consent.active and (can_write or consent.institution_id == institution_id):
            action = (
                f' <form method="post" action="{escape(consent.withdraw_url)}">'
                f"{token} "
                f'<button type="submit" class="secondary">{withdraw}'
                f'<span class="visually-hidden"> – {name}, {purpose}</span></button> </form>'
            )
        lines.append(
            f"<tr> <td>{name}</td><td>{purpose}</td> <td>{given}</td> "
            f"<td>{withdrawn}</td> <td>{action}</td> </tr>"
        )
    return mark_safe("\n    ".join(lines))  # noqa: S308 - every value escaped above


@register.simple_tag
def case_timeline(entries) -> SafeString:
    lines = []
    for entry in entries:
        iso, shown = _when(entry["at"])
        who = ""
        if entry["actor"]:
            where = f", {escape(entry['institution'])}" if entry["institution"] else ""
            who = f' <span class="muted">({escape(entry["actor"])}{where})</span>'
        lines.append(
            f'<li><time datetime="{escape(iso)}">{escape(shown)}</time> – '
            f"{escape(str(entry['text']))}{who}</li>"
        )
    return mark_safe("\n    ".join(lines))  # noqa: S308 - every value escaped above
