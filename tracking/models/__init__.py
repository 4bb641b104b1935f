"""tracking models, one module per area."""

from tracking.models.choices import Priority, WorkCategory
from tracking.models.evidence import (
    ChangeType,
    CommandRun,
    FileChange,
    InfrastructureChange,
    InfrastructureChangeType,
    ProblemSolution,
)
from tracking.models.machines import Machine, Platform
from tracking.models.projects import Project, ProjectPath, ProjectStatus
from tracking.models.sessions import SessionStatus, WorkItem, WorkItemStatus, WorkSession
from tracking.models.tags import Tag, TagCategory, TaggedItem
from tracking.models.tasks import Task, TaskStatus
from tracking.models.time import BilledEntryLocked, TimeEntry
from tracking.models.tokens import MachineToken

__all__ = [
    "BilledEntryLocked",
    "ChangeType",
    "CommandRun",
    "FileChange",
    "InfrastructureChange",
    "InfrastructureChangeType",
    "Machine",
    "MachineToken",
    "Platform",
    "Priority",
    "ProblemSolution",
    "Project",
    "ProjectPath",
    "ProjectStatus",
    "SessionStatus",
    "Tag",
    "TagCategory",
    "TaggedItem",
    "Task",
    "TaskStatus",
    "TimeEntry",
    "WorkCategory",
    "WorkItem",
    "WorkItemStatus",
    "WorkSession",
]
