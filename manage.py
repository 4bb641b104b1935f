#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def _fail(message: str) -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "manage.py"
    sys.stderr.write(f"{command}: error: {message}\n")
    sys.exit(1)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msp.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A configuration problem (weak or malformed keys, a bad DATABASE_URL) is the
        # operator's to fix: one line naming it, not a traceback. Messages never quote keys.
        if "--traceback" in sys.argv:
            raise
        _fail(f"configuration: {exc}")
    except BrokenPipeError:
        # The reader went away (`export_audit | head`). Point stdout at /dev/null so that
        # the interpreter's final flush does not fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        _fail("output closed before the command finished (broken pipe); output is incomplete")


if __name__ == "__main__":
    main()
