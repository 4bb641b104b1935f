from django.core.management.base import BaseCommand

from msp.demo import DEMO_USERNAME, ensure_demo_technician
from msp.demo_inventory import seed_inventory


class Command(BaseCommand):
    help = "Create demo data and a demo technician whose generated password is printed once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="Generate and print a new password for the demo technician.",
        )

    def handle(self, *args, reset_password=False, **options):
        _, password = ensure_demo_technician(reset_password=reset_password)
        seed_inventory()
        if password:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo technician: username {DEMO_USERNAME}  password {password}\n"
                    "This password is shown once; `manage.py seed_demo --reset-password`"
                    " makes a new one."
                )
            )
        else:
            self.stdout.write(
                f"Demo technician {DEMO_USERNAME} already exists "
                "(`manage.py seed_demo --reset-password` prints a new password)."
            )
