"""Campaigns (SPEC CP-1 … CP-6) in a real browser: 嘉定 inspects the demo enterprise on site and finds a 不符合; the
item goes on the problem list, gets its measures, the enterprise confirms the inspection and gives its root-cause
analysis, 嘉定 puts it up for 销号 and clears it; a 回头看 that has fallen due is done from the list; 嘉定's October
form is resubmitted, returned by the city with a reason, resubmitted and approved, locked, and its spreadsheet has
the seed's header rows in the seed's merged cells."""
import io
import os
import re
import tempfile
import time

import openpyxl
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from harness import BASE, test
from test_enforcement import fill, step
from test_spot_check import act, day


def campaign_url(b):
    b.get("/campaigns")
    return b.d.find_element(By.CSS_SELECTOR, "table.data tbody a[href^='/campaigns/']").get_attribute("href").replace(BASE, "")


@test
def a_licence_holder_is_inspected_and_its_problem_cleared(b):
    # The demo enterprise's name, from its own account.
    b.login("enterprise")
    b.get("/safety")
    name = b.d.find_element(By.TAG_NAME, "h1").text.split("：", 1)[1].strip()
    b.logout()

    b.login("jiading")
    campaign = campaign_url(b)
    b.get(campaign)
    assert "工作进度" in b.text() and "生产许可证获证企业现场检查覆盖情况" in b.text() and "重点对象" in b.text()
    b.shot("campaign-01-campaign-page")
    # Beyond the licence holders, enterprises chosen by risk: the list committed first, then drawn with a public value.
    b.submit(b.d.find_element(By.ID, "risk-commit"))
    assert "候选名单承诺与抽取证明" in b.text(), b.text()[:400]
    b.d.find_element(By.NAME, "publicValue").send_keys("0817")
    b.d.find_element(By.NAME, "publicSource").send_keys("体彩排列三第2026300期")
    b.submit(b.d.find_element(By.ID, "risk-draw-submit"))
    assert "抽中企业" in b.d.find_element(By.ID, "risk-draw").text and "待检查" in b.text()
    b.shot("campaign-01b-risk-draw")
    b.get(f"/enterprises?q={name}")
    b.d.find_element(By.CSS_SELECTOR, "table.data tbody a[href^='/enterprises/']").click()
    uscc = re.search(r"9[0-9A-Z]{17}", b.text()).group(0)

    # The inspection: one inspector is refused in Chinese; two, with a 不符合 and its note, list the problem.
    b.get("/campaign-inspections/new")
    fill(b, {"uscc": uscc, "inspectors": "区局检查员 王刚", "item_factory_inspection": "non_compliant",
             "note_factory_inspection": "出厂检验记录缺失两个月"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "至少2名检查人员" in b.text(), b.text()[:400]
    b.shot("campaign-02-inspection-refused")
    inspectors = b.d.find_element(By.ID, "f-inspectors")
    inspectors.clear()
    inspectors.send_keys("区局检查员 王刚\n区局检查员 赵敏")
    b.submit(b.d.find_element(By.ID, "save"))
    assert "不符合项已列入问题清单" in b.text(), b.text()[:400]
    inspection = b.d.current_url.split("?")[0].replace(BASE, "")
    photo = tempfile.NamedTemporaryFile(suffix=".png", delete=False)
    photo.write(bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + b"\x00" * 64)
    photo.close()
    b.d.find_element(By.ID, "photo-file").send_keys(photo.name)
    b.submit(b.d.find_element(By.ID, "photo-submit"))
    assert os.path.basename(photo.name) in b.text(), "the photo is listed"
    b.shot("campaign-03-inspection-recorded")
    b.d.find_element(By.PARTIAL_LINK_TEXT, "问题WT").click()
    item = b.d.current_url.split("?")[0].replace(BASE, "")
    assert "已登记" in b.state_tag() and "出厂检验" in b.text()

    # Measures: a 一般 problem without 责令改正 is refused; with it and the root-cause analysis, rectification starts.
    act(b, "制定整治措施")
    fill(b, {"severity": "general", "responsibleOrganisation": "嘉定区市场监管局质量科", "responsiblePerson": "王刚", "deadline": day(30)})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "责令改正" in b.text() and "应包括" in b.text(), b.text()[:400]
    for key in ["m_order_correction", "m_root_cause"]:
        box = b.d.find_element(By.ID, f"f-{key}")
        if not box.is_selected():
            box.click()
    b.submit(b.d.find_element(By.ID, "save"))
    assert "修改已保存" in b.text() and "整治中" in b.state_tag(), b.text()[:400]
    b.shot("campaign-04-rectifying")
    b.logout()

    # The enterprise confirms its inspection record and gives its analysis.
    b.login("enterprise")
    b.get(inspection)
    b.submit(b.d.find_element(By.ID, "confirm-inspection"))
    assert "已于" in b.text() and "确认" in b.text()
    b.shot("campaign-05-enterprise-confirms")
    b.get(item)
    step(b, "提交原因分析", {"rootCause": "检验员离职后未安排培训，出厂检验规程未执行；已补招检验员并培训，补做检验"}, shot="campaign-06-root-cause")
    b.logout()

    # 嘉定 puts it up for 销号 and clears it.
    b.login("jiading")
    b.get(item)
    step(b, "申请销号", {"closureEvidence": "复查：出厂检验记录完整，培训签到表与整改报告存档"})
    act(b, "销号")
    b.submit(b.d.find_element(By.ID, "save"))
    assert "已销号" in b.state_tag(), b.text()[:400]
    assert "起进行" in b.text()
    b.shot("campaign-07-cleared")
    b.logout()

    # A 回头看 that has fallen due (the demo's items cleared months ago): done from the item's page.
    b.login("city")
    b.get("/problem-items?state=closed")
    hrefs = [a.get_attribute("href") for a in b.d.find_elements(By.CSS_SELECTOR, "table.data tbody a[href*='/problem-items/']")]
    for href in hrefs:
        b.d.get(href)
        if b.d.find_elements(By.LINK_TEXT, "回头看"):
            break
    else:
        raise AssertionError("no cleared item whose 回头看 is due")
    step(b, "回头看", {"result": "consolidated", "finding": "回头看：整改措施持续执行，检验记录连续完整"}, shot="campaign-08-review")
    assert "已巩固" in b.state_tag()


@test
def a_districts_form_is_returned_resubmitted_and_locked(b):
    b.login("jiading")
    campaign = campaign_url(b)
    b.get(campaign)
    form = b.d.find_elements(By.CSS_SELECTOR, "#reports a[href*='/forms/']")[-1].get_attribute("href").replace(BASE, "")
    b.get(form)
    assert "已退回" in b.text() and "市局退回" in b.text(), b.text()[:400]
    b.shot("campaign-10-form-returned")
    act(b, "报送统计表")
    b.submit(b.d.find_element(By.ID, "save"))
    assert "已报送" in b.text(), b.text()[:400]
    b.logout()

    # The city returns it with a reason (none is refused), 嘉定 resubmits, the city approves: locked.
    b.login("city")
    b.get(form + "?district=310114")
    act(b, "退回")
    b.submit(b.d.find_element(By.ID, "save"))
    assert "退回理由" in b.text()
    fill(b, {"reason": "现场检查企业数与台账不符，请核对"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "已退回" in b.text()
    b.logout()
    b.login("jiading")
    b.get(form)
    assert "现场检查企业数与台账不符" in b.text()
    act(b, "报送统计表")
    b.submit(b.d.find_element(By.ID, "save"))
    b.logout()
    b.login("city")
    b.get(form + "?district=310114")
    act(b, "审核通过")
    b.submit(b.d.find_element(By.ID, "save"))
    assert "已审核（锁定）" in b.text(), b.text()[:400]
    assert b.d.find_element(By.ID, "campaign-form").text.count("合计") == 1
    b.shot("campaign-11-form-locked")

    # The spreadsheet: the seed's three header rows in their merged cells, the data below.
    href = b.d.find_element(By.ID, "form-xlsx").get_attribute("href")
    r = requests.get(href, cookies=b.cookies(), timeout=60)
    assert r.status_code == 200 and "spreadsheetml" in r.headers["Content-Type"]
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {"A3:A5", "B3:E3", "F3:M3", "N3:P3", "Q3:T3", "V3:X3", "B4:C4", "D4:E4", "F4:I4", "J4:M4", "N4:N5", "Y4:Y5"} <= merged, merged
    assert ws["A3"].value == "产品类别" and ws["B3"].value == "风险排查" and ws["F3"].value == "监督抽查" and ws["U3"].value == "行纪衔接"
    assert ws["B5"].value == "排查企业" and ws["I5"].value == "同比变化" and ws["Y4"].value == "约谈企业（家）"
    assert ws["A2"].value.startswith("填表单位：嘉定区") and ws.cell(row=ws.max_row, column=1).value == "合计"

    # The city's sum shows each district's state; a drill-down lists the records a figure counted.
    b.get(form)
    assert "各区报送情况" in b.text() and "全市合计" in b.text()
    links = b.d.find_elements(By.CSS_SELECTOR, "#campaign-form tbody a[href*='/drill']")
    assert links, "figures link to their records"
    b.d.get(links[0].get_attribute("href"))
    assert "条记录" in b.text() and b.d.find_elements(By.CSS_SELECTOR, "#drill-items a")
    b.shot("campaign-12-drill-down")
    # 监督抽查 is counted in the database; its drill-down lists the batches, as many as the figure says.
    b.get(form)
    batches = b.d.find_elements(By.CSS_SELECTOR, "#campaign-form tbody tr:last-child a[href*='column=9']")
    assert batches, "the city's 流通 batches link to their records"
    figure = int(batches[0].text)
    b.d.get(batches[0].get_attribute("href"))
    assert f"（{figure}条记录" in b.text(), b.text()
    assert len(b.d.find_elements(By.CSS_SELECTOR, "#drill-items a[href^='/batches/']")) == min(figure, 500)
