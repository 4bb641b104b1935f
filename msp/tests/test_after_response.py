"""``msp.http.after_response``: work deferred below a view runs once the response is
sent, in order, never for a request that failed with a server error, and at once outside
a request."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import RequestFactory

from msp.http import AfterResponseMiddleware, after_response


def handled(status: int, ran: list[str]) -> HttpResponse:
    def view(request):
        after_response(lambda: ran.append("first"))
        after_response(lambda: ran.append("second"))
        ran.append("view")
        return HttpResponse(status=status)

    return AfterResponseMiddleware(view)(RequestFactory().get("/api/v1/anything/"))


def test_deferred_work_runs_after_the_response_is_closed_in_order():
    ran: list[str] = []
    response = handled(201, ran)
    assert ran == ["view"]
    response.close()
    assert ran == ["view", "first", "second"]


def test_a_server_error_drops_the_deferred_work():
    ran: list[str] = []
    handled(500, ran).close()
    handled(503, ran).close()
    assert ran == ["view", "view"]


def test_a_client_error_still_runs_it():
    ran: list[str] = []
    handled(404, ran).close()
    assert ran == ["view", "first", "second"]


def test_outside_a_request_the_work_runs_at_once():
    ran: list[str] = []
    after_response(lambda: ran.append("now"))
    assert ran == ["now"]


def test_a_failing_task_is_logged_and_the_next_still_runs(caplog):
    ran: list[str] = []

    def view(request):
        after_response(lambda: 1 / 0)
        after_response(lambda: ran.append("next"))
        return HttpResponse()

    AfterResponseMiddleware(view)(RequestFactory().get("/")).close()
    assert ran == ["next"]
    assert "after-response task" in caplog.text
