"""``/mcp/``: authentication, permission and the on/off switch are the API's (DRF);
the MCP protocol is the SDK's (``context_recall.mcp.server``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from context_recall.mcp import server
from context_recall.mcp.tools import Caller
from msp.api.exceptions import PayloadTooLarge


class McpView(APIView):
    """MCP over Streamable HTTP, stateless: every JSON-RPC message is one POST answered
    with ``application/json``. No session, so no GET stream and no DELETE: DRF answers
    405 for every method but POST (the spec allows it of a server without a stream)."""

    permission_classes = [IsAuthenticated]
    # The SDK parses the JSON-RPC body itself; DRF must not consume it.
    parser_classes: list = []
    schema = None  # not part of the REST API's OpenAPI document

    def initial(self, request, *args, **kwargs):
        # Switched off: the endpoint does not exist, whoever asks.
        if not settings.MSP_MCP_ENABLED:
            raise NotFound()
        super().initial(request, *args, **kwargs)

    def post(self, request):
        try:
            body = request.body
        except RequestDataTooBig:
            raise PayloadTooLarge() from None
        caller = Caller(user=request.user, machine=getattr(request.auth, "machine", None))
        return server.handle(request._request, caller, body)
