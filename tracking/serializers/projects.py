from rest_framework import serializers

from tracking.models import Machine, Project, ProjectPath
from tracking.serializers.base import TrackingSerializer


class MachineSerializer(TrackingSerializer):
    default_user_fields = ("owner",)
    working_directories = serializers.ListField(
        child=serializers.CharField(max_length=1000), required=False, max_length=200
    )
    installed_tools = serializers.DictField(
        child=serializers.CharField(max_length=100, allow_blank=True),
        required=False,
        help_text='{"tool": "version"}',
    )

    class Meta:
        model = Machine
        fields = [
            "id",
            "display",
            "owner",
            "hostname",
            "fingerprint",
            "platform",
            "os_version",
            "username",
            "working_directories",
            "installed_tools",
            "last_seen_at",
            "is_active",
            "notes",
            "created_at",
            "updated_at",
        ]


class ProjectSerializer(TrackingSerializer):
    class Meta:
        model = Project
        fields = [
            "id",
            "display",
            "name",
            "slug",
            "client",
            "status",
            "description",
            "repository_url",
            "repository_key",
            "start_date",
            "end_date",
            "estimated_hours",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["repository_key"]


class ProjectPathSerializer(TrackingSerializer):
    class Meta:
        model = ProjectPath
        fields = ["id", "display", "project", "machine", "path", "created_at", "updated_at"]
