"""The msp admin: inventory pages and the credential vault, one module each."""

from msp.admin import credentials, inventory

__all__ = ["credentials", "inventory"]
