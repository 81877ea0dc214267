"""The chart gallery in a real browser: headless Chromium (Debian's package) driven by Selenium.

Without Chromium the test skips and says how to enable it; with CSECSTATS_REQUIRE_BROWSER=1
(set by .ci/run) the skip becomes a failure, so CI can never skip it silently.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import os
import threading
import urllib.parse
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from csecstats.publish import gallery
from csecstats.inputs import paths
from gallery_fixture import internal_tokens, make_processed, make_reports, manifest_ids

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ENABLE = "apt-get install chromium chromium-driver"
# As root in a container Chromium needs --no-sandbox; the rest stop it from calling home.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,900")
pytestmark = pytest.mark.e2e  # a real browser: `make test-fast` skips it


def missing_browser_parts(chromium: Path = CHROMIUM, driver: Path = CHROMEDRIVER) -> list[str]:
    """What is missing to drive a real browser: the Chromium binary, its driver, the selenium client."""
    missing = [str(p) for p in (chromium, driver) if not p.is_file()]
    return missing + ([] if importlib.util.find_spec("selenium") else ["the selenium package"])


def browser_decision(missing: list[str], require: bool) -> tuple[str, str]:
    """Run when nothing is missing; otherwise skip, or fail when a browser is required (CI)."""
    if not missing:
        return "run", ""
    message = (f"browser test needs {', '.join(missing)}; enable it with `{ENABLE}` "
               f"(and `make install` for selenium)")
    return ("fail", message + " [CSECSTATS_REQUIRE_BROWSER=1]") if require else ("skip", message)


def _require_browser() -> None:
    action, message = browser_decision(missing_browser_parts(CHROMIUM, CHROMEDRIVER),
                                       os.environ.get("CSECSTATS_REQUIRE_BROWSER") == "1")
    if action == "fail":
        pytest.fail(message)
    if action == "skip":
        pytest.skip(message)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    _require_browser()
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download a browser or driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


def _fixture_site(factory) -> Path:
    root = factory.mktemp("gallery-fixture")
    reports = make_reports(root)
    gallery.run(reports, make_processed(root))
    return reports


def _real_site(factory) -> Path:
    """The gallery of the real charts export, built now from reports/figures (not written into reports/)."""
    # The charts export is committed; a missing manifest is a broken checkout, not a reason to skip.
    assert (paths.FIGURES / "manifest.json").is_file(), "reports/figures/manifest.json missing: run `make build`"
    site = factory.mktemp("gallery-real")
    for name, data in gallery.pages().items():
        (site / name).write_bytes(data)
    (site / "figures").symlink_to(paths.FIGURES)
    return site


@pytest.fixture(scope="module", params=["fixture", "reports"])
def served(request, tmp_path_factory, driver):
    """(folder, base URL) of a gallery served by http.server on a free localhost port."""
    site = _fixture_site(tmp_path_factory) if request.param == "fixture" else _real_site(tmp_path_factory)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _open(driver, url: str) -> list[dict]:
    """Load a page completely; return its console errors."""
    driver.get_log("browser")  # drop anything logged before this page
    driver.get(url)
    driver.execute_async_script(
        "const done = arguments[0]; if (document.readyState === 'complete') done(); "
        "else window.addEventListener('load', () => done());")
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


IMAGES = "return [...document.images].map(i => [i.src, i.complete, i.naturalWidth, i.getAttribute('alt')])"


def test_gallery_loads_cleanly_in_chromium(served, driver, tmp_path_factory, request):
    site, base = served
    assert _open(driver, base + "index.html") == []
    images = driver.execute_script(IMAGES)
    assert images, "the gallery shows no chart"
    for src, complete, width, alt in images:
        assert complete and width > 0, f"image did not load: {src}"
        assert alt and alt.strip(), f"image without alt text: {src}"
    links = driver.execute_script("return [...document.querySelectorAll('a.download')].map(a => a.href)")
    assert len(links) >= 4 * len(images)
    for href in links:
        with urllib.request.urlopen(href, timeout=10) as response:
            assert response.status == 200, href
            assert response.read() == (site / href.removeprefix(base)).read_bytes(), href
    _screenshot(driver, tmp_path_factory, request.node.callspec.id)
    assert _open(driver, base + "tables.html") == []
    assert driver.find_element("css selector", "h1").text


def _screenshot(driver, factory, name: str) -> Path:
    """A screenshot of the whole page, beyond the viewport (capped at 12,000 pixels high)."""
    import base64
    width, height = driver.execute_script(
        "const e = document.documentElement; return [e.scrollWidth, e.scrollHeight]")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": min(height, 12000), "scale": 1}})
    path = factory.mktemp("gallery-screenshot") / f"gallery-{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    print(f"screenshot of the gallery: {path}")
    return path


def test_keyboard_user_reaches_the_skip_link_first_and_sees_focus(served, driver):
    _, base = served
    _open(driver, base + "index.html")
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    ActionChains(driver).send_keys(Keys.TAB).perform()
    focused = driver.execute_script(
        "const a = document.activeElement; const s = getComputedStyle(a);"
        "return [a.className, a.getAttribute('href'), s.outlineStyle, a.getBoundingClientRect().left >= 0]")
    assert focused == ["skip-link", "#main", "solid", True]


def test_gallery_opened_from_disk_shows_every_image(served, driver):
    site, _ = served
    assert _open(driver, (site / "index.html").resolve().as_uri()) == []
    images = driver.execute_script(IMAGES)
    assert images and all(width > 0 for _, _, width, _ in images)


# The text of <main> as rendered: innerText leaves out the content of closed <details> ('For analysts').
MAIN_TEXT = "return document.querySelector('main').innerText"
SOURCE_LINKS = ("return [...document.querySelectorAll('main ul.sources a')]"
                ".map(a => [a.href, a.innerText, a.closest('details') === null])")


def test_main_view_shows_no_internal_id_hash_or_path(served, driver):
    site, base = served
    _open(driver, base + "index.html")
    text = driver.execute_script(MAIN_TEXT)
    manifest = json.loads((site / "figures" / "manifest.json").read_text())
    assert text.strip() and internal_tokens(text, manifest_ids(manifest)) == []
    assert all(c["title"] in text for c in manifest["charts"])
    hidden = driver.execute_script(
        "return [...document.querySelectorAll('main details')].map(d => [d.open, d.innerText])")
    assert hidden and all(not is_open for is_open, _ in hidden)  # ids and hashes wait, collapsed


def test_every_source_is_a_working_link_with_its_publisher(served, driver):
    site, base = served
    _open(driver, base + "index.html")
    links = driver.execute_script(SOURCE_LINKS)
    manifest = json.loads((site / "figures" / "manifest.json").read_text())
    assert len(links) == sum(len(c["sources"]) for c in manifest["charts"])
    anchors: dict[str, set[str]] = {}  # page -> the ids the links point to
    for href, text, in_main in links:
        assert in_main and text.strip(), href
        if not href.startswith(base):  # a publisher's web address: well formed; not fetched (the gallery is offline)
            parts = urllib.parse.urlsplit(href)
            assert parts.scheme == "https" and "." in parts.netloc, href
            continue
        page, _, fragment = href.removeprefix(base).partition("#")
        with urllib.request.urlopen(base + page, timeout=10) as response:
            assert response.status == 200, href
        if fragment:
            anchors.setdefault(page, set()).add(urllib.parse.unquote(fragment))
    for page, ids in anchors.items():  # each linked page loaded once, every id it is linked at looked up
        _open(driver, base + page)
        missing = driver.execute_script("return arguments[0].filter(id => document.getElementById(id) === null)",
                                        sorted(ids))
        assert missing == [], f"{page} has no element with id {missing}"
