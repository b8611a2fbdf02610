"""The browser tests' harness: a real Chromium driven by selenium against a running `pinzhi serve --demo`, the
demo password, a USCC maker, and the @test decorator that counts, reports and screenshots failures."""
import io
import os
import re
import sys
import tempfile
import time
import traceback

import openpyxl
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ.get("PINZHI_URL", "http://127.0.0.1:8080")
SHOTS = os.environ.get("PINZHI_SCREENSHOTS", "test-output/screenshots")
PASSWORD = "Pinzhi@2026"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
os.makedirs(SHOTS, exist_ok=True)


def uscc(first17):
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return first17 + ALPHABET[(31 - total % 31) % 31]


class Browser:
    def __init__(self, width=1366, height=768):
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}", "--lang=zh-CN"]:
            options.add_argument(arg)
        self.d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.d.implicitly_wait(2)
        self.shot_count = 0

    def get(self, path):
        self.d.get(BASE + path)
        self.visited()

    def visited(self):
        """Every page a test opens is checked for accessibility once per kind of address (ids and queries aside);
        screenshots check each page they show."""
        shape = re.sub(r"\d+", "{n}", self.d.current_url.replace(BASE, "").split("?")[0])
        if shape not in VISITED_SHAPES:
            VISITED_SHAPES.add(shape)
            check_accessibility(self.d, f"visit {shape}")

    def shot(self, name):
        self.shot_count += 1
        self.d.save_screenshot(os.path.join(SHOTS, f"{name}.png"))
        check_accessibility(self.d, name)

    def text(self):
        return self.d.find_element(By.TAG_NAME, "body").text

    def login(self, username, password=PASSWORD):
        self.get("/login")
        self.d.find_element(By.ID, "username").send_keys(username)
        self.d.find_element(By.ID, "password").send_keys(password)
        self.submit(self.d.find_element(By.ID, "login-submit"))

    def logout(self):
        self.submit(self.d.find_element(By.CSS_SELECTOR, "form[action='/logout'] button"))
        assert "/login" in self.d.current_url

    def submit(self, element):
        """Clicks something that loads a new page and waits for that page, so no check reads the old one.

        The old page is marked on its window object; a new page has a fresh one. Chromium may answer with a generic
        error while the document is being replaced, so errors while waiting only mean "not yet".
        """
        self.d.execute_script("window.__pinzhiOldPage = true")
        element.click()

        def loaded(d):
            try:
                return d.execute_script("return window.__pinzhiOldPage === undefined && document.readyState === 'complete'")
            except WebDriverException:
                return False
        WebDriverWait(self.d, 20).until(loaded)
        self.visited()

    def state_tag(self):
        return self.d.find_element(By.CSS_SELECTOR, "h1 .tag").text

    def nav(self):
        return [a.text for a in self.d.find_elements(By.CSS_SELECTOR, "nav.sidenav a")]

    def total(self):
        match = re.search(r"共 (\d+) 条", self.text())
        return int(match.group(1)) if match else -1

    def cookies(self):
        return {c["name"]: c["value"] for c in self.d.get_cookies()}

    def quit(self):
        self.d.quit()


RESULTS = {"passed": 0, "failed": 0}

# Accessibility (issue 22): every page a test screenshots is checked with axe-core (shipped by axe-selenium-python);
# serious and critical violations are collected per rule and page and fail the run (browser_tests.py).
ACCESSIBILITY = {}
CHECKED = []
VISITED_SHAPES = set()
_AXE = []


def axe_source():
    if not _AXE:
        import axe_selenium_python
        folder = os.path.dirname(axe_selenium_python.__file__)
        path = next(os.path.join(root, f) for root, _, files in os.walk(folder) for f in files if f == "axe.min.js")
        with open(path, encoding="utf-8") as f:
            _AXE.append(f.read())
    return _AXE[0]


def check_accessibility(driver, name):
    # A failure's screenshot, or a JSON answer shown by the browser's viewer, is not one of our pages.
    if name.startswith("FAILED-") or driver.execute_script("return document.contentType") != "text/html":
        return
    driver.execute_script(axe_source())
    violations = driver.execute_async_script("""
        var done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ["violations"]}).then(function (r) {
          done(r.violations.map(function (v) {
            return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(function (n) { return n.target.join(" "); })};
          }));
        }, function (e) { done([{id: "axe-error", impact: "critical", help: String(e), nodes: []}]); });
    """)
    path = driver.current_url.replace(BASE, "")
    CHECKED.append(path)
    for v in violations:
        if v["impact"] in ("serious", "critical"):
            ACCESSIBILITY.setdefault((v["id"], v["impact"], v["help"]), []).append(f"{name} {path} {v['nodes']}")


def accessibility_report():
    """Prints each serious or critical violation with the pages it was on; returns how many rules were broken."""
    for (rule, impact, help_text), pages in sorted(ACCESSIBILITY.items()):
        print(f"A11Y {impact} {rule}: {help_text}")
        for page in pages[:8]:
            print(f"    {page}")
        if len(pages) > 8:
            print(f"    …and {len(pages) - 8} more")
    print(f"accessibility: axe-core checked {len(CHECKED)} page views ({len(set(CHECKED))} addresses)")
    return len(ACCESSIBILITY)


def test(fn):
    def run():
        browser = Browser()
        try:
            fn(browser)
            RESULTS["passed"] += 1
            print(f"PASS {fn.__name__}")
        except Exception:
            RESULTS["failed"] += 1
            print(f"FAIL {fn.__name__}")
            traceback.print_exc()
            browser.shot(f"FAILED-{fn.__name__}")
        finally:
            browser.quit()
    run.__name__ = fn.__name__
    return run
