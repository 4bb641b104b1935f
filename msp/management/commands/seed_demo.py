import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand

from msp.demo import DEMO_MANAGER, DEMO_USERNAME, ensure_demo_manager, ensure_demo_technician
from msp.demo_inventory import seed_inventory, seed_second_client


def seed_app_demos() -> None:
    """Other apps add demo data through ``<app>.demo.seed_demo_data()``: found by name so
    that msp imports no app that depends on it."""
    for app_config in apps.get_app_configs():
        module_name = f"{app_config.name}.demo"
        if app_config.name == "msp" or importlib.util.find_spec(module_name) is None:
            continue
        seed = getattr(importlib.import_module(module_name), "seed_demo_data", None)
        if callable(seed):
            seed()


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
        _, password = ensure_demo_technician(reset_password=reset_password)
        _, manager_password = ensure_demo_manager(reset_password=reset_password)
        seed_inventory()
        seed_second_client()
        seed_app_demos()
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
