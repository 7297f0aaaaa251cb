"""Demo content of the § 81a procedure: three verified companies with two HR users each, and a
year of applications walked through realistic paths (`manage.py demo_procedures`).

Steps and deadlines are written directly (bulk_create), not through `services`: the services
record today's events only, and a year of history must carry its own dates. The result is what
the services would have produced — every step follows the transition table; `days`,
`waiting_for`, `acting_body` and `within_deadline` are computed as `application_transition`
computes them; deadlines start, are met, pause and resume as `_deadlines_apply` does; the
authority is the one competent on the day of filing (`services.filing_facts`: the ABH of the
company's municipality until 2025, in the platform; the Zentralstelle from 2026, whose notices
the Welcome Center records). Audit entries and e-mails are not written for this invented history.

Durations are planning figures, not measured data: agreement 1–3 weeks, recognition 3–9 weeks
(mostly within its 2 months), BA mostly within its week (a few deemed approvals), visa
appointment 2–5 weeks. About a fifth of the applications are still open, placed so that today
falls inside their current step. Worker names are invented: every surname is the word
"example" in the worker's language. Idempotent: companies and users are updated; applications
are created only while the demo companies have none (`--reset` rebuilds exactly those).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import random
import secrets
import time
from collections import Counter

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from welcome.accounts.models import Company, User
from welcome.cases.management.commands.demo_cases import DEMO_TOTP_KEY
from welcome.law import deadlines as law_deadlines
from welcome.law.periods import next_working_day
from welcome.procedures import machine, services
from welcome.procedures.machine import State
from welcome.procedures.models import Application, Deadline, Document, FamilyMember, Step
from welcome.region.services import institutions_sync

DEMO_PDF = b"%PDF-1.4\n% Welcome Center demo document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
R = Application.RecognitionBody
# (key, name, municipality, address, HR users (username, first, last), occupations):
# occupation = (title, ISCO-08, job title, recognition body or "" when already recognised).
COMPANIES = [
    (
        "garbsen",
        "Seniorenzentrum Am Blauen See gGmbH (Demo)",
        "Garbsen",
        "Am Blauen See 1, 30823 Garbsen",
        [("hr.garbsen", "Jana", "Muster"), ("hr.garbsen.2", "Timo", "Beispiel")],
        [
            ("skilled_vocational", "2221", "Pflegefachkraft", R.STATE_BODY),
            ("skilled_vocational", "2221", "Pflegefachkraft", R.STATE_BODY),
            ("skilled_vocational", "2264", "Physiotherapeut/in", R.STATE_BODY),
            ("skilled_vocational", "5120", "Koch/Köchin", R.IHK_FOSA),
            ("skilled_vocational", "2221", "Pflegefachkraft", R.NONE),
            ("experienced_professional", "5120", "Koch/Köchin", R.NONE),
        ],
    ),
    (
        "hannover",
        "Leinetal Digital & Technik GmbH (Demo)",
        "Hannover",
        "Musterstraße 12, 30159 Hannover",
        [("hr.hannover", "Selin", "Vorlage"), ("hr.hannover.2", "Lars", "Probe")],
        [
            ("blue_card", "2512", "Softwareentwickler/in", R.NONE),
            ("blue_card", "2512", "Softwareentwickler/in", R.NONE),
            ("skilled_academic", "2142", "Bauingenieur/in", R.ZAB),
            ("skilled_academic", "2511", "Data Engineer", R.ZAB),
            ("skilled_vocational", "7411", "Elektroniker/in", R.HWK),
            ("experienced_professional", "2522", "IT-Systemadministrator/in", R.NONE),
        ],
    ),
    (
        "laatzen",
        "Laatzener Logistik & Montage GmbH (Demo)",
        "Laatzen",
        "Beispielweg 3, 30880 Laatzen",
        [("hr.laatzen", "Mira", "Exempel"), ("hr.laatzen.2", "Jonas", "Schablone")],
        [
            ("skilled_vocational", "8332", "Berufskraftfahrer/in", R.IHK_FOSA),
            ("skilled_vocational", "4321", "Fachkraft für Lagerlogistik", R.IHK_FOSA),
            ("skilled_vocational", "7231", "Kfz-Mechatroniker/in", R.HWK),
            ("skilled_vocational", "7212", "Schweißer/in", R.HWK),
            ("skilled_vocational", "7126", "Anlagenmechaniker/in SHK", R.HWK),
            ("experienced_professional", "8332", "Berufskraftfahrer/in", R.NONE),
        ],
    ),
]
REGISTER_PREFIX = "DEMO-81A-"
SHARES = {"garbsen": 4, "hannover": 3, "laatzen": 3}  # of the applications
# Nationality: first names; surnames (the word "example" in the language); the worker's language.
# Names are space-separated, "_" joins the parts of one name.
PEOPLE = {
    "IN": ("Priya Arjun Ananya Rohan Kavya Vikram Meera Sanjay Divya Rahul", "Udaharan", "en"),
    "PH": ("Maria_Luisa Jericho Angelica Mark_Anthony Rosalie Jun Kristine", "Halimbawa", "en"),
    "TR": ("Mehmet Elif Emre Zeynep Burak Ayşe Can Deniz Hakan Merve", "Örnek Misal", "tr"),
    "MA": ("Amina Youssef Salma Karim Nadia Hamza Imane Yassine", "Mithal", "fr"),
    "TN": ("Sami Leila Anis Rim Walid Sonia Mehdi Ines", "Mithal", "ar"),
    "EG": ("Omar Mariam Ahmed Nour Mostafa Yasmin Khaled Hana", "Namudhaj", "ar"),
    "CO": ("Lucía Andrés Valentina Camilo Daniela Santiago Paula Julián", "Ejemplo Muestra", "es"),
    "MX": ("Diego Fernanda José_Luis Ximena Alejandro Regina Emiliano Sofía", "Ejemplo", "es"),
    "BR": ("João Ana_Clara Thiago Beatriz Rafael Larissa Gustavo Camila", "Exemplo", "en"),
    "VN": ("Lan Minh Thu_Hà Tuấn Linh Quang Ngọc Huy", "Ví_Dụ", "en"),
    "UA": ("Olena Andrii Iryna Taras Oksana Dmytro Kateryna Bohdan", "Pryklad", "en"),
    "ID": ("Putri Agus Dewi Budi Sari Eko Ratna Hendra", "Contoh", "en"),
    "BA": ("Amar Lejla Emir Selma Adnan Amra Haris Nejra", "Primjer", "de"),
}
FINDINGS = [
    "The passport copy is cut off at the bottom; please scan both pages in full.",
    "The CV is not in German; please upload the German version.",
    "The employment declaration is not signed by the employer.",
    "The certificate's translation is missing the translator's stamp.",
]


class Command(BaseCommand):
    help = "Create demo companies, HR users and a year of § 81a applications (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=300)
        parser.add_argument("--year", type=int, default=None, help="default: this year")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--reset", action="store_true", help="delete the demo applications and build anew"
        )

    def handle(self, *args, applications, year, seed, reset, **options):
        today = timezone.localdate()
        year = year or today.year
        if year > today.year:
            raise CommandError(f"The year {year} lies in the future; demo history ends today.")
        if applications < 0:
            raise CommandError("The number of applications cannot be negative.")
        institutions_sync()
        password = os.environ.get("DEMO_PASSWORD", "welcome-demo-2026")
        # One hash for all six: a known demo password gains nothing from six salts.
        hashed = make_password(password)
        companies = [self._company(spec, hashed, year) for spec in COMPANIES]
        secret = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
        usernames = ", ".join(u for spec in COMPANIES for u, _f, _l in spec[4])
        self.stdout.write(
            f"Employer logins: {usernames}; password from DEMO_PASSWORD (default "
            f"welcome-demo-2026); TOTP secret as for the staff demo users: {secret}. "
            "Log in at /accounts/login/; the employer portal is /employer/ (/en/employer/ …)."
        )
        existing = Application.objects.filter(company__in=companies)
        if existing.exists():
            if not reset:
                self.stdout.write("Demo procedures exist already; nothing added (--reset: anew).")
                return
            _delete(existing)
        started = time.monotonic()
        rng = random.Random(seed)  # noqa: S311 — repeatable demo data, not a secret
        built = _Builder(companies, today, year, rng, self._progress)
        with transaction.atomic():
            counts = built.run(applications)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - started:.1f} s: {applications} applications, "
                f"{counts['steps']} steps, {counts['deadlines']} deadlines, "
                f"{counts['documents']} documents."
            )
        )
        self.stdout.write("  states: " + ", ".join(f"{k} {v}" for k, v in counts["states"]))

    def _company(self, spec, hashed_password, year) -> Company:
        key, name, municipality, address, users, _occupations = spec
        company, _created = Company.objects.update_or_create(
            register_number=f"{REGISTER_PREFIX}{key}",
            defaults={
                "name": name,
                "municipality": municipality,
                "address": address,
                "contact_name": f"{users[0][1]} {users[0][2]}",
                "contact_email": f"personal.{key}@example.com",
                "language": "de",
            },
        )
        if company.verified_at is None:
            verified = dt.datetime(year - 1, 10, 1, 10, tzinfo=dt.UTC)
            lead = User.objects.filter(username="demo-lead-welcome-center").first()
            Company.objects.filter(pk=company.pk).update(verified_at=verified, verified_by=lead)
            company.refresh_from_db()
        for username, first, last in users:
            user, created = User.objects.get_or_create(
                username=username, defaults={"kind": User.Kind.EMPLOYER, "company": company}
            )
            user.kind, user.company, user.institution, user.role = "employer", company, None, ""
            user.first_name, user.last_name = first, last
            user.email = f"{username}@example.com"
            user.password = hashed_password
            user.save()
            TOTPDevice.objects.update_or_create(
                user=user,
                name="demo authenticator",
                defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
            )
            self.stdout.write(f"  {'created' if created else 'updated'} user {username}")
        return company

    def _progress(self, done: int, total: int) -> None:
        """A text bar on stderr: redrawn in place on a terminal, a line per tenth otherwise."""
        width = 30
        filled = width * done // max(total, 1)
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} applications"
        if self.stderr.isatty():
            self.stderr.write("\r" + line, ending="\n" if done == total else "")
            self.stderr.flush()
        elif total and (done == total or done % max(total // 10, 1) == 0):
            self.stderr.write(line)


def _delete(applications) -> None:
    files = list(
        Document.objects.filter(application__in=applications).values_list("file", flat=True)
    )
    with transaction.atomic():
        applications.delete()
    for name in files:
        default_storage.delete(name)


def _people(nationality: str) -> tuple[list[str], list[str], str]:
    firsts, lasts, language = PEOPLE[nationality]
    names = [name.replace("_", " ") for name in firsts.split()]
    return names, [name.replace("_", " ") for name in lasts.split()], language


def _tri(rng: random.Random, low: float, high: float, mode: float) -> int:
    return round(rng.triangular(low, high, mode))


def plan(rng: random.Random, *, recognition: bool, ba: bool) -> list[tuple[str, int, str]]:
    """A whole life of one application: (transition, days after the previous event, outcome)."""
    events = [("request_pre_check", _tri(rng, 2, 21, 6), "")]
    if rng.random() < 0.15:
        events += [("return_findings", _tri(rng, 1, 5, 2), ""), ("request_pre_check", 5, "")]
    events += [("confirm_pre_check", _tri(rng, 1, 6, 2), ""), ("file", _tri(rng, 0, 5, 1), "")]
    if rng.random() < 0.10:
        events += [("request_documents", _tri(rng, 2, 8, 4), "")]
        events += [("receive_documents", _tri(rng, 4, 25, 10), "")]
    events.append(("conclude_agreement", _tri(rng, 7, 21, 10), ""))
    if recognition:
        events.append(("request_recognition", _tri(rng, 1, 5, 2), ""))
        total, elapsed = _tri(rng, 21, 63, 36), 0
        if rng.random() < 0.85:
            elapsed = _tri(rng, 2, 13, 6)
            events.append(("confirm_recognition_receipt", elapsed, ""))
        if rng.random() < 0.15 and total - elapsed > 8:
            asked = rng.randint(elapsed + 2, total - 4)
            events.append(("request_documents", asked - elapsed, ""))
            events.append(("receive_documents", _tri(rng, 5, 28, 12), ""))
            elapsed = asked
        outcome = rng.choices(["full", "partial", "refused"], [75, 17, 8])[0]
        events.append(("decide_recognition", max(total - elapsed, 1), outcome))
        if outcome == "refused":
            return events
    if ba:
        events.append(("request_ba_approval", _tri(rng, 1, 5, 2), ""))
        roll = rng.random()
        if roll < 0.02:  # the BA refuses, so the authority must
            return [*events, ("refuse", _tri(rng, 4, 8, 6), "")]
        elif roll < 0.08:
            events.append(("deem_ba_approval", 8, ""))  # the day comes from the deadline
        else:
            events.append(("record_ba_approval", _tri(rng, 1, 7, 3), ""))
    visa = "refused" if rng.random() < 0.03 else "granted"
    events += [
        ("send_pre_approval", _tri(rng, 1, 5, 2), ""),
        ("record_visa_appointment", _tri(rng, 14, 35, 20), ""),
        ("decide_visa", _tri(rng, 5, 25, 12), visa),
    ]
    if visa == "refused":
        return events
    events += [
        ("record_entry", _tri(rng, 7, 45, 20), ""),
        ("request_residence_permit", _tri(rng, 3, 14, 6), ""),
        ("close", _tri(rng, 14, 56, 28), ""),
    ]
    if rng.random() < 0.05:  # the employer withdraws, mostly early
        cut = rng.randint(0, min(len(events) - 2, 8))
        events = [*events[:cut], ("withdraw", _tri(rng, 1, 14, 5), "")]
    return events


class Walk:
    """One application walked through the transition table in memory, as the services would.

    ``take`` mirrors `services.application_transition` and `_deadlines_apply` step by step.
    """

    def __init__(self, application: Application, actors: dict, rng: random.Random, now):
        self.app, self.actors, self.rng, self.now = application, actors, rng, now
        self.steps: list[Step] = []
        self.deadlines: list[Deadline] = []
        self.members: list[FamilyMember] = []
        self.last_at = None

    def running(self, step: str = "") -> list[Deadline]:
        return [d for d in self.deadlines if d.met_on is None and (not step or d.step == step)]

    def take(self, name: str, day: dt.date, outcome: str = "") -> None:
        app, transition = self.app, machine.TRANSITIONS[name]
        if app.state not in transition.sources or day < app.state_since:
            raise CommandError(f"Demo path broken: {name} from {app.state} on {day}.")
        from_state, since = app.state, app.state_since
        waiting_for = machine.WAITING_FOR.get(from_state, "")
        acting_body = services.acting_body(app, waiting_for)
        if name == "file":
            for field, value in services.filing_facts(app, day).items():
                setattr(app, field, value)
        if name == "request_documents":
            app.paused_from = app.state
        target = machine.target_of(transition, paused_from=app.paused_from, outcome=outcome)
        if name == "receive_documents":
            app.paused_from = ""
        if target in machine.FINAL:
            app.closed_on = day
        met = self._deadlines(transition, day, target)
        by, institution, source = self._actor(transition.actor)
        at = self._at(day, source)
        self.steps.append(
            Step(
                application=app,
                transition=name,
                from_state=from_state,
                to_state=target,
                outcome=outcome,
                on=day,
                at=at,
                by=by,
                institution_id=institution,
                source=source,
                waiting_for=waiting_for,
                acting_body=acting_body,
                days=max((day - since).days, 0),
                within_deadline=all(d.met_on <= d.due_on for d in met) if met else None,
                notified_at=at,  # history: nobody is to be e-mailed about it now
            )
        )
        app.state, app.version = target, app.version + 1
        if target != from_state:
            app.state_since = day

    def _deadlines(self, transition, day: dt.date, target: str) -> list[Deadline]:
        met = [d for d in self.running() if d.step in transition.meets]
        for deadline in met:
            deadline.met_on = day
        if transition.name == "request_documents":
            for deadline in self.running():
                deadline.paused_since = deadline.paused_since or day
        elif transition.name == "receive_documents":
            for deadline in self.running():
                if deadline.paused_since is not None:
                    deadline.paused_days += (day - deadline.paused_since).days
                    deadline.paused_since = None
                    deadline.due_on = law_deadlines.deadline(
                        deadline.step, deadline.started_on, paused_days=deadline.paused_days
                    ).due
        if target in machine.FINAL:
            for deadline in self.running():
                deadline.met_on = day
        for step in services.deadlines_started(self.app, transition):  # none for a ZAB statement
            computed = law_deadlines.deadline(step, day)
            self.deadlines.append(
                Deadline(
                    application=self.app,
                    step=step,
                    started_on=day,
                    due_on=computed.due,
                    citation=computed.citation,
                )
            )
        return met

    def _actor(self, actor: str):
        """(user, institution, source) of a step, as `services._actor_kind` would record it."""
        app = self.app
        if actor == machine.EMPLOYER:
            return self.rng.choice(self.actors[app.company_id]), None, Step.Source.PLATFORM
        if actor == machine.PRE_CHECKER:
            institution, source = app.pre_checker_id, Step.Source.PLATFORM
        elif actor == machine.AUTHORITY:
            institution = services.authority_actor(app)
            recorded = app.mode == Application.Mode.RECORDED
            source = Step.Source.NOTICE if recorded else Step.Source.PLATFORM
        else:
            return None, None, Step.Source.SYSTEM
        return self.actors.get(institution), institution, source

    def _at(self, day: dt.date, source: str) -> dt.datetime:
        """When the step was recorded: office hours (a job at six), a notice up to two days
        later; always after the previous step and never in the future."""
        if source == Step.Source.SYSTEM:
            moment = dt.time(6)
        else:
            moment = dt.time(8 + self.rng.randrange(9), self.rng.randrange(60))
        if source == Step.Source.NOTICE:
            day += dt.timedelta(days=self.rng.choice((0, 0, 1, 2)))
        at = min(timezone.make_aware(dt.datetime.combine(day, moment)), self.now)
        if self.last_at is not None and at <= self.last_at:
            at = self.last_at + dt.timedelta(minutes=self.rng.randint(1, 30))
        self.last_at = at
        return at


class _Builder:
    """Draws ``count`` applications of the demo companies and writes them in a few INSERTs."""

    def __init__(self, companies, today: dt.date, year: int, rng: random.Random, progress):
        self.companies, self.today, self.year, self.rng = companies, today, year, rng
        self.progress, self.now = progress, timezone.now()
        self.specs = {c.register_number.removeprefix(REGISTER_PREFIX): c for c in companies}
        self.actors: dict = {
            c.pk: list(User.objects.filter(company=c).order_by("username")) for c in companies
        }
        for user in User.objects.filter(username__startswith="demo-", kind=User.Kind.STAFF):
            if user.username == f"demo-{user.institution_id}":
                self.actors[user.institution_id] = user

    def run(self, count: int) -> dict:
        walks, members = [], []
        for n in range(count):
            walks.append(self._walk())
            walks[-1].members = self._family(walks[-1].app)
            members += walks[-1].members
            self.progress(n + 1, count)
        walks.sort(key=lambda w: w.app.created_at)
        apps = [w.app for w in walks]
        stamps = [(a.created_at, a.updated_at) for a in apps]
        for app in apps:
            app.reference = f"tmp-{secrets.token_hex(8)}"
        Application.objects.bulk_create(apps, batch_size=500)
        for app, (created, updated) in zip(apps, stamps, strict=True):
            app.created_at, app.updated_at = created, updated
            app.reference = f"BF-{timezone.localtime(created).year}-{app.pk:06d}"
        Application.objects.bulk_update(
            apps, ["reference", "created_at", "updated_at"], batch_size=500
        )
        FamilyMember.objects.bulk_create(members, batch_size=500)
        steps = [s for w in walks for s in w.steps]
        deadlines = [d for w in walks for d in w.deadlines]
        Step.objects.bulk_create(steps, batch_size=1000)
        Deadline.objects.bulk_create(deadlines, batch_size=1000)
        documents = self._documents([w for w in walks if w.app.state not in machine.FINAL])
        states = Counter(a.state for a in apps)
        return {
            "steps": len(steps),
            "deadlines": len(deadlines),
            "documents": documents,
            "states": sorted(states.items(), key=lambda kv: -kv[1]),
        }

    def _walk(self) -> Walk:
        rng = self.rng
        key = rng.choices(list(self.specs), weights=[SHARES[k] for k in self.specs])[0]
        company = self.specs[key]
        spec = next(s for s in COMPANIES if s[0] == key)
        recognition = rng.random() < 0.6
        title, isco, occupation, body = rng.choice(
            [o for o in spec[5] if bool(o[3]) == recognition]
        )
        nationality = rng.choice(list(PEOPLE))
        firsts, lasts, language = _people(nationality)
        app = Application(
            company=company,
            created_by=rng.choice(self.actors[company.pk]),
            state=State.DRAFT,
            title=title,
            needs_recognition=recognition,
            needs_ba_approval=rng.random() < 0.7,
            recognition_body=body,
            worker_name=f"{rng.choice(firsts)} {rng.choice(lasts)}",
            worker_language=language,
            worker_nationality=nationality,
            worker_birth_date=dt.date(1975, 1, 1) + dt.timedelta(days=rng.randrange(27 * 365)),
            occupation=occupation,
            occupation_isco=isco,
        )
        app.worker_email = f"worker.{rng.randrange(16**6):06x}@example.org"
        app.profile = {
            "nationality": nationality,
            "municipality": company.municipality,
            "qualification": {
                "level": "academic" if title in ("blue_card", "skilled_academic") else "vocational",
                "recognition": "none" if recognition else "full",
                "occupation_isco": isco,
                "regulated_profession": isco in ("2221", "2264"),
            },
        }
        events = plan(rng, recognition=recognition, ba=app.needs_ba_approval)
        start = self._start(events)
        walk = Walk(app, self.actors, rng, self.now)
        app.state_since = start
        app.created_at = timezone.make_aware(dt.datetime.combine(start, dt.time(9)))
        day = start
        for name, gap, outcome in events:
            day = self._day(walk, name, day, gap)
            if day > self.today:
                break
            if name == "request_pre_check" and not app.pre_checker_id:
                app.pre_checker_id = {R.HWK: "hwk-hannover", R.IHK_FOSA: "ihk-hannover"}.get(
                    body if rng.random() < 0.5 else "", "welcome-center"
                )
            walk.take(name, day, outcome)
        app.updated_at = walk.last_at or app.created_at
        if rng.random() < 0.4:
            app.power_of_attorney_confirmed_at = app.created_at + dt.timedelta(days=2)
        return walk

    def _day(self, walk: Walk, name: str, previous: dt.date, gap: int) -> dt.date:
        """The event's day: a working day (§ 193 BGB bodies act on those), the BA within its
        week, a deemed approval on the day after the BA's period ended."""
        if name == "deem_ba_approval":
            return walk.running("ba_approval")[0].due_on + dt.timedelta(days=1)
        day = next_working_day(previous + dt.timedelta(days=gap))
        if name == "record_ba_approval":
            day = min(day, walk.running("ba_approval")[0].due_on)
        return max(day, previous)

    def _start(self, events) -> dt.date:
        """The day the draft was started: a fifth are open today (placed so that today falls
        inside their current step, weighted by how long each step lasts); the others fit
        the year and ended by today; some were started late in the year before."""
        rng, today = self.rng, self.today
        gaps = [max(gap, 1) for _name, gap, _outcome in events]
        length = sum(gaps) + len(gaps)  # working days stretch the gaps a little
        if rng.random() < 0.2:
            names = [name for name, _gap, _outcome in events]
            filing = names.index("file") if "file" in names else len(events) - 1
            indices = range(filing + 1, len(events))
            if rng.random() < 0.2 or not indices:
                indices = range(filing + 1)
            k = rng.choices(list(indices), weights=[gaps[i] for i in indices])[0]
            offset = sum(gaps[:k]) + k + rng.uniform(0.1, 0.9) * gaps[k]
            return today - dt.timedelta(days=round(offset))
        first = dt.date(self.year, 1, 1)
        last = min(dt.date(self.year, 12, 31), today) - dt.timedelta(days=length + 3)
        if rng.random() < 0.08:  # still running at New Year: filed the year before
            return dt.date(self.year - 1, 10, 1) + dt.timedelta(days=rng.randrange(60))
        if last < first:
            return last - dt.timedelta(days=rng.randrange(30))
        return first + dt.timedelta(days=rng.randrange((last - first).days + 1))

    def _family(self, app: Application) -> list[FamilyMember]:
        rng = self.rng
        if rng.random() > 0.25:
            return []
        firsts, lasts, _language = _people(app.worker_nationality)
        surname = next(last for last in lasts if app.worker_name.endswith(last))
        members = [
            FamilyMember(
                application=app,
                name=f"{rng.choice(firsts)} {surname}",
                relation=FamilyMember.Relation.SPOUSE,
                birth_date=app.worker_birth_date + dt.timedelta(days=rng.randint(-1500, 1500)),
            )
        ]
        for _child in range(rng.choice((0, 0, 1, 1, 2))):
            age_days = rng.randint(300, 16 * 365)
            members.append(
                FamilyMember(
                    application=app,
                    name=f"{rng.choice(firsts)} {surname}",
                    relation=FamilyMember.Relation.CHILD,
                    birth_date=app.created_at.date() - dt.timedelta(days=age_days),
                )
            )
        return members

    def _documents(self, walks: list[Walk]) -> int:
        """The checklist of every open application, reviewed as far as its step has come:
        a draft partly uploaded (or returned with a finding), pre-checked from the pre-check on,
        accepted from the agreement on, one document rejected while documents are missing."""
        documents = []
        for walk in walks:
            app, rng = walk.app, self.rng
            taken = {s.transition for s in walk.steps}
            people = [(None, k) for k in services.required_documents(app)]
            for member in walk.members:
                people += [(member, k) for k in services.required_documents(app, member)]
            for member, key in people:
                if key == "power_of_attorney" and app.power_of_attorney_confirmed_at:
                    continue
                partial = app.state == State.DRAFT and "return_findings" not in taken
                if partial and rng.random() < 0.4:
                    continue
                review, by = Document.Review.UPLOADED, None
                if "confirm_pre_check" in taken or (
                    app.state == State.PRE_CHECK and rng.random() < 0.5
                ):
                    review, by = Document.Review.PRE_CHECKED, self.actors.get(app.pre_checker_id)
                if "conclude_agreement" in taken:
                    review = Document.Review.ACCEPTED
                    by = self.actors.get(services.authority_actor(app))
                documents.append(self._document(app, member, key, review, by))
            rejected = app.state == State.DOCUMENTS_MISSING or (
                app.state == State.DRAFT and "return_findings" in taken
            )
            if rejected and documents and documents[-1].application is app:
                last = documents[-1]
                last.review, last.reason = Document.Review.REJECTED, rng.choice(FINDINGS)
                last.reviewed_at = app.updated_at
                last.reviewed_by = self.actors.get(
                    app.pre_checker_id
                    if app.state == State.DRAFT
                    else services.authority_actor(app)
                )
        Document.objects.bulk_create(documents, batch_size=500)
        for document in documents:  # uploaded_at is auto_now_add: set the real moment after
            document.uploaded_at = document._uploaded
        Document.objects.bulk_update(documents, ["uploaded_at"], batch_size=500)
        return len(documents)

    def _document(self, app, member, key, review, by) -> Document:
        uploaded = app.created_at + dt.timedelta(hours=self.rng.randint(1, 72))
        name = f"procedures/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}.pdf"
        document = Document(
            application=app,
            family_member=member,
            key=key,
            version=1,
            review=review,
            file=default_storage.save(name, ContentFile(DEMO_PDF)),
            original_name=f"{key}.pdf",
            content_type="application/pdf",
            size=len(DEMO_PDF),
            sha256=hashlib.sha256(DEMO_PDF).hexdigest(),
            uploaded_by=app.created_by,
            reviewed_by=by if review != Document.Review.UPLOADED else None,
            reviewed_at=app.updated_at if review != Document.Review.UPLOADED else None,
        )
        document._uploaded = uploaded
        return document
