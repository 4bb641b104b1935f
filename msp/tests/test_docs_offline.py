"""Swagger UI and ReDoc render in a real browser with every request going to this server:
no CDN, no web fonts, no logo from elsewhere. Debian's chromium, driven by Playwright
(the browser is the system's, never one Playwright downloads)."""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None, reason="chromium is not installed (apt-get install chromium)"
)

PAGES = {
    # page, an element that exists only once the UI has rendered the schema
    "/api/docs/": ".swagger-ui .info .title",
    "/api/redoc/": "[role=menu] li",
}


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API keeps an event loop running in this thread, which Django
    # takes for an async context and refuses database calls in (the test's teardown).
    # Nothing here is async: the live server answers from its own thread.
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()
    if saved is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", list(PAGES))
def test_docs_render_with_no_request_leaving_the_server(browser, live_server, path):
    origin = urlsplit(live_server.url)
    requested: list[str] = []
    elsewhere: list[str] = []

    def route(route):
        url = route.request.url
        requested.append(url)
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob"} or parts.netloc == origin.netloc:
            route.continue_()
        else:
            # Recorded and refused, so the test is the same with or without internet.
            elsewhere.append(url)
            route.abort()

    context = browser.new_context()
    try:
        page = context.new_page()
        page.route("**/*", route)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        response = page.goto(live_server.url + path, wait_until="networkidle")
        assert response is not None and response.status == 200
        page.wait_for_selector(PAGES[path], timeout=30_000)
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert elsewhere == [], elsewhere
    assert any(url.endswith("/api/schema/") or "/api/schema/?" in url for url in requested)
    assert errors == [], errors


def test_the_served_redoc_bundle_names_no_other_host(client):
    response = client.get("/api/redoc/redoc.standalone.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"cdn.redoc.ly" not in body
    page = client.get("/api/redoc/").content
    assert b"fonts.googleapis.com" not in page and b"fonts.gstatic.com" not in page
    assert b"/api/redoc/redoc.standalone.js" in page
