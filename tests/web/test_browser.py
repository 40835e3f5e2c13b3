"""The page in a real browser (Debian's Chromium, headless), through every step of issue 11:
海參崴 typed into the box → Vladivostok → its page, 符拉迪沃斯托克（海参崴） attributed to the 2023
norms, the timeline drawn; "во Владивостоке" → Vladivostok; the 2003/2023 compare view; the API
docs offline; and on every page no request leaving the machine and no console error.

Set GAZETTEER_SCREENSHOT_DIR to keep the screenshots (the README's come from here).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.slow

WAIT = 20


def wait_for(driver, condition, timeout: float = WAIT):  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition)


def requests_made(driver) -> list[str]:  # type: ignore[no-untyped-def]
    """Every URL the browser requested since the last call (from its performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
        elif message["method"] == "Network.webSocketCreated":
            urls.append(message["params"]["url"])
    return urls


def assert_stayed_home(driver, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """No request left the app, and the console logged no error."""
    home = urlsplit(base_url).netloc
    outside = [
        url for url in requests_made(driver)
        if not url.startswith(("data:", "blob:", "about:")) and urlsplit(url).netloc != home
    ]
    assert outside == [], outside
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors
    # Nor does the page hold a link, script or image pointing elsewhere.
    foreign = driver.execute_script(
        """return Array.from(document.querySelectorAll('[href],[src],[action]'))
             .map(e => e.href || e.src || e.action).filter(Boolean)
             .map(u => String(u.baseVal !== undefined ? u.baseVal : u))
             .filter(u => !u.startsWith('data:') && !u.startsWith('blob:') && !u.startsWith('javascript:'))
             .filter(u => new URL(u, location.href).host !== location.host);"""
    )
    assert foreign == [], foreign


def screenshot(driver, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("GAZETTEER_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        width = driver.get_window_size()["width"]
        driver.set_window_size(width, min(max(height + 120, 800), 4000))
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))
        driver.set_window_size(width, 1000)


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    """The browser, its logs emptied, and a function opening a path of the live server."""
    base = live_server.base_url
    browser.set_window_size(1280, 1000)
    browser.get(base + "/static/app.css")  # a page of the app, so that the logs can be read
    browser.get_log("performance")
    browser.get_log("browser")

    def open_path(path: str) -> None:
        browser.get(base + path)

    open_path.driver = browser  # type: ignore[attr-defined]
    open_path.base = base  # type: ignore[attr-defined]
    yield open_path
    assert_stayed_home(browser, base)


def hits(driver) -> list[str]:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    return [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#results a.hit-link")]


def test_search_as_you_type_then_open_the_place(page) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = page.driver
    page("/")
    box = driver.find_element(By.ID, "q")
    box.send_keys("海參崴")
    wait_for(driver, lambda d: any(h.endswith("/places/vladivostok") for h in hits(d)))
    assert driver.find_element(By.ID, "results").get_attribute("data-mode") == "prefix"
    first = driver.find_element(By.CSS_SELECTOR, "#results .hit")
    assert "Vladivostok" in first.text and "海參崴" in first.find_element(By.CSS_SELECTOR, ".matched").text
    box.send_keys(Keys.ENTER)
    wait_for(driver, lambda d: d.find_element(By.ID, "results").get_attribute("data-mode") == "full")
    assert hits(driver)[0].endswith("/places/vladivostok")
    assert "q=%E6%B5%B7%E5%8F%83%E5%B4%B4" in driver.current_url  # the permalink follows the box
    screenshot(driver, "screenshot-search")

    # Keyboard: ↓ into the results, Enter opens the place.
    box.send_keys(Keys.ARROW_DOWN)
    assert driver.switch_to.active_element.get_attribute("href").endswith("/places/vladivostok")
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait_for(driver, lambda d: d.current_url.endswith("/places/vladivostok"))

    row = driver.find_element(By.CSS_SELECTOR, 'tr[data-context="prc-public-map"]')
    form = row.find_element(By.CSS_SELECTOR, ".form .name")
    assert form.text == "符拉迪沃斯托克（海参崴）" and form.get_attribute("lang") == "zh-Hans"
    cited = [a.get_attribute("href") for a in row.find_elements(By.CSS_SELECTOR, ".rule a")]
    assert cited[0].endswith("/sources/mnr-2023-public-map-norms")  # the 2023 norms, newest first
    assert "item 14 (十四)" in row.text
    svg = driver.find_element(By.CSS_SELECTOR, "svg.timeline")
    assert svg.size["width"] > 600 and svg.size["height"] > 60
    assert len(svg.find_elements(By.CSS_SELECTOR, "rect.solid")) >= 1
    assert len(svg.find_elements(By.CSS_SELECTOR, "g.mark")) >= 2
    taiwan = driver.find_element(By.CSS_SELECTOR, 'tr[data-context="taiwan"]')
    assert "No rule is recorded" in taiwan.text
    screenshot(driver, "screenshot-place")


def test_inflected_russian_finds_vladivostok(page) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = page.driver
    page("/")
    box = driver.find_element(By.ID, "q")
    box.send_keys("во Владивостоке", Keys.ENTER)
    wait_for(driver, lambda d: d.find_element(By.ID, "results").get_attribute("data-mode") == "full"
             and d.find_element(By.ID, "results").get_attribute("data-query") == "во Владивостоке")
    assert hits(driver)[0].endswith("/places/vladivostok")
    assert "inflection removed" in driver.find_element(By.CSS_SELECTOR, "#results .why").text


def test_input_method_composition_searches_once_composed(page) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    driver = page.driver
    page("/")
    box = driver.find_element(By.ID, "q")
    # What an IME sends while the reader types pinyin: composition events around input events
    # flagged isComposing. Nothing is searched until the composition ends.
    driver.execute_script(
        """const box = arguments[0];
           box.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
           for (const text of ['h', 'hai', 'haishen', 'haishenwai']) {
             box.value = text;
             box.dispatchEvent(new InputEvent('input', {data: text, isComposing: true}));
           }""",
        box,
    )
    driver.execute_script("return new Promise(r => setTimeout(r, 400))")
    made = requests_made(driver)
    assert all(urlsplit(u).netloc == urlsplit(page.base).netloc for u in made)
    assert [u for u in made if "/search/results" in u] == [] and hits(driver) == []
    driver.execute_script(
        """const box = arguments[0];
           box.value = '海参崴';
           box.dispatchEvent(new CompositionEvent('compositionend', {data: '海参崴'}));""",
        box,
    )
    wait_for(driver, lambda d: any(h.endswith("/places/vladivostok") for h in hits(d)))
    assert driver.find_element(By.ID, "results").get_attribute("data-query") == "海参崴"


def test_compare_the_2003_rules_with_the_2023_norms(page) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = page.driver
    page("/compare")
    Select(driver.find_element(By.ID, "src-a")).select_by_value("sbsm-2003-public-map-rules")
    Select(driver.find_element(By.ID, "src-b")).select_by_value("mnr-2023-public-map-norms")
    driver.find_element(By.CSS_SELECTOR, "form.choose button").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "table.comparison"))
    assert "a=sbsm-2003-public-map-rules" in driver.current_url
    table = driver.find_element(By.CSS_SELECTOR, "table.comparison")
    heads = [a.get_attribute("href") for a in table.find_elements(By.CSS_SELECTOR, "thead a")]
    assert heads[0].endswith("/sources/sbsm-2003-public-map-rules")
    assert heads[1].endswith("/sources/mnr-2023-public-map-norms")
    row = table.find_element(By.XPATH, ".//tr[.//a[contains(@href, '/places/vladivostok')]]")
    assert row.text.count("符拉迪沃斯托克（海参崴）") >= 2  # printed by both
    screenshot(driver, "screenshot-compare")


def test_copy_button_copies_the_form(page) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    driver = page.driver
    driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": page.base, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )
    page("/places/vladivostok")
    button = driver.find_element(By.CSS_SELECTOR, 'tr[data-context="prc-public-map"] button.copy')
    assert button.is_displayed()  # hidden without scripts, shown by them
    button.click()
    wait_for(driver, lambda d: "done" in button.get_attribute("class"))
    copied = driver.execute_script("return navigator.clipboard.readText()")
    assert copied == "符拉迪沃斯托克（海参崴）"


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/places/vladivostok?hl=zh-Hans", "应当使用的写法"),
        ("/places/vladivostok?hl=ru", "Какую форму писать"),
        ("/sources/mnr-2023-public-map-norms?hl=zh-Hans", "所印名称（按地点）"),
    ],
)
def test_phone_layout_in_chinese_and_russian(page, path: str, heading: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    driver = page.driver
    driver.set_window_size(390, 844)
    page(path)
    assert heading in driver.find_element(By.TAG_NAME, "main").text
    # Nothing wider than the phone but the tables and the timeline, which scroll in their box.
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1


@pytest.mark.parametrize(("path", "ready"), [("/docs", ".swagger-ui .info .title"), ("/redoc", "h1")])
def test_api_docs_render_offline(page, path: str, ready: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    driver = page.driver
    page(path)
    title = wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ready))
    assert "Gazetteer" in title[0].text
    if path == "/docs":
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"))
        paths = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")]
        assert "/v1/search" in "".join(paths)


def test_annotate_highlights_the_places_of_an_article(page, live_server) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    served = "post" in live_server.app.openapi()["paths"].get("/v1/annotate", {})
    driver = page.driver
    page("/annotate")
    text = "Делегация прибыла во Владивосток, бывший 海參崴, а затем в Хабаровск."
    driver.find_element(By.ID, "article").send_keys(text)
    driver.find_element(By.CSS_SELECTOR, "#annotate button").click()
    if not served:
        status = driver.find_element(By.ID, "annotate-status")
        wait_for(driver, lambda d: "not available" in status.text)
        logged = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert all("/v1/annotate" in m for m in logged), logged  # the expected 404 alone
        pytest.skip("POST /v1/annotate is not in this build yet (built by the annotate branch); "
                    "the page is built against its response contract and says so meanwhile")
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#annotated mark a"))
    links = {a.get_attribute("href").rsplit("/", 1)[-1]: a.text
             for a in driver.find_elements(By.CSS_SELECTOR, "#annotated mark a")}
    assert links.get("vladivostok") in {"Владивосток", "海參崴"}
    assert driver.find_element(By.ID, "annotated").text == text  # nothing lost or shifted


def test_place_and_source_pages_work_without_javascript(page) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = page.driver
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        page("/places/ussuriysk")
        row = driver.find_element(By.CSS_SELECTOR, 'tr[data-context="prc-public-map"]')
        assert "乌苏里斯克（双城子）" in row.text
        assert not driver.find_element(By.CSS_SELECTOR, "button.copy").is_displayed()  # needs a script
        box = driver.find_element(By.ID, "at")
        box.send_keys("1940", Keys.ENTER)  # the date control is a plain form
        wait_for(driver, lambda d: "at=1940" in d.current_url)
        assert "Certainly in use at 1940: Ворошилов." in driver.find_element(By.ID, "in-use").text
        driver.find_element(By.CSS_SELECTOR, "#attestations a[href^='/sources/']").click()
        wait_for(driver, lambda d: "/sources/" in d.current_url)
        assert driver.find_elements(By.CSS_SELECTOR, "table.printed a[href^='/places/']")
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
