"""``/mcp/``: authentication, permission and the on/off switch are the API's (DRF);
the MCP protocol is the SDK's (``context_recall.mcp.server``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework.exceptions import NotFound, UnsupportedMediaType
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from context_recall.mcp import server
from context_recall.mcp.tools import Caller
from msp.api.exceptions import PayloadTooLarge


class JsonOnlyNegotiation(BaseContentNegotiation):
    """Errors are JSON whatever the client accepts: an MCP client's GET asks for
    ``text/event-stream`` and must get the 405 that tells it there is no stream, not a
    406."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class McpView(APIView):
    """MCP over Streamable HTTP, stateless: every JSON-RPC message is one POST answered
    with ``application/json``. No session, so no GET stream and no DELETE: DRF answers
    405 for every method but POST (the spec allows it of a server without a stream)."""

    permission_classes = [IsAuthenticated]
    # The SDK parses the JSON-RPC body itself; DRF must not consume it.
    parser_classes: list = []
    content_negotiation_class = JsonOnlyNegotiation
    schema = None  # not part of the REST API's OpenAPI document

    def initial(self, request, *args, **kwargs):
        # Switched off: the endpoint does not exist, whoever asks.
        if not settings.MSP_MCP_ENABLED:
            raise NotFound()
        super().initial(request, *args, **kwargs)

    def post(self, request):
        if request.content_type != "application/json":
            # Checked here: the transport would answer a plain-text 400.
            raise UnsupportedMediaType(request.content_type)
        try:
            body = request.body
        except RequestDataTooBig:
            raise PayloadTooLarge() from None
        caller = Caller(user=request.user, machine=getattr(request.auth, "machine", None))
        return server.handle(request._request, caller, body)
