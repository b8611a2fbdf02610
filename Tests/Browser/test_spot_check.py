"""Spot checks: a district plan to an accepted task, and one batch from the plan to closed post-handling."""
import time

from harness import *  # noqa: F401,F403 (the harness is this folder's shared vocabulary)


def create_plan(b, title):
    """Creates a plan of this year from the plans page, as the signed-in person; returns the plan's address."""
    b.get("/plans")
    year = b.d.find_element(By.CSS_SELECTOR, "form[method=post][action='/plans'] input[name=year]")
    year.clear()
    year.send_keys(time.strftime("%Y"))
    b.d.find_element(By.NAME, "title").send_keys(title + " " + time.strftime("%H%M%S"))
    b.submit(b.d.find_element(By.ID, "create-plan"))
    return b.d.current_url.split("?")[0]


@test
def district_plan_from_draft_to_an_accepted_task(b):
    b.login("jiading")
    plan_url = create_plan(b, "嘉定区浏览器测试计划")
    assert re.search(r"/plans/\d+", plan_url), plan_url
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
    """A day relative to the server's today, which is Beijing's (UTC+8) whatever the machine's zone: between 16:00
    and 24:00 UTC Beijing is already on the next day."""
    return time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600 + offset * 86400))


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
    plan_url = create_plan(b, "市级浏览器全流程计划")
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
    # PZ-DRAW-2: the candidate list is committed first, before any seed; the seed then comes from a public value.
    b.submit(b.d.find_element(By.ID, "commit-draw"))
    assert "候选名单承诺" in b.text() and "待抽取" in b.text()
    b.shot("walk-03a-committed")
    form = b.d.find_element(By.ID, "draw-task").find_element(By.XPATH, "./ancestor::form")
    b.submit(b.d.find_element(By.ID, "draw-task"))
    assert "公开随机值" in b.text(), "a draw without an outside value is refused in Chinese"
    form = b.d.find_element(By.ID, "draw-task").find_element(By.XPATH, "./ancestor::form")
    form.find_element(By.NAME, "publicValue").send_keys("03 11 17 22 28 31 + 09")
    form.find_element(By.NAME, "publicSource").send_keys("中国福利彩票双色球第2026138期开奖号码")
    b.submit(b.d.find_element(By.ID, "draw-task"))
    b.shot("walk-03-drawn")
    b.d.find_element(By.PARTIAL_LINK_TEXT, "抽取记录").click()
    assert "PZ-DRAW-2" in b.text() and "承诺SHA-256" in b.text() and "03 11 17 22 28 31 + 09" in b.text()
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
