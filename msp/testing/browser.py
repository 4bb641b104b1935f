"""Real-browser tests: Debian's chromium driven by Playwright (never a browser Playwright
downloads), every request that would leave the live server recorded and refused, and
screenshots kept under ``var/screenshots/`` for review.

Use the ``browser`` fixture (module scope) from ``msp.testing.browser`` and open pages
with :func:`guarded_page`; :func:`admin_login` signs a user in through the login form.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"

needs_chromium = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None, reason="chromium is not installed (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API keeps an event loop running in this thread, which Django
    # takes for an async context and refuses database calls in (the test's teardown).
    # Nothing here is async: the live server answers from its own thread.
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright_api.sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"],
            )
            yield launched
            launched.close()
    finally:
        if saved is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


@dataclass
class GuardedPage:
    """A page whose requests are recorded; those to another host are refused."""

    page: Any
    origin: str
    requested: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str, **kwargs: Any) -> Any:
        kwargs.setdefault("wait_until", "networkidle")
        return self.page.goto(self.origin + path, **kwargs)

    def screenshot(self, name: str, *, full_page: bool = True, selector: str = "") -> Path:
        """``var/screenshots/<name>.png``: the whole page, the viewport only
        (``full_page=False``: small images for the docs) or one element (``selector``)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{name}.png"
        if selector:
            self.page.locator(selector).first.screenshot(path=str(target))
        else:
            self.page.screenshot(path=str(target), full_page=full_page)
        return target

    def horizontal_overflow(self) -> int:
        """How many CSS pixels the page is wider than the window (0: no sideways scroll)."""
        return int(
            self.page.evaluate(
                "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
            )
        )


@contextmanager
def guarded_page(
    browser: Any, live_server_url: str, **context_options: Any
) -> Iterator[GuardedPage]:
    """A fresh browser context (own cookies) and page on the live server. Afterwards, the
    caller asserts ``elsewhere == []`` (nothing left the server) and ``errors == []``."""
    origin = urlsplit(live_server_url)
    context_options.setdefault("viewport", {"width": 1280, "height": 800})
    context = browser.new_context(**context_options)
    try:
        guarded = GuardedPage(page=context.new_page(), origin=live_server_url.rstrip("/"))

        def route(route: Any) -> None:
            url = route.request.url
            guarded.requested.append(url)
            parts = urlsplit(url)
            if parts.scheme in {"data", "blob"} or parts.netloc == origin.netloc:
                route.continue_()
            else:
                # Recorded and refused, so a test is the same with or without internet.
                guarded.elsewhere.append(url)
                route.abort()

        guarded.page.route("**/*", route)
        guarded.page.on("pageerror", lambda exc: guarded.errors.append(str(exc)))
        yield guarded
    finally:
        context.close()


def admin_login(guarded: GuardedPage, username: str, password: str) -> None:
    """Signs in through the admin's login form, as a person would."""
    guarded.goto("/admin/login/")
    guarded.page.fill("#id_username", username)
    guarded.page.fill("#id_password", password)
    guarded.page.click("input[type=submit]")
    guarded.page.wait_for_load_state("networkidle")
