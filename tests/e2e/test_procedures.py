"""Journey of the accelerated skilled-worker procedure (§ 81a AufenthG) across institutions and
roles, on the German pages (the default language, no URL prefix):

1. an employer registers a company in Garbsen, sets up the second factor from the key the page
   shows, and reads that the company is not yet verified (filing impossible);
2. a Welcome Center case worker verifies the company;
3. the employer prepares an application for a named worker with the facts the form asks, adds
   the spouse, uploads every checklist document and asks the IHK for the pre-check;
4. an IHK case worker approves all documents but one, rejects that one with a reason and returns
   the application with findings;
5. the employer reads the reason, replaces the document in place and asks again; the IHK
   approves and confirms; the employer reads the fee (411 €) and files;
6. the Zentralstelle works outside the platform (since 1 Jan 2026), so the Welcome Center
   records its notices with the notice's date: agreement concluded → BA approval requested →
   BA approval given → pre-approval sent;
7. after each recorded step the employer reloads the application page and sees the step in the
   timeline, the state, the running deadline (the BA's week, § 36 Abs. 2 BeschV, with its due
   day) and the expected date range, which changes on the way.

The employer of another company gets a 404 for the application. The main pages pass the axe
check; the application page and the staff page fit a 320 px screen.

The procedure's pages are compared with the German catalogue at run time (`de()`), so the test
holds whether a text is translated yet or not. Every date is read from the page or derived from
the filing day the page shows (a notice may not lie before the previous step nor in the future,
so the notices carry the filing day), never from a fixed calendar.
"""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils import translation
from django_otp.oath import TOTP

from tests.e2e.helpers import current_code, too_wide_at_320
from welcome.accounts.models import Company, User
from welcome.accounts.tests.factories import PASSWORD, EmployerFactory, StaffFactory
from welcome.law import deadlines as law_deadlines
from welcome.procedures import machine
from welcome.procedures.machine import State
from welcome.procedures.models import Application, Document
from welcome.procedures.tests.factories import VerifiedCompanyFactory
from welcome.procedures.views import DEADLINES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMPANY = "Tischlerei Leinebogen GmbH"
WORKER = "Amina Haddad"
SPOUSE = "Youssef Haddad"
EMPLOYER_PASSWORD = "Kiefer+Eiche*Buche-73"
REASON = "Der Lebenslauf ist nicht unterschrieben. Bitte mit Unterschrift erneut hochladen."
DATE = re.compile(r"\d{2}\.\d{2}\.\d{4}")


def de(text) -> str:
    """A text as the German page shows it (a lazy label or a msgid of the catalogue)."""
    with translation.override("de"):
        return str(text) if not isinstance(text, str) else translation.gettext(text)


def state(name: str) -> str:
    return de(State(name).label)


def step_label(name: str) -> str:
    return de(machine.TRANSITIONS[name].label)


def pdf_bytes(title: str) -> bytes:
    """A small but real one-page PDF (with its cross-reference table)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        None,  # the content stream, below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    text = f"BT /F1 12 Tf 20 50 Td ({title}) Tj ET".encode("latin-1")
    objects[3] = b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def new_page(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    return page


def log_in(page, user, target):
    """Password, then the code from the authenticator, on the German pages."""
    page.goto(f"{page.base_url}/accounts/login/?next={target}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    submit(page, page.locator("main form button[type=submit]"))
    assert "/accounts/login/code/" in page.url
    page.fill("#id_token", current_code(user))
    submit(page, page.locator("main form button[type=submit]"))
    assert page.url.endswith(target), page.url


def submit(page, button):
    with page.expect_navigation():
        button.click()


def main_text(page) -> str:
    return page.locator("main").inner_text()


def assert_no_error(page):
    errors = page.locator(".notice-error, p.error")
    assert errors.count() == 0, errors.all_inner_texts()


def fact(page, label) -> str:
    """The value of a fact in the application page's first list (Step, Expected, Filed on …)."""
    facts = page.locator("dl.case-facts").first
    term = page.locator("dt", has_text=re.compile(f"^{re.escape(label)}$"))
    row = facts.locator("div").filter(has=term)
    return row.locator("dd").inner_text().strip()


def expected_range(page) -> tuple[str, ...]:
    """The expected dates as the page shows them (one day or a range)."""
    shown = fact(page, de("Expected")).splitlines()[0]
    dates = tuple(DATE.findall(shown))
    assert dates, f"no expected date shown: {shown!r}"
    return dates


def german_date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


# --- the employer's steps ------------------------------------------------------------------------


def register_company(page, axe_check):
    page.goto(f"{page.base_url}/employer/register/")
    assert page.locator("html").get_attribute("lang") == "de"
    axe_check(page)
    page.fill("#id_name", COMPANY)
    page.fill("#id_address", "Am Leinebogen 7, 30823 Garbsen")
    page.fill("#id_register_number", "HRB 212345 (Amtsgericht Hannover)")
    page.select_option("#id_municipality", "Garbsen")
    page.fill("#id_contact_name", "Petra Holzmann")
    page.fill("#id_contact_email", "personal@leinebogen.example")
    page.fill("#id_contact_phone", "+49 5131 123456")
    page.select_option("#id_language", "de")
    page.fill("#id_username", "leinebogen-hr")
    page.fill("#id_email", "p.holzmann@leinebogen.example")
    page.fill("#id_password1", EMPLOYER_PASSWORD)
    page.fill("#id_password2", EMPLOYER_PASSWORD)
    submit(page, page.locator("main form button[type=submit]"))

    # The second factor: the page shows the key; the authenticator app computes the code.
    assert "/accounts/login/setup/" in page.url, main_text(page)
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    code = TOTP(base64.b32decode(secret)).token()
    page.fill("#id_token", f"{code:06d}")
    submit(page, page.locator("main form button[type=submit]"))
    assert page.url.endswith("/employer/"), page.url


def create_application(page) -> int:
    page.click("a[href$='/employer/applications/new/']")
    page.wait_for_url("**/employer/applications/new/")
    page.fill("#id_worker_name", WORKER)
    page.fill("#id_worker_email", "amina@example.net")
    page.select_option("#id_worker_language", "en")
    page.select_option("#id_worker_nationality", "MA")
    page.fill("#id_worker_birth_date", "1994-05-17")
    page.fill("#id_occupation", "Tischlerin")
    page.fill("#id_occupation_isco", "7522")
    page.select_option("#id_title", "skilled_vocational")
    # The pathway facts: vocational training, fully recognised, a matching job.
    page.select_option("#id_qualification__level", "vocational")
    page.select_option("#id_qualification__recognition", "full")
    page.select_option("#id_qualification__regulated_profession", "no")
    page.select_option("#id_german_level", "B1")
    page.fill("#id_job_offer__annual_gross_salary_eur", "42000")
    page.select_option("#id_job_offer__matches_qualification", "yes")
    page.fill("#id_job_offer__contract_months", "0")
    submit(page, page.locator("main form button[type=submit]"))
    match = re.search(r"/employer/applications/(\d+)/$", page.url)
    assert match, page.url
    assert state(State.DRAFT) in fact(page, de("Step"))
    return int(match.group(1))


def add_spouse(page):
    page.fill("#id_name", SPOUSE)
    page.select_option("#id_relation", "spouse")
    page.fill("#id_birth_date", "1992-11-02")
    submit(page, page.locator("form[action$='/family/'] button[type=submit]"))
    assert SPOUSE in page.locator("#family").inner_text()


def upload(page, anchor: str, path):
    item = page.locator(f"li#{anchor}")
    item.locator("input[type=file]").set_input_files(str(path))
    submit(page, item.locator("button[type=submit]"))
    assert_no_error(page)


def upload_checklist(page, tmp_path) -> list[str]:
    """Upload every document the checklist lists (the worker's and the spouse's)."""
    anchors = page.locator("ul.case-checklist > li").evaluate_all("items => items.map(i => i.id)")
    for anchor in anchors:
        path = tmp_path / f"{anchor}.pdf"
        path.write_bytes(pdf_bytes(anchor))
        upload(page, anchor, path)
    open_items = page.locator("ul.case-checklist > li.open")
    assert open_items.count() == 0, open_items.all_inner_texts()
    return anchors


def ask_for_pre_check(page, institution: str):
    form = page.locator("form", has=page.locator("input[name=transition][value=request_pre_check]"))
    form.locator("select[name=pre_checker]").select_option(institution)
    submit(page, form.locator("button[type=submit]"))
    assert_no_error(page)
    assert state(State.PRE_CHECK) in fact(page, de("Step"))


# --- the staff's steps ---------------------------------------------------------------------------


def review_all(page, application_id: int, reject: dict[int, str] | None = None):
    """Approve every document with a review form, reject those in ``reject`` with the reason."""
    reject = reject or {}
    actions = page.locator("form[action$='/review/']").evaluate_all(
        "forms => forms.map(f => f.getAttribute('action'))"
    )
    assert actions
    for action in actions:
        document_id = int(re.search(r"/documents/(\d+)/review/$", action).group(1))
        form = page.locator(f"form[action='{action}']")
        if document_id in reject:
            form.locator("textarea").fill(reject[document_id])
            submit(page, form.locator("button[value=reject]"))
        else:
            submit(page, form.locator("button[value=approve]"))
        assert_no_error(page)
        assert page.url.endswith(f"/office/procedures/{application_id}/")


def take_step(page, name: str, on: dt.date | None = None):
    form = page.locator(f"form[action$='/steps/{name}/']")
    if on is not None:
        form.locator("input[type=date]").fill(on.isoformat())
    submit(page, form.locator("button[type=submit]"))
    assert_no_error(page)
    assert page.locator(".message-success").is_visible()


# --- the journey ---------------------------------------------------------------------------------


def test_an_application_goes_from_registration_through_pre_check_to_the_pre_approval(
    page, browser, live_server, axe_check, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the forecast's observed durations
    wc_worker = StaffFactory(institution_id="welcome-center", username="wc-clara")
    ihk_worker = StaffFactory(institution_id="ihk-hannover", username="ihk-jonas")
    other_employer = EmployerFactory(
        company=VerifiedCompanyFactory(name="Bäckerei Nachbar GmbH"), username="nachbar-hr"
    )

    # 1. The employer registers and is told the company is not verified yet.
    employer = page
    register_company(employer, axe_check)
    notice = employer.locator(".notice-warning")
    assert de("Your company is not yet verified.") in notice.inner_text()
    assert (
        de(
            "The Welcome Center checks every registration. Until then you can prepare applications "
            "and ask for the pre-check, but not file them."
        )
        in notice.inner_text()
    )
    assert Company.objects.get(name=COMPANY).municipality == "Garbsen"
    axe_check(employer)

    # 2. The Welcome Center verifies the company.
    wc = new_page(browser, live_server)
    log_in(wc, wc_worker, "/office/procedures/")
    wc.click("a[href$='/office/procedures/companies/']")
    wc.wait_for_url("**/office/procedures/companies/")
    row = wc.locator("tr", has_text=COMPANY)
    assert "Garbsen" in row.inner_text()
    submit(wc, row.locator("button[type=submit]"))
    assert wc.locator("tr", has_text=COMPANY).count() == 0
    assert Company.objects.get(name=COMPANY).verified_at is not None
    employer.reload()
    assert employer.locator(".notice-warning").count() == 0

    # 3. The employer prepares the application, adds the spouse, uploads the checklist and asks
    #    the IHK for the pre-check.
    application_id = create_application(employer)
    detail_url = employer.url
    add_spouse(employer)
    anchors = upload_checklist(employer, tmp_path)
    spouse_id = Application.objects.get(pk=application_id).family_members.get().pk
    assert f"doc-passport_copy-{spouse_id}" in anchors  # the spouse's passport, too
    assert len(anchors) > 2
    axe_check(employer)
    assert not too_wide_at_320(employer)
    ask_for_pre_check(employer, "ihk-hannover")

    # The employer of another company does not see it.
    other = new_page(browser, live_server)
    log_in(other, other_employer, "/employer/")
    assert other.goto(detail_url).status == 404
    other.context.close()

    # 4. The IHK approves every document but the CV, which it rejects with a reason.
    ihk = new_page(browser, live_server)
    log_in(ihk, ihk_worker, "/office/procedures/")
    axe_check(ihk)
    ihk.click("a[href$='?show=pre_check']")
    ihk.wait_for_url("**/office/procedures/?show=pre_check")
    reference = Application.objects.get(pk=application_id).reference
    row = ihk.locator("tr", has_text=reference)
    assert WORKER in row.inner_text()
    assert COMPANY in row.inner_text()
    row.get_by_role("link", name=reference).click()
    ihk.wait_for_url(f"**/office/procedures/{application_id}/")
    assert SPOUSE in main_text(ihk)
    axe_check(ihk)
    assert not too_wide_at_320(ihk)
    cv = Document.objects.get(application_id=application_id, key="cv_german", family_member=None)
    review_all(ihk, application_id, reject={cv.pk: REASON})
    take_step(ihk, "return_findings")

    # 5. The employer reads the reason, replaces the CV in place and asks again.
    employer.reload()
    assert state(State.DRAFT) in fact(employer, de("Step"))
    cv_item = employer.locator("li#doc-cv_german-w")
    assert REASON in cv_item.inner_text()
    replacement = tmp_path / "lebenslauf-unterschrieben.pdf"
    replacement.write_bytes(pdf_bytes("Lebenslauf, unterschrieben"))
    upload(employer, "doc-cv_german-w", replacement)
    cv_item = employer.locator("li#doc-cv_german-w")
    assert "lebenslauf-unterschrieben" in cv_item.inner_text()
    assert REASON not in cv_item.inner_text()
    versions = Document.objects.filter(application_id=application_id, key="cv_german")
    assert sorted(versions.values_list("version", flat=True)) == [1, 2]
    ask_for_pre_check(employer, "ihk-hannover")

    ihk.reload()
    review_all(ihk, application_id)
    take_step(ihk, "confirm_pre_check")
    ihk.context.close()

    employer.reload()
    assert state(State.PRE_CHECKED) in fact(employer, de("Step"))
    file_section = employer.locator("form", has=employer.locator("input[value=file]"))
    fee_text = employer.locator("h3#file + p").inner_text()
    assert re.search(r"411([,.]00)?\s*€", fee_text), fee_text
    file_section.locator("input[type=checkbox]").check()
    submit(employer, file_section.locator("button[type=submit]"))
    assert_no_error(employer)
    assert state(State.FILED) in fact(employer, de("Step"))
    filed_on_text = fact(employer, de("Filed on"))
    day, month, year = (int(part) for part in filed_on_text.split("."))
    filed_on = dt.date(year, month, day)
    application = Application.objects.get(pk=application_id)
    assert application.mode == Application.Mode.RECORDED  # the Zentralstelle works elsewhere
    assert application.fee_eur == 411
    ranges = {State.FILED: expected_range(employer)}
    axe_check(employer)

    # 6./7. The Welcome Center records the Zentralstelle's notices; the employer follows.
    wc.goto(f"{live_server.url}/office/procedures/?show=act")
    assert wc.locator("tr", has_text=reference).count() == 1
    axe_check(wc)
    wc.locator("tr", has_text=reference).get_by_role("link", name=reference).click()
    wc.wait_for_url(f"**/office/procedures/{application_id}/")
    assert wc.locator("input[type=date]").count() > 0  # recorded: the notice's date is asked
    axe_check(wc)

    ba_due = law_deadlines.deadline("ba_approval", filed_on).due
    for name, target in (
        ("conclude_agreement", State.AGREEMENT_CONCLUDED),
        ("request_ba_approval", State.BA_REQUESTED),
        ("record_ba_approval", State.BA_APPROVED),
        ("send_pre_approval", State.PRE_APPROVAL_SENT),
    ):
        take_step(wc, name, on=filed_on)
        employer.reload()
        assert state(target) in fact(employer, de("Step"))
        last = employer.locator("ol.case-timeline > li").last
        assert step_label(name) in last.inner_text()
        assert last.locator("time").get_attribute("datetime") == filed_on.isoformat()
        deadlines = employer.locator("section[aria-labelledby=h-deadlines]")
        ba_row = deadlines.locator("tr", has_text=de(DEADLINES["ba_approval"]))
        if target == State.BA_REQUESTED:
            assert ba_row.count() == 1
            assert ba_row.locator("time").get_attribute("datetime") == ba_due.isoformat()
            assert german_date(ba_due) in ba_row.inner_text()
            assert "§ 36 Abs. 2 BeschV" in ba_row.inner_text()
            axe_check(employer)
        else:
            assert ba_row.count() == 0
        if target == State.PRE_APPROVAL_SENT:
            visa_row = deadlines.locator("tr", has_text=de(DEADLINES["visa_appointment"]))
            assert "§ 31a AufenthV" in visa_row.inner_text()
        ranges[target] = expected_range(employer)

    assert len(set(ranges.values())) >= 2, ranges
    assert ranges[State.FILED] != ranges[State.AGREEMENT_CONCLUDED], ranges
    steps = Application.objects.get(pk=application_id).steps.filter(source="notice")
    assert steps.count() == 4
    assert User.objects.get(username="leinebogen-hr").company.name == COMPANY
    wc.context.close()
