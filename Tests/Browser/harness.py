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

    def shot(self, name):
        self.shot_count += 1
        self.d.save_screenshot(os.path.join(SHOTS, f"{name}.png"))

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
