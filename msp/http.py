"""Work that runs once a response has been sent."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponseBase

logger = logging.getLogger(__name__)

# The work deferred by the request being handled (None: not in a request).
_deferred: ContextVar[list[Callable[[], object]] | None] = ContextVar(
    "msp_after_response", default=None
)


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


def after_response(func: Callable[[], object]) -> None:
    """Call ``func`` once the response of the request being handled is sent (see
    ``AfterResponseMiddleware``), or now outside a request (a management command, a
    shell, a test calling a service). For work below the view, where no response is at
    hand -- the supersession links of a memory just saved. ``func`` must check what it
    reads: by then the request's transaction has committed, or rolled back."""
    pending = _deferred.get()
    if pending is None:
        func()
    else:
        pending.append(func)


@contextmanager
def deferring() -> Iterator[list[Callable[[], object]]]:
    """Within the block, ``after_response`` collects its work into the list yielded
    instead of calling it: what the caller runs once its answer is out."""
    pending: list[Callable[[], object]] = []
    token = _deferred.set(pending)
    try:
        yield pending
    finally:
        _deferred.reset(token)


class AfterResponseMiddleware:
    """Runs the work ``after_response`` deferred during the request once its response
    is sent; none when the request failed with a server error (what it wrote is
    rolled back, or the database it would need is gone)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with deferring() as pending:
            response = self.get_response(request)
        if response.status_code < 500:
            for func in pending:
                run_after_response(response, func)
        return response
