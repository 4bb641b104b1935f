from tracking.models import Task, WorkItem, WorkSession
from tracking.serializers.base import TrackingSerializer
from tracking.serializers.fields import TagNamesField


class WorkSessionSerializer(TrackingSerializer):
    default_user_fields = ("technician",)
    tags = TagNamesField()

    class Meta:
        model = WorkSession
        fields = [
            "id",
            "display",
            "technician",
            "machine",
            "client",
            "project",
            "title",
            "started_at",
            "ended_at",
            "status",
            "summary",
            "is_billable",
            "claude_session_id",
            "ticket_reference",
            "tags",
            "notes",
            "created_at",
            "updated_at",
        ]


class WorkItemSerializer(TrackingSerializer):
    tags = TagNamesField()

    class Meta:
        model = WorkItem
        fields = [
            "id",
            "display",
            "session",
            "category",
            "title",
            "description",
            "status",
            "priority",
            "is_billable",
            "estimated_minutes",
            "actual_minutes",
            "affected_infrastructure",
            "order",
            "completed_at",
            "tags",
            "notes",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"affected_infrastructure": {"required": False}}


class TaskSerializer(TrackingSerializer):
    class Meta:
        model = Task
        fields = [
            "id",
            "display",
            "title",
            "description",
            "client",
            "project",
            "origin_session",
            "parent",
            "assignee",
            "status",
            "priority",
            "due_date",
            "blocked_reason",
            "completed_at",
            "notes",
            "created_at",
            "updated_at",
        ]
