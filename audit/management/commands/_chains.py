"""The ``--chain`` option shared by the audit commands."""

from __future__ import annotations

from audit.chain import CHAINS

CHAIN_CHOICES = [*CHAINS, "all"]


def add_chain_argument(parser) -> None:
    parser.add_argument(
        "--chain",
        choices=CHAIN_CHOICES,
        default="all",
        help="Which trail: requests (API request log), events (security events) or all. "
        "Default: %(default)s.",
    )


def selected(choice: str) -> list[str]:
    return list(CHAINS) if choice == "all" else [choice]
