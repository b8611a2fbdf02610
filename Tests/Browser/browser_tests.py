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
    # The task's line of the one to-do list (the agency's batches of the same product are on it too).
    b.d.find_element(By.XPATH, "//table[@id='todo']//tr[td[1]='抽查任务' and contains(., '危险化学品（工业硫酸）')]//a").click()
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


def set_value(b, field_id, value):
    """Sets a field by script: date inputs take typed text in the browser's locale, so dates are set directly."""
    el = b.d.find_element(By.ID, field_id)
    b.d.execute_script("arguments[0].value = arguments[1]", el, value)


def sample_value(limit, passing):
    """A measured value that passes or fails a limit expression (the Python twin of LimitExpression.sampleValue)."""
    limit = limit.strip()
    if limit.startswith("文本:"):
        return limit[3:] if passing else "不符合"
    if limit == "符合":
        return "符合" if passing else "不符合"
    m = re.match(r"([≤≥<>=])\s*([\d.]+)", limit)
    if m:
        op, x = m.group(1), float(m.group(2))
        if op in "≤<":
            return f"{x * 0.5:.2f}" if passing else f"{x * 1.5 + 0.01:.2f}"
        if op in "≥>":
            return f"{x * 1.5 + 0.01:.2f}" if passing else f"{x * 0.5:.2f}"
        return f"{x:.2f}" if passing else f"{x + 1:.2f}"
    m = re.match(r"([\d.]+)\s*~\s*([\d.]+)", limit)
    if m:
        a, c = float(m.group(1)), float(m.group(2))
        return f"{(a + c) / 2:.2f}" if passing else f"{c + (c - a) + 0.01:.2f}"
    raise AssertionError(f"unknown limit {limit}")


def day(offset):
    return time.strftime("%Y-%m-%d", time.localtime(time.time() + offset * 86400))


def act(b, label):
    """Opens the step form named by its button on the batch page."""
    b.submit(b.d.find_element(By.LINK_TEXT, label))


@test
def one_batch_from_plan_to_closed_post_handling(b):
    """SPEC SC-1 … SC-9 in one walk, each role in its own account: the city plans and draws, the agency samples,
    tests and delivers, the enterprise confirms and (too late) objects, the city concludes, publishes and transfers,
    the district orders rectification and reviews, the enterprise reports its rectification."""
    b.login("enterprise")
    b.get("/enterprises")
    b.d.find_element(By.CSS_SELECTOR, "table.data tbody a").click()
    enterprise = b.d.find_element(By.TAG_NAME, "h1").text.split("：", 1)[1].strip()
    links = b.d.find_element(By.XPATH, "//h2[contains(., '生产销售产品')]/following::table[1]").text
    product = next(" ".join(line.split(" ")[1:-1]) for line in links.splitlines()[1:] if line.endswith(" 生产"))
    b.shot("walk-01-enterprise-products")
    b.logout()

    b.login("city")
    b.get("/plans")
    year = b.d.find_element(By.CSS_SELECTOR, "form[method=post][action='/plans'] input[name=year]")
    year.clear()
    year.send_keys(time.strftime("%Y"))
    b.d.find_element(By.NAME, "title").send_keys("市级浏览器全流程计划 " + time.strftime("%H%M%S"))
    b.submit(b.d.find_element(By.ID, "create-plan"))
    plan_url = b.d.current_url.split("?")[0]
    select = Select(b.d.find_element(By.ID, "line-product"))
    select.select_by_visible_text(next(o.text for o in select.options if o.text.endswith(" " + product)))
    b.submit(b.d.find_element(By.ID, "choose-product"))
    Select(b.d.find_element(By.NAME, "stage")).select_by_visible_text("生产")
    b.d.find_element(By.ID, "line-batches").send_keys("300")
    b.submit(b.d.find_element(By.ID, "add-line"))
    for label in ["报审", "批准", "下达"]:
        b.submit(b.d.find_element(By.XPATH, f"//button[text()='{label}']"))
    assert "已下达" in b.state_tag()
    form = b.d.find_element(By.CSS_SELECTOR, "form.assign-form")
    agency = Select(form.find_element(By.NAME, "agencyId"))
    agency.select_by_visible_text("上海市质量监督检验技术研究院")
    agency_id = agency.first_selected_option.get_attribute("value")
    form.find_element(By.NAME, "batches").send_keys("300")
    b.submit(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "超出合同" in b.text(), "assignment stops at the contract's batches"
    b.shot("walk-02a-beyond-the-contract")
    # A supplementary tender: the city signs the contract up to 1,000 batches and clears the agency's stated capacity.
    b.get(f"/agencies/{agency_id}")
    b.d.find_element(By.XPATH, f"//tr[td[1][normalize-space(.)='{time.strftime('%Y')}'] and td[normalize-space(.)='{product}']]//a").click()
    b.d.find_element(By.ID, "edit-record").click()
    b.d.find_element(By.ID, "f-batches").clear()
    b.d.find_element(By.ID, "f-batches").send_keys("1000")
    b.submit(b.d.find_element(By.ID, "save"))
    b.get(f"/agencies/{agency_id}")
    b.d.find_element(By.ID, "edit-record").click()
    b.d.find_element(By.ID, "f-capacity").clear()
    b.submit(b.d.find_element(By.ID, "save"))
    b.d.get(plan_url)
    form = b.d.find_element(By.CSS_SELECTOR, "form.assign-form")
    assert "合同、能力与资质" in form.text
    Select(form.find_element(By.NAME, "agencyId")).select_by_visible_text("上海市质量监督检验技术研究院")
    form.find_element(By.NAME, "batches").send_keys("300")
    b.submit(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    task_url = b.d.find_element(By.CSS_SELECTOR, "table.data a[href^='/tasks/']").get_attribute("href")
    b.shot("walk-02-plan-issued-task-assigned")
    b.logout()

    b.login("agency")
    b.d.get(task_url)
    b.submit(b.d.find_element(By.ID, "accept-task"))
    assert "已接收" in b.state_tag()
    b.logout()

    b.login("city")
    b.d.get(task_url)
    b.submit(b.d.find_element(By.ID, "draw-task"))
    b.shot("walk-03-drawn")
    b.d.find_element(By.PARTIAL_LINK_TEXT, "抽取记录").click()
    assert "PZ-DRAW-1" in b.text() and "候选名单SHA-256" in b.text()
    b.shot("walk-04-draw-record")
    b.d.get(task_url)
    row = b.d.find_element(By.XPATH, f"//table[@class='data']//tr[td[text()='{enterprise}']]")
    batch_url = row.find_element(By.TAG_NAME, "a").get_attribute("href")
    b.logout()

    b.login("agency")
    b.d.get(batch_url)
    act(b, "填写抽样单")
    set_value(b, "f-sampledOn", day(-30))
    b.d.find_element(By.ID, "f-lotNumber").send_keys("20261001")
    b.d.find_element(By.ID, "f-quantity").send_keys("6件")
    b.d.find_element(By.ID, "f-backupQuantity").send_keys("3件")
    b.d.find_element(By.ID, "f-place").send_keys("企业成品仓库")
    b.submit(b.d.find_element(By.ID, "save"))
    assert "待检验" in b.state_tag(), b.text()
    photo = tempfile.NamedTemporaryFile(suffix=".png", delete=False)
    photo.write(bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + b"\x00" * 64)
    photo.close()
    b.d.find_element(By.ID, "attach-file").send_keys(photo.name)
    b.submit(b.d.find_element(By.ID, "attach-submit"))
    assert os.path.basename(photo.name) in b.text(), "the photo is listed"
    b.shot("walk-05-sampled-with-photo")
    b.logout()

    b.login("enterprise")
    assert b.d.find_elements(By.ID, "todo"), "the enterprise has a to-do list"
    b.d.get(batch_url)
    act(b, "确认抽样")
    b.submit(b.d.find_element(By.ID, "save"))
    assert "已确认" in b.text()
    b.logout()

    b.login("agency")
    b.d.get(batch_url)
    act(b, "录入检验结果并出具报告")
    b.d.find_element(By.ID, "f-reportNumber").send_keys("BG-WALK-1")
    b.d.find_element(By.ID, "f-signatory").send_keys("王工")
    set_value(b, "f-reportedOn", day(-25))
    b.submit(b.d.find_element(By.ID, "save"))
    assert "请填写“" in b.text() and b.d.find_elements(By.CSS_SELECTOR, "p.field-error[id^=error-item]"), "missing item values are named"
    b.shot("walk-06-report-missing-values")
    fields = b.d.find_elements(By.CSS_SELECTOR, "input[id^='f-item']")
    for index, field in enumerate(fields):
        label = b.d.find_element(By.CSS_SELECTOR, f"label[for='{field.get_attribute('id')}']").text
        limit = re.search(r"限值 (.+?)(?: [^ ）]+)?）", label).group(1)
        field.clear()
        field.send_keys(sample_value(limit, passing=index != 0))
    b.submit(b.d.find_element(By.ID, "save"))
    assert "待送达" in b.state_tag() and "不合格" in b.text(), b.text()
    b.shot("walk-07-reported-fail")
    act(b, "登记结果送达")
    set_value(b, "f-deliveredOn", day(-20))
    b.d.find_element(By.ID, "f-recipient").send_keys("赵六")
    b.submit(b.d.find_element(By.ID, "save"))
    assert "异议期内" in b.state_tag()
    b.logout()

    b.login("enterprise")
    b.d.get(batch_url)
    assert not b.d.find_elements(By.LINK_TEXT, "提出异议"), "no objection is offered after the period"
    b.get(batch_url.replace(BASE, "") + "/act/object")
    assert "当前不能提出异议" in b.text(), "a late objection is refused"
    b.shot("walk-08-late-objection")
    b.logout()

    b.login("city")
    b.d.get(batch_url)
    for label in ["异议期满，确认结论", "公布抽查结果", "移送企业所在区局"]:
        act(b, label)
        b.submit(b.d.find_element(By.ID, "save"))
    assert "已移送待接收" in b.state_tag() and "快照校验" in b.text()
    b.shot("walk-09-transferred")
    b.logout()

    b.login("jiading")
    assert "签收移送" in b.d.find_element(By.ID, "todo").text, "the transfer waits on the district's to-do list"
    b.d.get(batch_url)
    act(b, "签收移送")
    b.d.find_element(By.ID, "f-receiver").send_keys("陈杰")
    b.submit(b.d.find_element(By.ID, "save"))
    act(b, "下达责令改正通知书")
    b.d.find_element(By.ID, "f-noticeNumber").send_keys("沪市监嘉责改〔2026〕88号")
    set_value(b, "f-deadline", day(30))
    b.submit(b.d.find_element(By.ID, "save"))
    assert "整改中" in b.state_tag()
    b.get(batch_url.replace(BASE, "") + "/documents/rectification-order")
    assert "责令改正通知书" in b.text() and "沪市监嘉责改〔2026〕88号" in b.text() and enterprise in b.text()
    b.shot("walk-10-rectification-order")
    b.d.get(batch_url)
    b.logout()

    b.login("enterprise")
    b.d.get(batch_url)
    act(b, "提交整改报告")
    b.d.find_element(By.ID, "f-report").send_keys("已查明原因为原材料批次波动，已更换供应商并加强出厂检验。")
    b.submit(b.d.find_element(By.ID, "save"))
    assert "待复查" in b.state_tag()
    b.logout()

    b.login("jiading")
    b.d.get(batch_url)
    act(b, "录入复查结果")
    Select(b.d.find_element(By.ID, "f-result")).select_by_visible_text("整改合格")
    b.submit(b.d.find_element(By.ID, "save"))
    assert "后处理办结" in b.state_tag()
    timeline = b.d.find_element(By.CSS_SELECTOR, "ul.timeline").text
    for step in ["双随机抽中", "抽样", "出具报告", "结果送达", "结论确定", "公布抽查结果", "移送", "签收", "责令改正", "整改报告", "整改合格"]:
        assert step in timeline, f"the timeline lacks {step}"
    b.shot("walk-11-closed")
    for doc in ["sampling-record", "result-notice"]:
        b.get(batch_url.replace(BASE, "") + "/documents/" + doc)
        assert "编号：" in b.text()
        b.shot(f"walk-12-{doc}")


@test
def dashboard_archive_and_public_pages(b):
    b.login("city")
    b.get("/stats")
    assert len(b.d.find_elements(By.CSS_SELECTOR, "svg.chart")) >= 6, "the dashboard draws its charts"
    assert "按产品的不合格率" in b.text() and "Wilson" in b.text()
    b.shot("stats-city")
    link = b.d.find_element(By.CSS_SELECTOR, "#stats-product tbody tr a[href*='verdict=fail']")
    failed = int(link.text)
    b.submit(link)
    assert b.d.find_elements(By.CSS_SELECTOR, "table.data tbody tr"), "the drill-down lists batches"
    assert f"共 {failed} 批次" in b.text(), "the drill-down shows exactly the counted batches"
    b.shot("stats-drilldown")
    b.get("/oversight")
    assert "上海沪检质量技术服务有限公司" in b.text() and "不合格率异常偏低" in b.text(), "the lenient newcomer is flagged"
    b.shot("oversight-city")
    b.logout()
    b.login("jiading")
    b.get("/stats")
    assert "全市不合格率" in b.text()
    b.shot("stats-jiading")
    b.logout()
    b.login("enterprise")
    b.get("/enterprises")
    b.d.find_element(By.CSS_SELECTOR, "table.data tbody a").click()
    b.submit(b.d.find_element(By.ID, "archive-link"))
    assert "企业质量档案" in b.text() and b.d.find_elements(By.CSS_SELECTOR, "#archive-checks tbody tr")
    b.shot("archive-enterprise")
    b.logout()
    b.get("/login")
    b.submit(b.d.find_element(By.ID, "public-results-link"))
    assert "产品质量监督抽查结果公告" in b.text() and b.d.find_elements(By.CSS_SELECTOR, "#public-results tbody tr")
    b.shot("public-results")
    b.submit(b.d.find_element(By.ID, "public-stats-link"))
    assert "监督抽查结果统计" in b.text() and "Wilson" in b.text()
    b.shot("public-stats")


@test
def stats_panels_portal_notice_draw_and_open_api(b):
    b.login("city")
    b.get("/stats")
    for panel in ["evaluation", "completion", "assessment", "funnel", "stats-district"]:
        element = b.d.find_element(By.ID, panel)
        b.d.execute_script("arguments[0].scrollIntoView()", element)
        assert element.find_elements(By.CSS_SELECTOR, "tbody tr td"), f"{panel} has rows"
        b.shot(f"stats-panel-{panel}")
    assert "嘉定区" in b.d.find_element(By.ID, "evaluation").text, "the demo's evaluation checks are 嘉定's"
    b.logout()
    b.get("/public/results")
    b.submit(b.d.find_element(By.CSS_SELECTOR, "#public-results tbody a"))
    assert "快照SHA-256" in b.text()
    b.shot("public-notice")
    b.submit(b.d.find_element(By.ID, "notice-draw-link"))
    assert "候选名单SHA-256" in b.text() and "随机种子" in b.text()
    b.shot("public-draw")
    b.get("/public/draw-method")
    b.shot("public-draw-method")
    page = requests.get(BASE + "/api/v1/public/results?limit=5", timeout=30)
    assert page.status_code == 200, page.text
    body = page.json()
    assert body["total"] > 5 and len(body["items"]) == 5 and body["nextCursor"]
    first = body["items"][0]
    assert "contactPhone" not in first and "inspectors" not in first
    detail = requests.get(f"{BASE}/api/v1/public/results/{first['id']}", timeout=30).json()
    assert detail["hash"] == first["hash"]
    csv = requests.get(BASE + "/api/v1/public/results.csv", timeout=60)
    assert csv.status_code == 200 and csv.headers["Content-Type"].startswith("text/csv")
    assert csv.content.decode("utf-8-sig").count("\r\n") == body["total"] + 1, "the bulk file has every published result and a header"
    stats = requests.get(BASE + "/api/v1/public/stats?dimension=district", timeout=30).json()
    assert any(not cell["suppressed"] and cell["low"] <= cell["rate"] <= cell["high"] for cell in stats["cells"])
    b.get("/api/v1/public/stats?dimension=product")
    b.shot("public-api-stats-json")


if __name__ == "__main__":
    for t in [each_role_sees_only_what_it_may, wrong_password_is_refused_in_chinese, enterprise_with_wrong_uscc_then_right,
              import_with_errors_writes_nothing_then_clean_import, export_opens_in_openpyxl,
              catalogue_detail_audit_and_error_pages, district_plan_from_draft_to_an_accepted_task, calendar_and_rules_pages,
              phone_width_is_usable, one_batch_from_plan_to_closed_post_handling, dashboard_archive_and_public_pages,
              stats_panels_portal_notice_draw_and_open_api]:
        t()
    print(f"browser: {RESULTS['passed']} passed, {RESULTS['failed']} failed")
    sys.exit(1 if RESULTS["failed"] else 0)
