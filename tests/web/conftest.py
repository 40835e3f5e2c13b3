"""A live server and a real browser for the page's tests.

The server is the real app (uvicorn, in a thread of the test process) on 127.0.0.1 over the
session's seeded database. The browser is Debian's Chromium driven by Selenium through Debian's
chromedriver, headless, with a fresh profile and Chromium's own background traffic turned off;
its performance log records every request the pages make, its console log every error. Where
no browser can be had the browser tests skip, saying why.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from gazetteer.config import Settings
from gazetteer.main import create_app

CHROMIUM = Path(os.environ.get("GAZETTEER_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("GAZETTEER_CHROMEDRIVER", "/usr/bin/chromedriver"))
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--window-size=1280,1000",
    "--lang=en-US",
)
INSTALL_HINT = "apt-get install -y chromium chromium-driver (.ci/run and the README's test command do)"


class LiveServer:
    def __init__(self, settings: Settings) -> None:
        self.app = create_app(settings)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(settings: Settings) -> Iterator[LiveServer]:
    server = LiveServer(settings)
    server.base_url = server.start()  # type: ignore[attr-defined]
    yield server
    server.stop()


def browser_missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (path.exists() and os.access(path, os.X_OK)):
            return f"no browser: {path} is missing ({INSTALL_HINT})"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    reason = browser_missing()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    # Selenium Manager would look for (and download) a driver and report usage: both paths
    # are given, so it is never run; this keeps it quiet if a future version runs it anyway.
    os.environ.setdefault("SE_AVOID_STATS", "true")
    profile = tempfile.mkdtemp(prefix="gazetteer-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    except Exception as exc:  # a browser that is installed but cannot start is no browser
        shutil.rmtree(profile, ignore_errors=True)
        pytest.skip(f"no browser: Chromium did not start ({exc.__class__.__name__}: {exc})")
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
