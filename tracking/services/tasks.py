"""Writes of the task list: create a task, complete one. Validation (client of the
project, blockers, parents) is the model's ``clean()``, which every save runs."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tracking.models import Task
from tracking.models.tasks import TaskStatus


@transaction.atomic
def create_task(data: dict[str, Any]) -> Task:
    """A new task from model field values (``client`` may be left to the project's)."""
    task = Task(**data)
    task.save()
    return task


@transaction.atomic
def complete_task(task: Task) -> tuple[Task, bool]:
    """Mark ``task`` done (``completed_at`` set by the model). Answers (task, changed):
    completing a done task again changes nothing."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == TaskStatus.DONE:
        return task, False
    task.status = TaskStatus.DONE
    task.save()
    return task, True
