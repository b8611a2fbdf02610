"""Who sees what: each role's menu and pages, a wrong password, the phone layout."""
from harness import *  # noqa: F401,F403 (the harness is this folder's shared vocabulary)


ROLES = {
    "admin": (["工作台", "企业", "产品目录", "承检机构", "执法人员", "专家库", "数据导入", "账号管理", "审计日志"], [], "/accounts"),
    "city": (["企业", "产品目录", "数据导入"], ["账号管理", "审计日志"], "/products"),
    # Districts and 执法总队 import risk items (数据导入 offers them 风险信息 only).
    "jiading": (["企业", "执法人员", "风险信息", "风险监测", "专项行动", "数据导入"], ["账号管理", "审计日志"], "/enterprises"),
    "enforce": (["企业", "执法人员", "案件线索", "案件", "数据导入"], ["专家库", "账号管理"], "/leads"),
    "agency": (["承检机构", "产品目录"], ["企业", "专家库", "案件线索", "专项行动"], "/agencies"),
    "expert": (["专家库", "产品目录", "质量技术帮扶"], ["企业", "承检机构", "专项行动"], "/experts"),
    "enterprise": (["企业", "产品目录", "专项行动", "质量技术帮扶"], ["承检机构", "执法人员"], "/enterprises"),
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


@test
def the_pages_work_with_the_keyboard_alone(b):
    """Signing in, moving through the menu and searching, with Tab and Enter only (issue 22 item 6)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    def keys(*sequence):
        ActionChains(b.d).send_keys(*sequence).perform()

    def focused():
        return b.d.switch_to.active_element

    b.get("/login")
    b.d.find_element(By.TAG_NAME, "body").click()
    for _ in range(30):  # Tab until the username field has the focus
        keys(Keys.TAB)
        if focused().get_attribute("id") == "username":
            break
    assert focused().get_attribute("id") == "username", "the username field is reached with Tab"
    keys("city", Keys.TAB, PASSWORD)
    b.d.execute_script("window.__pinzhiOldPage = true")
    keys(Keys.ENTER)
    WebDriverWait(b.d, 20).until(lambda d: d.execute_script("return window.__pinzhiOldPage === undefined && document.readyState === 'complete'"))
    assert "工作台" in b.text(), "signed in with the keyboard"
    # The menu: Tab to the 企业 link and follow it with Enter.
    for _ in range(80):
        keys(Keys.TAB)
        element = focused()
        if element.tag_name == "a" and element.text.strip() == "企业":
            break
    assert focused().text.strip() == "企业", "the menu is reached with Tab"
    outline = b.d.execute_script("var s = getComputedStyle(arguments[0]); return s.outlineStyle + ' ' + s.boxShadow;", focused())
    assert outline.split()[0] != "none" or "rgb" in outline, f"the focused link is visibly marked: {outline}"
    b.d.execute_script("window.__pinzhiOldPage = true")
    keys(Keys.ENTER)
    WebDriverWait(b.d, 20).until(lambda d: d.execute_script("return window.__pinzhiOldPage === undefined && document.readyState === 'complete'"))
    assert "/enterprises" in b.d.current_url
    # The search box, typed into and sent with Enter.
    for _ in range(80):
        keys(Keys.TAB)
        if focused().get_attribute("name") == "q":
            break
    assert focused().get_attribute("name") == "q", "the search box is reached with Tab"
    b.d.execute_script("window.__pinzhiOldPage = true")
    keys("嘉定", Keys.ENTER)
    WebDriverWait(b.d, 20).until(lambda d: d.execute_script("return window.__pinzhiOldPage === undefined && document.readyState === 'complete'"))
    assert "q=" in b.d.current_url and b.total() > 0
    b.shot("keyboard-search")
