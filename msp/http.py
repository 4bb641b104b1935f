"""Work that runs once a response has been sent."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpResponseBase

logger = logging.getLogger(__name__)


def run_after_response(response: HttpResponseBase, func: Callable[[], object]) -> None:
    """Call ``func`` when ``response`` is closed, i.e. after the server has sent it.

    The WSGI and ASGI handlers (and the test client) call ``HttpResponse.close()`` once
    the body is out, and ``close()`` calls every callable in ``_resource_closers`` --
    the hook Django itself uses to close a ``FileResponse``'s file and the request.
    Django has no public API for it; the list has been there since Django 3.0. The
    caller's client does not wait for ``func``, so ``func`` must not matter to the
    answer. A failure is logged and swallowed: the response is gone, nobody could be
    told (``close()`` would swallow it silently).
    """

    def closer() -> None:
        try:
            func()
        except Exception:
            logger.exception("after-response task %r failed", func)

    response._resource_closers.append(closer)
