"""Reads of the msp app and of the admin's overview pages (dashboard, client hub, vault
activity)."""
