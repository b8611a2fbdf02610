"""Browser tests: a real Chromium, driven by selenium, against a running `pinzhi serve --demo`.

Each test walks a page as a person would and saves a screenshot of every page it visits to $PINZHI_SCREENSHOTS.
"""
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


ROLES = {
    "admin": (["工作台", "企业", "产品目录", "承检机构", "执法人员", "专家库", "数据导入", "账号管理", "审计日志"], [], "/accounts"),
    "city": (["企业", "产品目录", "数据导入"], ["账号管理", "审计日志"], "/products"),
    "jiading": (["企业", "执法人员"], ["账号管理", "数据导入"], "/enterprises"),
    "enforce": (["企业", "执法人员"], ["数据导入", "专家库"], "/inspectors"),
    "agency": (["承检机构", "产品目录"], ["企业", "专家库"], "/agencies"),
    "expert": (["专家库", "产品目录"], ["企业", "承检机构"], "/experts"),
    "enterprise": (["企业", "产品目录"], ["承检机构", "执法人员"], "/enterprises"),
}


@test
def each_role_sees_only_what_it_may(b):
    for username, (visible, hidden, page) in ROLES.items():
        b.login(username)
        assert "工作台" in b.text(), f"{username}: no workbench"
        b.shot(f"workbench-{username}")
        nav = b.nav()
        for item in visible:
            assert item in nav, f"{username} should see {item}: {nav}"
        for item in hidden:
            assert item not in nav, f"{username} should not see {item}: {nav}"
        b.get(page)
        assert "无权访问" not in b.text(), f"{username} refused its own page {page}"
        b.shot(f"page-{username}-{page.strip('/')}")
        if "账号管理" in hidden:
            b.get("/accounts")
            assert "无权访问" in b.text(), f"{username} reached /accounts"
        if "企业" in hidden:
            b.get("/enterprises")
            assert "无权访问" in b.text(), f"{username} reached /enterprises"
            b.shot(f"forbidden-{username}")
        if username == "enterprise":
            b.get("/enterprises")
            assert b.total() == 1, "an enterprise user sees only its own enterprise"
        if username == "jiading":
            b.get("/enterprises")
            table = b.d.find_element(By.CSS_SELECTOR, "table.data tbody").text
            assert "浦东新区" not in table and "嘉定区" in table, "a district user sees only its district"
        b.get("/")
        b.logout()


@test
def wrong_password_is_refused_in_chinese(b):
    # pudong signs in nowhere else here, so the failures this counts toward login throttling bother no other test.
    b.login("pudong", "not-the-password1")
    assert "用户名或密码错误" in b.text()
    b.shot("login-wrong-password")


@test
def enterprise_with_wrong_uscc_then_right(b):
    b.login("jiading")
    b.get("/enterprises")
    before = b.total()
    b.submit(b.d.find_element(By.ID, "new-record"))
    code = uscc("91310114MA1Y" + time.strftime("%H%M%S")[:5])
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    b.d.find_element(By.ID, "f-uscc").send_keys(wrong)
    b.d.find_element(By.ID, "f-name").send_keys("上海浏览器测试机械有限公司")
    b.d.find_element(By.ID, "f-address").send_keys("上海市嘉定区沪宜公路1号")
    b.submit(b.d.find_element(By.ID, "save"))
    error = b.d.find_element(By.ID, "error-uscc").text
    assert "校验位错误" in error and f"应为“{code[17]}”" in error, error
    b.shot("enterprise-wrong-uscc")
    field = b.d.find_element(By.ID, "f-uscc")
    field.clear()
    field.send_keys(code)
    b.submit(b.d.find_element(By.ID, "save"))
    assert re.search(r"/enterprises/\d+", b.d.current_url), b.d.current_url
    assert "已保存新记录" in b.text() and "嘉定区" in b.text()
    b.shot("enterprise-created")
    b.get("/enterprises")
    assert b.total() == before + 1


def write_csv(rows):
    f = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8-sig")
    f.write("\n".join(",".join(r) for r in rows) + "\n")
    f.close()
    return f.name


def upload(b, path):
    b.get("/import?kind=enterprises")
    b.shot("import-page")
    Select(b.d.find_element(By.ID, "import-kind")).select_by_value("enterprises")
    b.d.find_element(By.ID, "import-file").send_keys(path)
    b.d.find_element(By.ID, "import-submit").click()
    WebDriverWait(b.d, 60).until(EC.presence_of_element_located((By.ID, "import-summary")))
    return b.d.find_element(By.ID, "import-summary").text


@test
def import_with_errors_writes_nothing_then_clean_import(b):
    b.login("city")
    b.get("/enterprises?inactive=1")
    before = b.total()
    header = ["统一社会信用代码", "企业名称", "注册地址", "企业类型", "企业规模", "信用风险分类"]
    stamp = time.strftime("%H%M%S")
    good = [[uscc(f"91310117MA1B{stamp[2:6]}{i}"), f"上海导入浏览器{stamp}{i}有限公司", f"松江区测试路{i}号", "生产", "小型", "B"] for i in range(3)]
    bad = good + [["91310117MA1BADXX9", "坏代码企业", "路", "生产", "小型", "B"], [uscc("91310117MA1C00001"), "规模错企业", "路", "生产", "巨型", "B"]]
    summary = upload(b, write_csv([header] + bad))
    assert "未写入任何数据" in summary, summary
    issues = b.d.find_element(By.ID, "import-issues").text
    assert "统一社会信用代码" in issues and "企业规模" in issues, issues
    b.shot("import-errors")
    b.get("/enterprises?inactive=1")
    assert b.total() == before, "a failed import writes nothing"
    summary = upload(b, write_csv([header] + good))
    assert "新增3条" in summary, summary
    b.shot("import-done")
    b.get("/enterprises?inactive=1")
    assert b.total() == before + 3
    summary = upload(b, write_csv([header] + good))
    assert "新增0条" in summary and "未变3条" in summary, "re-importing changes nothing: " + summary


@test
def export_opens_in_openpyxl(b):
    b.login("jiading")
    b.get("/enterprises")
    count = b.total()
    response = requests.get(BASE + "/enterprises/export.xlsx", cookies=b.cookies(), timeout=30)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "统一社会信用代码", rows[0]
    assert len(rows) == count + 1, (len(rows), count)


@test
def catalogue_detail_audit_and_error_pages(b):
    b.login("admin")
    for path, name in [("/products", "products"), ("/products/tree", "product-tree"), ("/products/1", "product-detail"), ("/agencies", "agencies"),
                       ("/agencies/1", "agency-detail"), ("/experts", "experts"), ("/inspectors", "inspectors"),
                       ("/accounts", "accounts"), ("/tokens", "tokens"), ("/import", "import")]:
        b.get(path)
        assert "无权访问" not in b.text() and "服务器" not in b.text(), path
        b.shot(name)
    b.get("/products/1")
    assert "检验项目" in b.text() and "修改历史" in b.text()
    b.get("/audit")
    b.submit(b.d.find_element(By.ID, "verify-audit"))
    assert "审计链完整" in b.d.find_element(By.ID, "verification").text
    b.shot("audit")
    b.get("/enterprises/999999")
    assert "页面不存在" in b.text()
    b.shot("not-found")
    b.get("/enterprises/1/edit")
    b.shot("enterprise-edit")


@test
def district_plan_from_draft_to_an_accepted_task(b):
    b.login("jiading")
    b.get("/plans")
    year = b.d.find_element(By.CSS_SELECTOR, "form[method=post][action='/plans'] input[name=year]")
    year.clear()
    year.send_keys(time.strftime("%Y"))
    b.d.find_element(By.NAME, "title").send_keys("嘉定区浏览器测试计划 " + time.strftime("%H%M%S"))
    b.submit(b.d.find_element(By.ID, "create-plan"))
    assert re.search(r"/plans/\d+", b.d.current_url), b.d.current_url
    plan_url = b.d.current_url.split("?")[0]
    Select(b.d.find_element(By.ID, "line-product")).select_by_visible_text("P001 危险化学品（工业硫酸）")
    b.submit(b.d.find_element(By.ID, "choose-product"))
    boxes = b.d.find_elements(By.CSS_SELECTOR, "fieldset.items input[type=checkbox]")
    assert len(boxes) == 5, len(boxes)
    boxes[3].click()  # untick 砷含量, a key safety item
    b.d.find_element(By.ID, "line-batches").send_keys("15")
    b.submit(b.d.find_element(By.ID, "add-line"))
    assert "缺少重点安全项目：砷含量" in b.text()
    b.shot("plan-missing-key-item")
    b.d.find_element(By.CSS_SELECTOR, "fieldset.items input[name^=item_]:not(:checked)").click()
    b.submit(b.d.find_element(By.ID, "add-line"))
    assert "危险化学品（工业硫酸）" in b.text() and "15" in b.text()
    b.submit(b.d.find_element(By.XPATH, "//button[text()='报审']"))
    assert "报审" in b.state_tag()
    b.shot("plan-submitted")
    b.logout()
    b.login("city")
    b.d.get(plan_url)
    b.submit(b.d.find_element(By.XPATH, "//button[text()='批准']"))
    assert "已批准" in b.state_tag()
    b.submit(b.d.find_element(By.XPATH, "//button[text()='下达']"))
    assert "已下达" in b.state_tag()
    assert "第1版" in b.text()
    b.shot("plan-issued")
    b.logout()
    # The district splits its issued plan into a task for an agency under contract.
    b.login("jiading")
    b.d.get(plan_url)
    form = b.d.find_element(By.CSS_SELECTOR, "form.assign-form")
    Select(form.find_element(By.NAME, "agencyId")).select_by_visible_text("上海市质量监督检验技术研究院")
    form.find_element(By.NAME, "batches").send_keys("15")
    b.submit(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "待接收" in b.text(), "the task is listed on the plan"
    b.shot("plan-task-assigned")
    b.logout()
    b.login("agency")
    assert "危险化学品（工业硫酸）" in b.text(), "the task is on the agency's to-do list"
    b.shot("workbench-agency-todo")
    b.d.find_element(By.LINK_TEXT, "危险化学品（工业硫酸）").click()
    b.submit(b.d.find_element(By.ID, "accept-task"))
    assert "已接收" in b.state_tag()
    b.shot("task-accepted")
    b.get("/plans")
    assert "无权访问" in b.text(), "an agency sees tasks, not plans"


@test
def calendar_and_rules_pages(b):
    b.login("admin")
    b.get("/calendar?from=2025-09-30&n=1")
    assert "2025-10-09" in b.d.find_element(By.ID, "calc-answer").text
    b.shot("calendar")
    b.get("/rules")
    assert "异议申请期限" in b.text()
    b.shot("rules")


@test
def phone_width_is_usable(b):
    b.d.set_window_size(390, 844)
    b.login("city")
    b.get("/enterprises")
    b.shot("phone-enterprises")
    width = b.d.execute_script("return document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone: {width}px"
    b.d.find_element(By.CSS_SELECTOR, "[data-toggle=sidenav]").click()
    assert b.d.find_element(By.ID, "sidenav").is_displayed()
    b.shot("phone-menu")


if __name__ == "__main__":
    for t in [each_role_sees_only_what_it_may, wrong_password_is_refused_in_chinese, enterprise_with_wrong_uscc_then_right,
              import_with_errors_writes_nothing_then_clean_import, export_opens_in_openpyxl,
              catalogue_detail_audit_and_error_pages, district_plan_from_draft_to_an_accepted_task, calendar_and_rules_pages,
              phone_width_is_usable]:
        t()
    print(f"browser: {RESULTS['passed']} passed, {RESULTS['failed']} failed")
    sys.exit(1 if RESULTS["failed"] else 0)
