from django.core.management.base import BaseCommand

from msp.demo import DEMO_MANAGER, DEMO_USERNAME
from msp.seeding import seed_demo


class Command(BaseCommand):
    help = (
        "Create demo data, a demo technician and a demo manager whose generated passwords "
        "are printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="Generate and print new passwords for the demo technician and manager."
            " Default: off (a password is printed only when its user is created).",
        )

    def handle(self, *args, reset_password=False, **options):
        seeded = seed_demo(reset_password=reset_password)
        password, manager_password = seeded.technician_password, seeded.manager_password
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
        if manager_password:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo manager: username {DEMO_MANAGER}  password {manager_password}\n"
                    "Sees every client (the technician sees only Northwind) and may reveal "
                    "credentials; also shown once."
                )
            )
