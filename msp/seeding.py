"""The whole demo in one call: what ``manage.py seed_demo`` creates, also used by tests
that walk the back office on the same data."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from typing import Any

from django.apps import apps

from msp.demo import ensure_demo_manager, ensure_demo_technician
from msp.demo_inventory import seed_inventory, seed_second_client


@dataclass(frozen=True)
class SeededDemo:
    technician: Any
    manager: Any
    # Set only when the user was created (or its password reset): shown once.
    technician_password: str | None
    manager_password: str | None


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


def seed_demo(*, reset_password: bool = False) -> SeededDemo:
    """Idempotent: a second run adds nothing and keeps the passwords unless asked."""
    technician, technician_password = ensure_demo_technician(reset_password=reset_password)
    manager, manager_password = ensure_demo_manager(reset_password=reset_password)
    seed_inventory()
    seed_second_client()
    seed_app_demos()
    return SeededDemo(technician, manager, technician_password, manager_password)
