"""Writes of the msp app (HackSoft style: services write, selectors read)."""
