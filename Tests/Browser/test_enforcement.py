"""Enforcement in the browser (SPEC EN-1): a refusal becomes a lead, 执法总队 files it, the case runs to closure."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from harness import test
from test_spot_check import act, set_value, day


def fill(b, values):
    for key, value in values.items():
        el = b.d.find_element(By.ID, f"f-{key}")
        if el.tag_name == "select":
            Select(el).select_by_value(value)
        elif el.get_attribute("type") == "date":
            set_value(b, f"f-{key}", value)
        else:
            el.clear()
            el.send_keys(value)


def step(b, label, values, shot=None):
    act(b, label)
    fill(b, values)
    b.submit(b.d.find_element(By.ID, "save"))
    assert "修改已保存" in b.text(), f"{label}: {b.text()[:300]}"
    if shot:
        b.shot(shot)


@test
def a_refusal_becomes_a_lead_then_a_case_to_closure(b):
    """The agency records a refusal; the lead is on 执法总队's list and workbench; a filing without a reason is refused
    in Chinese, then filed; the case goes through investigation, review, notice (a fine above the article's range
    warns), decision with its printable document, service, execution and closure; the city reads it all."""
    b.login("agency")
    b.get("/batches?state=drawn")
    b.d.find_element(By.CSS_SELECTOR, "table.data tbody a[href^='/batches/']").click()
    number = b.d.find_element(By.TAG_NAME, "h1").text.split()[1]
    act(b, "登记拒检")
    set_value(b, "f-refusedOn", day(0))
    b.d.find_element(By.ID, "f-evidence").send_keys("企业负责人拒绝抽样，拒绝在抽样文书上签字，现场录像留存")
    b.submit(b.d.find_element(By.ID, "save"))
    assert "已拒检" in b.state_tag() or "拒检" in b.state_tag()
    b.logout()

    b.login("enforce")
    todo = b.d.find_element(By.ID, "todo").text
    assert "案件线索" in todo and "案件" in todo, "leads and cases are on the enforcement workbench's to-do list"
    b.shot("enforcement-01-workbench")
    b.get("/leads?source=refusal&state=open")
    b.shot("enforcement-02-leads")
    row = b.d.find_element(By.XPATH, f"//table[@id='record-list']//tr[td[contains(., '{number}')]]")
    row.find_element(By.TAG_NAME, "a").click()
    assert "待研判" in b.state_tag() and number in b.text()
    b.shot("enforcement-03-lead")
    act(b, "立案")
    fill(b, {"summary": "拒检"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "请写明立案事由（至少10个字）" in b.text(), "a filing without a reason is refused in Chinese"
    b.shot("enforcement-04-filing-refused")
    fill(b, {"handler": "corps", "article": "art56", "summary": "企业拒绝接受依法进行的监督抽查，立案调查"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "已立案" in b.state_tag()
    b.d.find_element(By.CSS_SELECTOR, ".page-head .actions a[href^='/cases/']").click()
    assert "立案" in b.state_tag() and "执法总队" in b.text()
    b.shot("enforcement-05-case-filed")
    case_url = b.d.current_url
    step(b, "开始调查", {})
    step(b, "调查终结，提交审核", {"article": "art49", "goodsValue": "10000", "findings": "当事人拒绝抽样属实，涉案产品货值一万元"})
    step(b, "行政处罚告知", {"fine": "40000"})
    assert "超出产品质量法第四十九条的幅度" in b.text(), "a fine above 3 × 货值 warns"
    b.shot("enforcement-06-fine-warning")
    step(b, "作出处罚决定", {"fine": "30000", "confiscation": "1200"}, "enforcement-07-decided")
    doc = b.d.find_element(By.LINK_TEXT, "行政处罚决定书").get_attribute("href")
    step(b, "送达决定书", {})
    step(b, "登记执行", {"paid": "31200"})
    step(b, "结案", {"report": "罚没款已缴清，予以结案"}, "enforcement-08-closed")
    assert "结案" in b.state_tag() and "31200元" in b.text()
    b.d.get(doc)
    assert "行政处罚决定书" in b.text() and "30000元" in b.text()
    b.shot("enforcement-09-decision-document")
    b.d.get(case_url)
    b.logout()

    b.login("city")
    b.d.get(case_url)
    assert "结案" in b.state_tag() and "当前没有需要您办理的事项" in b.text(), "the city reads the case, it does not handle it"
    b.get("/stats")
    assert "转案率" in b.text()
    b.shot("enforcement-10-stats-case-transfer")
    b.logout()


@test
def a_letter_from_draft_to_closure(b):
    """SPEC EN-3: the city drafts a 责令整改通知书 to the enterprise (a draft without its reason is refused in Chinese),
    submits and signs it, and prints it; the enterprise finds it on its to-do list and replies from its own account
    (a reply too short is refused); the city verifies the rectification and closes the letter 销号."""
    b.login("enterprise")
    b.get("/enterprises")
    code = b.d.find_element(By.CSS_SELECTOR, "table.data tbody tr td").text.strip()
    b.logout()

    b.login("city")
    b.get("/letters")
    assert "三书一函" in b.text()
    b.shot("letter-01-list")
    b.get("/letters/new")
    fill(b, {"type": "rectification", "target": "enterprise", "uscc": code, "reason": "短", "requiredActions": "立即整改并书面报告",
             "deadline": day(15)})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "请写明事由（至少10个字）" in b.text(), "a draft without its reason is refused in Chinese"
    b.shot("letter-02-draft-refused")
    fill(b, {"reason": "监督抽查发现你单位生产的产品不合格，经复查仍未整改到位", "deadline": day(15)})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "草稿" in b.state_tag(), b.text()[:300]
    number = re.search(r"ZG\d{4}-\d{5}", b.d.find_element(By.TAG_NAME, "h1").text).group(0)
    letter_url = b.d.current_url.split("?")[0]
    b.shot("letter-03-draft")
    step(b, "提交审批", {})
    step(b, "签发", {"signer": "王建国"}, "letter-04-issued")
    assert "已发出" in b.state_tag()
    document = b.d.find_element(By.PARTIAL_LINK_TEXT, "责令整改通知书").get_attribute("href")
    b.d.get(document)
    assert "责令整改通知书" in b.text() and number in b.text()
    b.shot("letter-05-document")
    b.d.get(letter_url)
    b.logout()

    b.login("enterprise")
    todo = b.d.find_element(By.ID, "todo").text
    assert number in todo or "三书一函" in todo, "the letter is on the enterprise's to-do list"
    b.shot("letter-06-enterprise-workbench")
    b.d.get(letter_url)
    act(b, "回复")
    fill(b, {"reply": "已整改"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "请写明整改情况（至少10个字）" in b.text(), "a reply too short is refused in Chinese"
    fill(b, {"reply": "已停止销售不合格批次，召回库存产品，并更换原材料供应商，附整改报告"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "已回复" in b.state_tag()
    b.shot("letter-07-replied")
    b.logout()

    b.login("city")
    b.d.get(letter_url)
    step(b, "核验", {"result": "pass", "note": "现场核查整改到位，资料齐全"})
    step(b, "销号", {}, "letter-08-closed")
    assert "已销号" in b.state_tag()
    b.logout()


@test
def an_enterprise_keeps_its_routine_and_its_district_scores_an_officer(b):
    """SPEC EN-4: the enterprise's 质量安全 page lists its officers; a daily record without its text is refused in
    Chinese, then filed; a risk point is added to its list. The district opens this quarter's assessment (recomputed
    on its page) and scores an officer drawn; the city reads the staffing figures and the enterprises to staff."""
    b.login("enterprise")
    b.get("/safety")
    assert "质量安全总监与安全员" in b.text() and "风险管控清单" in b.text()
    b.shot("officers-01-enterprise-safety")
    b.d.find_element(By.ID, "file-daily").click()
    fill(b, {"summary": "短"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "请写明检查情况（至少5个字）" in b.text(), "a daily record without its text is refused in Chinese"
    b.shot("officers-02-routine-refused")
    officer = Select(b.d.find_element(By.ID, "f-officerId"))
    officer.select_by_index(1)
    fill(b, {"summary": "巡查原料进货查验和出厂检验记录，未见异常", "day": day(0)})
    b.submit(b.d.find_element(By.ID, "save"))
    assert day(0) in b.d.find_element(By.ID, "routines").text, b.text()[:300]
    b.d.find_element(By.ID, "add-risk-control").click()
    fill(b, {"hazard": "成品仓储（防潮）", "measure": "温湿度每日点检并记录", "level": "medium"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "成品仓储（防潮）" in b.d.find_element(By.ID, "risk-controls").text
    b.shot("officers-03-routine-filed")
    b.logout()

    b.login("jiading")
    b.get("/officer-assessments")
    b.shot("officers-04-assessments")
    b.d.find_element(By.XPATH, "//table[@id='record-list']//a[contains(., '嘉定区')]").click()
    assert "已重算核验" in b.d.find_element(By.ID, "verify-result").text
    b.shot("officers-05-assessment")
    b.d.find_element(By.XPATH, "//table[@id='drawn']//tr[td[contains(., '待评分')]]//a").click()
    act(b, "考核评分")
    fill(b, {"score": "88", "note": "现场问答，查阅日管控和周排查记录，履职到位"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "修改已保存" in b.text() and "88分" in b.text()
    b.shot("officers-06-scored")
    b.logout()

    b.login("city")
    b.get("/officers/staffing")
    assert "配备率" in b.d.find_element(By.ID, "officer-figures").text and "未按要求配备的企业" in b.text()
    b.shot("officers-07-staffing")
    b.logout()


@test
def a_witness_fixes_its_secret_before_the_officers_list_is_committed_and_the_draw_waits_for_it(b):
    """The witness (纪检) registers its secret's hash for 浦东新区's assessment, computed in the browser; the city commits
    the officers in post (the commitment carries the witness's hash), and its draw is refused in Chinese until the
    witness reveals the secret; then the officers are drawn from the lottery number and the page recomputes it all
    (PZ-DRAW-2 §二、§十四)."""
    secret = "jijian-浦东-考核-秘密"
    period = "2026-Q4"
    b.login("jijian")
    b.get("/witness")
    assert "待见证的抽取" in b.text()
    form = b.d.find_element(By.ID, "assessment-witness")
    Select(form.find_element(By.NAME, "scope")).select_by_value("310115")
    period_input = form.find_element(By.NAME, "period")
    period_input.clear()
    period_input.send_keys(period)
    form.find_element(By.CSS_SELECTOR, "[data-witness-secret]").send_keys(secret)
    form.find_element(By.CSS_SELECTOR, "[data-witness-hash]").click()
    hashed = form.find_element(By.NAME, "hash").get_attribute("value")
    assert re.fullmatch(r"[0-9a-f]{64}", hashed), hashed
    b.submit(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert hashed in b.text() and "已登记哈希，待承诺" in b.text(), b.text()[:400]
    b.shot("witness-01-registered")
    b.logout()

    b.login("city")
    b.get("/officer-assessments/new")
    fill(b, {"period": period, "count": "3", "district": "310115"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "待抽取" in b.d.find_element(By.TAG_NAME, "h1").text, b.text()[:400]
    commitment = b.d.find_element(By.ID, "commitment-text").text
    assert commitment.startswith("PZ-DRAW-2 list commitment\nkind=officer-assessment\nsubject=310115:2026-Q4") and f"witness={hashed}" in commitment
    b.shot("witness-02-committed")
    list_url = b.d.current_url
    b.d.find_element(By.ID, "draw-from-list").click()
    fill(b, {"publicValue": "04 08 15 16 23 30 + 12", "publicSource": "中国福利彩票双色球第2026140期开奖号码"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "见证人尚未公开秘密值" in b.text(), b.text()[:400]
    b.logout()

    b.login("jijian")
    b.get("/witness")
    b.d.find_element(By.XPATH, "//table[@id='registrations']//a[contains(., '公开秘密值')]").click()
    fill(b, {"secret": "猜的秘密值-不对"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "不符" in b.text(), b.text()[:400]
    fill(b, {"secret": secret})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "已公开秘密值" in b.text(), b.text()[:400]
    b.logout()

    b.login("city")
    b.d.get(list_url)
    b.d.find_element(By.ID, "draw-from-list").click()
    fill(b, {"publicValue": "04 08 15 16 23 30 + 12", "publicSource": "中国福利彩票双色球第2026140期开奖号码"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "已重算核验" in b.d.find_element(By.ID, "verify-result").text, b.text()[:400]
    b.shot("witness-03-drawn")
    b.d.find_element(By.ID, "draw-list").click()
    result = b.d.find_element(By.ID, "result-text").text
    assert f"witness-secret={secret}" in result and "public-source=中国福利彩票双色球第2026140期开奖号码" in result
    assert "已重算核验" in b.d.find_element(By.ID, "verify-result").text
    b.shot("witness-04-list")
    b.logout()
