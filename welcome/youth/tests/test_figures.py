"""The Region's figures of the youth programmes: what counts where, and what stays hidden."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from welcome.accounts.tests.factories import EmployerFactory, StaffFactory, login_verified
from welcome.youth import figures
from welcome.youth.models import Referral
from welcome.youth.tests.factories import programme_staff, programme_taking_referrals, referral

pytestmark = pytest.mark.django_db

YEAR = 2026


def sent(programme, *, on: dt.date, place="Garbsen", contacted=None, started=None, ended=None,
         status="received"):  # fmt: skip
    row = referral(programme, municipality=place)
    moment = timezone.make_aware(dt.datetime.combine(on, dt.time(10)))
    Referral.objects.filter(pk=row.pk).update(
        referred_at=moment,
        contacted_on=contacted,
        started_on=started,
        ended_on=ended,
        status=status,
    )
    return row


def test_each_step_counts_in_the_month_it_happened():
    programme = programme_taking_referrals("workshop-garbsen")
    for _ in range(5):
        sent(
            programme,
            on=dt.date(YEAR, 1, 30),
            contacted=dt.date(YEAR, 2, 2),
            started=dt.date(YEAR, 3, 1),
            ended=dt.date(YEAR, 6, 1),
            status="completed",
        )
    result = figures.figures(year=YEAR)
    months = {day.month: row.counts for day, row in result.months}
    assert months[1]["referrals"] == 5 and months[1]["contacted"] == 0
    assert months[2]["contacted"] == 5 and months[3]["started"] == 5
    assert months[6]["completed"] == 5 and months[6]["dropped_out"] == 0
    feb = result.months[1][1]
    assert feb.median_days == 3 and feb.measured == 5
    assert result.total.counts == {
        "referrals": 5, "contacted": 5, "started": 5, "completed": 5, "dropped_out": 0,
    }  # fmt: skip


def test_a_referral_of_last_december_contacted_in_january_counts_its_contact_only():
    programme = programme_taking_referrals("workshop-garbsen")
    for _ in range(5):
        sent(programme, on=dt.date(YEAR - 1, 12, 30), contacted=dt.date(YEAR, 1, 4))
    total = figures.figures(year=YEAR).total
    assert total.counts["referrals"] == 0 and total.counts["contacted"] == 5
    assert total.median_days == 5


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, None), (4, None), (5, 5), (6, 6)])
def test_groups_below_five_are_suppressed(count, shown):
    programme = programme_taking_referrals("workshop-garbsen")
    for _ in range(count):
        sent(programme, on=dt.date(YEAR, 4, 10), contacted=dt.date(YEAR, 4, 11))
    result = figures.figures(year=YEAR)
    assert result.total.counts["referrals"] == shown
    assert result.total.median_days == (1 if count >= 5 else None)


def test_a_lone_hidden_group_takes_the_next_smallest_with_it():
    programme = programme_taking_referrals("workshop-garbsen")
    for place, count in (("Garbsen", 3), ("Seelze", 6), ("Hannover", 9)):
        for _ in range(count):
            sent(programme, on=dt.date(YEAR, 5, 5), place=place)
    rows = {row.key: row.counts["referrals"] for row in figures.figures(year=YEAR).municipalities}
    # 18 in total: Garbsen's 3 could be worked out from Seelze's and Hannover's numbers.
    assert rows == {"Garbsen": None, "Hannover": 9, "Seelze": None}


def test_the_page_draws_the_chart_with_plain_numbers_in_every_language(client):
    programme = programme_taking_referrals("workshop-garbsen")
    for _ in range(7):
        sent(programme, on=timezone.localdate().replace(day=1))
    login_verified(client, StaffFactory(institution_id="welcome-center"))
    for language in ("de", "en", "tr", "ar", "es", "fr", "uk", "ru"):
        with translation.override(language):
            html = client.get(reverse("youth:figures")).content.decode()
        svg = html[html.index("<svg") : html.index("</svg>")]
        assert 'x="' in svg and not any(
            "," in value for value in _attributes(svg, ("x", "y", "width", "height"))
        ), language
        assert "<table" in html


def _attributes(svg: str, names) -> list[str]:
    pattern = r"\b(" + "|".join(names) + r')="([^"]*)"'
    return [m.group(2) for m in re.finditer(pattern, svg)]


def test_csv_export_marks_suppressed_cells(client):
    programme = programme_taking_referrals("workshop-garbsen")
    for _ in range(3):
        sent(programme, on=timezone.localdate())
    login_verified(client, programme_staff(programme))
    year = timezone.localdate().year
    response = client.get(f"/en/youth/figures/programmes.csv?year={year}")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["key", "name", "referrals"]
    assert rows[1][:3] == ["workshop-garbsen", "Youth workshop", "<5"]  # slug, title, count
    assert rows[-1][0] == "total"


def test_figures_are_for_partner_and_programme_staff_only(client):
    url = reverse("youth:figures")
    assert client.get(url).status_code == 302  # to the login
    login_verified(client, EmployerFactory())
    assert client.get(url).status_code == 404
