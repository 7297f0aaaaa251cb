from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

# Each app contributes its own idempotent demo command; missing ones are skipped.
DEMO_COMMANDS = [
    "load_region",
    "load_knowledge",
    "demo_cases",
    "demo_consultations",
    "demo_pathway",
    "demo_procedures",  # after demo_cases: its staff users take the authorities' steps
    "load_youth_demo",
    "demo_youth_referrals",  # after load_youth_demo: the programmes' inboxes and a year of figures
]


class Command(BaseCommand):
    help = "Load the Region's data and the demo content of every app (idempotent)."

    def handle(self, *args, **options):
        available = get_commands()
        for name in DEMO_COMMANDS:
            if name not in available:
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(f"» {name}"))
            call_command(name, stdout=self.stdout, stderr=self.stderr)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
