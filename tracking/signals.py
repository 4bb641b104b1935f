"""Signals tracking sends for apps that build on it (tracking imports none of them)."""

from django.dispatch import Signal

# Sent with ``instance`` (the object tagged) whenever ``services.tagging.set_tags``
# changed its tags: its bulk writes send no ``post_save``. context_recall re-indexes the
# memory, whose tags are searched.
tags_changed = Signal()
