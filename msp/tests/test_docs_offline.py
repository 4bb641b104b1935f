"""Swagger UI and ReDoc render in a real browser with every request going to this server:
no CDN, no web fonts, no logo from elsewhere. Debian's chromium, driven by Playwright
(the browser is the system's, never one Playwright downloads)."""

from __future__ import annotations

import pytest

from msp.testing.browser import browser, guarded_page, needs_chromium

__all__ = ["browser"]  # a fixture, used by name

pytestmark = needs_chromium

PAGES = {
    # page, an element that exists only once the UI has rendered the schema
    "/api/docs/": ".swagger-ui .info .title",
    "/api/redoc/": "[role=menu] li",
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", list(PAGES))
def test_docs_render_with_no_request_leaving_the_server(browser, live_server, path):
    with guarded_page(browser, live_server.url) as guarded:
        response = guarded.goto(path)
        assert response is not None and response.status == 200
        guarded.page.wait_for_selector(PAGES[path], timeout=30_000)
        guarded.page.wait_for_load_state("networkidle")
    assert guarded.elsewhere == [], guarded.elsewhere
    assert any(url.endswith("/api/schema/") or "/api/schema/?" in url for url in guarded.requested)
    assert guarded.errors == [], guarded.errors


def test_the_served_redoc_bundle_names_no_other_host(client):
    response = client.get("/api/redoc/redoc.standalone.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"cdn.redoc.ly" not in body
    page = client.get("/api/redoc/").content
    assert b"fonts.googleapis.com" not in page and b"fonts.gstatic.com" not in page
    assert b"/api/redoc/redoc.standalone.js" in page
