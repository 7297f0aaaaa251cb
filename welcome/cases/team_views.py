"""Pages around the inbox: the staff member's notifications and the team lead's dashboard."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import get_language, get_language_bidi, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from welcome.accounts.decorators import staff_required
from welcome.accounts.models import User
from welcome.cases import dashboard, notices
from welcome.cases.forms import DigestForm
from welcome.cases.vocabulary import Topic
from welcome.insights import charts


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def notifications(request):
    """The user's latest notifications, and whether they also want them as a daily e-mail."""
    user = request.user
    form = DigestForm(request.POST or None, initial={"digest": user.notification_digest})
    if request.method == "POST" and form.is_valid():
        user.notification_digest = form.cleaned_data["digest"]
        # The digest is written in the language the user reads these pages in.
        user.language = get_language()
        user.save(update_fields=["notification_digest", "language"])
        messages.success(
            request,
            _("You will get a daily e-mail digest.")
            if user.notification_digest
            else _("You will not get e-mails about notifications."),
        )
        return redirect("cases:notifications")
    topics = dict(Topic.choices)
    rows = notices.notifications_for(user)
    for row in rows:
        row.topic_label = topics.get(row.case.topic, row.case.topic)
    return render(
        request,
        "cases/notifications.html",
        # All unread ones, as the inbox link counts them (the list shows the latest 50).
        {"rows": rows, "unread": notices.unread_count(user), "form": form},
    )


@staff_required
@require_safe
def notification_open(request, notification_id: int):
    """Mark the notice read and go to its case (where the case page checks access and audits);
    another person's notice is "not found", like a missing one."""
    notice = request.user.notifications.filter(pk=notification_id).only("case_id").first()
    if notice is None:
        raise Http404("No such notice.")
    notices.mark_read(request.user, notification_id)
    return redirect("cases:detail", case_id=notice.case_id)


@staff_required
@require_POST
def notifications_read(request):
    notices.mark_read(request.user)
    return redirect("cases:notifications")


@staff_required
@require_safe
def team(request):
    """Workload per person, overdue cases by age, intake per week: for team leads."""
    if not request.user.has_role(User.Role.TEAM_LEAD, User.Role.ADMINISTRATOR):
        raise Http404("The team overview is for team leads.")
    overview = dashboard.team_overview(institution_id=request.user.institution_id)
    rtl = get_language_bidi()
    nobody = _("Not assigned yet")
    workload = [{"row": row, "name": row.name or nobody} for row in overview.workload]
    ages = [{"label": _age_label(age), "count": count} for age, count in overview.overdue_by_age]
    weeks = [
        {
            "label": _("week of %(date)s")
            % {"date": formats.date_format(week.monday, "SHORT_DATE_FORMAT")},
            "short": _("wk %(number)d") % {"number": week.monday.isocalendar().week},
            "week": week,
        }
        for week in overview.weeks
    ]

    def number(value: float) -> str:
        return formats.number_format(round(value))

    context = {
        "overview": overview,
        "workload": workload,
        "ages": ages,
        "weeks": weeks,
        "charts": {
            "workload": charts.bar_chart(
                "chart-workload",
                title=_("Open cases per person"),
                description=_("Open, waiting and overdue cases per person; figures in the table."),
                rows=[
                    charts.Row(r["name"], (r["row"].open, r["row"].waiting, r["row"].overdue))
                    for r in workload
                ],
                series=(
                    pgettext("team chart", "open"),
                    pgettext("team chart", "waiting"),
                    pgettext("team chart", "overdue"),
                ),
                number=number,
                rtl=rtl,
            ),
            "ages": charts.bar_chart(
                "chart-ages",
                title=_("Overdue cases by days past the due date"),
                description=_("Number of open cases per age group; figures in the table."),
                rows=[charts.Row(a["label"], (a["count"],)) for a in ages],
                series=(pgettext("team chart", "cases"),),
                number=number,
                rtl=rtl,
            ),
            "weeks": charts.line_chart(
                "chart-weeks",
                title=_("Intake and closed cases per week"),
                description=_(
                    "Cases that arrived in the inbox and cases closed, per week; figures in the "
                    "table."
                ),
                points=[
                    charts.Row(w["short"], (w["week"].intake, w["week"].closed)) for w in weeks
                ],
                series=(pgettext("team chart", "intake"), pgettext("team chart", "closed")),
                number=number,
                rtl=rtl,
            ),
        },
    }
    return render(request, "cases/team.html", context)


def _age_label(age: tuple[int, int | None]) -> str:
    first, last = age
    if last is None:
        return _("more than %(days)d days") % {"days": first - 1}
    return _("%(first)d–%(last)d days") % {"first": first, "last": last}
