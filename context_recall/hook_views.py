"""``/api/v1/hooks/claude-code/``: the hook endpoint (POST) and the client download.

Thin views: parse (plain or gzip JSON), validate the fields we read, hand over to
``context_recall.services.hooks``. Unknown fields and events are accepted and ignored, so that a
newer Claude Code (or client) never breaks the hook.
"""

from __future__ import annotations

import logging
from functools import lru_cache, partial
from pathlib import Path

from django.db import DatabaseError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from context_recall import services
from context_recall.hook_parsers import GzipJSONParser
from context_recall.permissions import CanRecall, may_save
from context_recall.services import hooks
from msp.api.views import BaseAPIView
from msp.http import run_after_response

logger = logging.getLogger(__name__)

CLIENT_PATH = Path(__file__).resolve().parent / "claude_code" / "client.py"


class MspBlockSerializer(serializers.Serializer):
    """What the MSP hook client adds to the Claude Code event (all optional)."""

    git_remote_url = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=2000
    )
    git_toplevel = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=4096
    )
    machine_fingerprint = serializers.CharField(required=False, allow_blank=True, max_length=128)
    hostname = serializers.CharField(required=False, allow_blank=True, max_length=253)
    client_version = serializers.CharField(required=False, allow_blank=True, max_length=50)
    project = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=100,
        help_text="Explicit project: slug or id.",
    )  # fmt: skip
    transcript_entries = serializers.ListField(
        child=serializers.DictField(), required=False,
        help_text="Transcript JSONL objects not sent before (trimmed by the client).",
    )  # fmt: skip
    transcript_range = serializers.ListField(
        child=serializers.IntegerField(min_value=0), min_length=2, max_length=2, required=False
    )
    chunk = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=2, max_length=2, required=False,
        help_text="[n, of]: this request's part of one save.",
    )  # fmt: skip
    delivery_id = serializers.CharField(required=False, allow_blank=True, max_length=64)
    transcript_restarted = serializers.BooleanField(required=False)
    transcript_deferred = serializers.BooleanField(required=False)


class HookEventSerializer(serializers.Serializer):
    """A Claude Code hook event as Claude Code sends it (plus the optional ``msp`` block)."""

    hook_event_name = serializers.CharField(max_length=100)
    session_id = serializers.CharField(required=False, allow_blank=True, max_length=128)
    transcript_path = serializers.CharField(required=False, allow_blank=True, max_length=4096)
    cwd = serializers.CharField(required=False, allow_blank=True, max_length=4096)
    permission_mode = serializers.CharField(required=False, allow_blank=True, max_length=100)
    prompt = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    source = serializers.CharField(required=False, allow_blank=True, max_length=100)
    trigger = serializers.CharField(required=False, allow_blank=True, max_length=100)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=100)
    last_assistant_message = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, trim_whitespace=False
    )
    msp = MspBlockSerializer(required=False)


class HookSpecificOutputSerializer(serializers.Serializer):
    hookEventName = serializers.CharField()
    additionalContext = serializers.CharField()


class HookAnswerSerializer(serializers.Serializer):
    """Valid hook output: ``{}`` or, for SessionStart / UserPromptSubmit, the context."""

    hookSpecificOutput = HookSpecificOutputSerializer(required=False)


class ClaudeCodeHookView(BaseAPIView):
    """Claude Code hook events: context for SessionStart / UserPromptSubmit, compressed
    saves for Stop / PreCompact / SessionEnd. Plain or ``Content-Encoding: gzip`` JSON.
    Every event needs the recall permissions; saves also ``add_conversationcontext``."""

    permission_classes = [IsAuthenticated, CanRecall]
    parser_classes = [GzipJSONParser]

    @extend_schema(
        operation_id="claude_code_hook",
        request=HookEventSerializer,
        responses={200: HookAnswerSerializer},
        examples=[
            OpenApiExample(
                "UserPromptSubmit",
                request_only=True,
                value={
                    "session_id": "7f3c2a10-5b1e-4c7a-9d2e-0b8e4f6a1c33",
                    "cwd": "/home/tech/src/acme-firewall",
                    "hook_event_name": "UserPromptSubmit",
                    "prompt": "Check what we changed on the pfSense box last time",
                },
            )
        ],
    )
    def post(self, request):
        serializer = HookEventSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = serializer.validated_data
        msp = event.get("msp") or {}
        caller = hooks.caller_for(request.user, request.auth, msp.get("machine_fingerprint"))
        name = event["hook_event_name"]
        if name in hooks.SAVE_EVENTS and not may_save(request.user):
            raise PermissionDenied("Saving memories needs context_recall.add_conversationcontext.")
        if name in hooks.PROMPT_EVENTS:
            try:
                result = hooks.handle_event(caller, event)
            except DatabaseError:
                raise  # 503: the client skips the context and goes on
            except Exception:
                # Extra context is a nicety: a bug here must not cost the prompt anything.
                logger.exception("claude-code hook: %s failed; answering no context", name)
                return Response({})
            response = Response(result.answer)
            if result.recalled:
                # Claude Code waits for the context, not for the usage bookkeeping.
                run_after_response(response, partial(services.bump_usage, result.recalled))
            return response
        return Response(hooks.handle_event(caller, event).answer)


@lru_cache(maxsize=1)
def _client_source(mtime_ns: int) -> bytes:
    return CLIENT_PATH.read_bytes()


class ClaudeCodeClientView(BaseAPIView):
    """The stdlib hook client (one Python file). Public: it holds no secret; ``setup``
    asks for the technician's login or takes a machine token."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # a stale token in the caller's headers must not matter
    renderer_classes = [JSONRenderer]  # errors; the file itself is a plain HttpResponse

    def perform_content_negotiation(self, request, force=False):
        # "Accept: text/x-python" (or anything) must not answer 406: the file is not
        # rendered by DRF, only error bodies are, and those are always JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="claude_code_client_download",
        responses={(200, "text/x-python"): OpenApiTypes.STR},
    )
    def get(self, request):
        source = _client_source(CLIENT_PATH.stat().st_mtime_ns)
        response = HttpResponse(source, content_type="text/x-python; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="client.py"'
        response["Cache-Control"] = "no-cache"
        return response
