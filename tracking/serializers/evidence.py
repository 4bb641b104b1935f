from tracking.models import CommandRun, FileChange, InfrastructureChange, ProblemSolution
from tracking.serializers.base import TrackingSerializer
from tracking.serializers.fields import TagNamesField


class CommandRunSerializer(TrackingSerializer):
    class Meta:
        model = CommandRun
        fields = [
            "id",
            "display",
            "session",
            "work_item",
            "machine",
            "command",
            "working_directory",
            "exit_code",
            "output_excerpt",
            "duration_ms",
            "ran_at",
            "created_at",
            "updated_at",
        ]


class FileChangeSerializer(TrackingSerializer):
    class Meta:
        model = FileChange
        fields = [
            "id",
            "display",
            "session",
            "work_item",
            "machine",
            "path",
            "change_type",
            "previous_path",
            "summary",
            "changed_at",
            "created_at",
            "updated_at",
        ]


class ProblemSolutionSerializer(TrackingSerializer):
    tags = TagNamesField()

    class Meta:
        model = ProblemSolution
        fields = [
            "id",
            "display",
            "session",
            "work_item",
            "client",
            "infrastructure",
            "title",
            "symptom",
            "root_cause",
            "resolution",
            "verification",
            "solved_at",
            "tags",
            "notes",
            "created_at",
            "updated_at",
        ]


class InfrastructureChangeSerializer(TrackingSerializer):
    class Meta:
        model = InfrastructureChange
        fields = [
            "id",
            "display",
            "session",
            "work_item",
            "infrastructure",
            "change_type",
            "title",
            "description",
            "before_state",
            "after_state",
            "rollback_plan",
            "changed_at",
            "verified",
            "verified_at",
            "notes",
            "created_at",
            "updated_at",
        ]
