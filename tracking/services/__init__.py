"""Writes of the tracking app (HackSoft style: views and admin call these)."""
