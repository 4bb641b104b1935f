"""API serializers of the tracking app (``<Model>Serializer``), one module per area."""

from tracking.serializers.evidence import (
    CommandRunSerializer,
    FileChangeSerializer,
    InfrastructureChangeSerializer,
    ProblemSolutionSerializer,
)
from tracking.serializers.projects import (
    MachineSerializer,
    ProjectPathSerializer,
    ProjectSerializer,
)
from tracking.serializers.tags import TagSerializer
from tracking.serializers.time import (
    BillingReportQuerySerializer,
    MarkBilledSerializer,
    TimeEntrySerializer,
)
from tracking.serializers.work import TaskSerializer, WorkItemSerializer, WorkSessionSerializer

__all__ = [
    "BillingReportQuerySerializer",
    "CommandRunSerializer",
    "FileChangeSerializer",
    "InfrastructureChangeSerializer",
    "MachineSerializer",
    "MarkBilledSerializer",
    "ProblemSolutionSerializer",
    "ProjectPathSerializer",
    "ProjectSerializer",
    "TagSerializer",
    "TaskSerializer",
    "TimeEntrySerializer",
    "WorkItemSerializer",
    "WorkSessionSerializer",
]
