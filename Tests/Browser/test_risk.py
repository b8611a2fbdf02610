"""Risk in the browser (SPEC RK-1, RK-2): a district reports an item, the city studies and grades it, the product's
grade follows with its inputs and history, an expert's override stands beside the model's grade, the district
handles the item."""
import datetime
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from harness import test
from test_enforcement import fill, step
from test_spot_check import act, day


@test
def a_district_reports_a_risk_the_city_grades_it_and_the_product_grade_follows(b):
    """A report with a bad probability is refused in Chinese and writes nothing; a good one lands as 新报 on the
    city's workbench; grading it 一级 with a graver scenario makes the product's grade 高, with the item named as the
    reason and the change in the history; an override without a reason is refused, with one it stands beside the
    model's grade; the district takes the emergency measures."""
    b.login("jiading")
    b.get("/risk-items/new")
    values = {"source": "complaint", "productCode": "P010", "districtCode": "310114", "hazard": "fire", "userGroup": "children",
              "severity": "3", "probability": "两成", "reporter": "12315热线",
              "evidence": "浏览器测试：家长投诉儿童电动车电池充电时鼓包发烫，附照片"}
    fill(b, values)
    b.submit(b.d.find_element(By.ID, "save"))
    assert "概率应为大于0且不大于1的分数" in b.text(), b.text()[:300]
    b.shot("risk-01-report-refused")
    fill(b, {"probability": "1/20000"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "新报" in b.state_tag(), b.text()[:300]
    number = b.d.find_element(By.TAG_NAME, "h1").text.split()[0].replace("风险信息", "")
    url = b.d.current_url.split("?")[0]
    b.logout()

    b.login("city")
    assert "风险信息" in b.d.find_element(By.ID, "todo").text, "new risk items are on the city's to-do list"
    b.get("/risk-items?source=complaint")
    b.shot("risk-02-list")
    b.d.get(url)
    step(b, "受理研判", {})
    act(b, "定级")
    fill(b, {"urgency": "first", "severity": "4", "probability": "1/500", "note": "浏览器测试：儿童使用，电池热失控可致严重烧伤"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "已定级" in b.state_tag(), b.text()[:300]
    b.shot("risk-03-graded-item")
    b.d.find_element(By.LINK_TEXT, "产品风险等级").click()
    assert b.d.find_element(By.ID, "product-grade").text == "高"
    assert number in b.d.find_element(By.ID, "model-grade").text, "the item that decides the grade is named"
    assert number in b.d.find_element(By.ID, "grade-items").text
    assert "模型定级" in b.d.find_element(By.ID, "grade-history").text
    b.submit(b.d.find_element(By.ID, "override"))
    assert "请填写作出调整的专家姓名" in b.text() and "请写明调整理由" in b.text(), b.text()[:400]
    Select(b.d.find_element(By.ID, "f-level")).select_by_value("high")
    b.d.find_element(By.ID, "f-expert").send_keys("浏览器测试专家")
    b.d.find_element(By.ID, "f-reason").send_keys("浏览器测试：涉事批次已全部下架，市场剩余风险有限")
    b.submit(b.d.find_element(By.ID, "override"))
    assert b.d.find_element(By.ID, "product-grade").text == "较高"
    assert "浏览器测试专家" in b.d.find_element(By.ID, "override-grade").text
    assert number in b.d.find_element(By.ID, "model-grade").text, "the model's grade stays visible beside the override"
    b.shot("risk-04-product-grade")
    b.get("/risk-map")
    heat = b.d.find_element(By.ID, "risk-heat-map")
    assert heat.find_elements(By.CSS_SELECTOR, "a rect"), "the heat map's cells link to their items"
    assert "电动自行车充电器和电池" in b.d.find_element(By.ID, "risk-map-table").text
    b.shot("risk-05-risk-map")
    assert b.d.find_elements(By.CSS_SELECTOR, "#risk-cluster-table tbody tr"), "the industrial clusters are listed"
    # An enterprise whose class the model computed says why (RK-3).
    b.get("/enterprises?f_credit_class=D")
    b.d.find_element(By.CSS_SELECTOR, "table.data tbody a").click()
    b.submit(b.d.find_element(By.ID, "archive-link"))
    assert "为何为D类" in b.d.find_element(By.ID, "credit-explanation").text
    assert b.d.find_elements(By.CSS_SELECTOR, "#credit-reasons li"), "the reasons are listed"
    b.shot("risk-09-credit-explanation")
    b.logout()

    b.login("jiading")
    b.d.get(url)
    step(b, "开始处置", {"measures": "浏览器测试：责令停止销售，查封在库电池并通知消费者停止使用"})
    assert "处置中" in b.state_tag()
    b.logout()


@test
def a_district_drafts_a_consumer_alert_the_city_publishes_it_on_the_portal(b):
    """SPEC RK-5: a draft with too short a content is refused in Chinese; the district saves and submits it; it is not
    on the portal until the city approves it; approved, the portal lists it and shows it to anyone."""
    title = f"浏览器测试：电动自行车电池充电消费提示{int(time.time()) % 100000}"
    b.login("pudong")
    b.get("/alerts/new")
    fill(b, {"type": "consumer", "productCode": "P010", "title": title, "content": "太短", "advice": "浏览器测试：不要在室内为电池充电，充满及时断电"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "请写明风险内容（至少20个字）" in b.text(), b.text()[:300]
    fill(b, {"content": "浏览器测试：本市伤害监测哨点报告电动自行车电池在室内充电时起火，涉事电池多为无品牌改装电池。"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "草稿" in b.state_tag(), b.text()[:300]
    url = b.d.current_url.split("?")[0]
    step(b, "提交审核", {})
    assert "审核中" in b.state_tag()
    b.logout()

    b.get("/public/alerts")
    assert title not in b.text(), "a consumer alert under review is not public"

    b.login("city")
    b.get("/alerts?state=review")
    assert title in b.d.find_element(By.TAG_NAME, "table").text, "the alert waits for the city's review"
    b.shot("risk-10-alerts")
    b.d.get(url)
    step(b, "审核发布", {"approver": "浏览器测试审核人", "opinion": "同意发布"})
    assert "已发布" in b.state_tag()
    b.d.get(b.d.find_element(By.PARTIAL_LINK_TEXT, "（打印）").get_attribute("href"))
    assert "XFTS" in b.text() and "广大消费者" in b.text(), b.text()[:300]
    b.shot("risk-11-alert-document")
    b.d.get(url)
    b.logout()

    b.get("/public/results")
    b.d.find_element(By.ID, "public-alerts-link").click()
    assert title in b.d.find_element(By.ID, "public-alerts").text
    b.d.find_element(By.LINK_TEXT, title).click()
    assert "浦东新区市场监督管理局" in b.text() and "无品牌改装电池" in b.d.find_element(By.ID, "public-alert").text
    b.shot("risk-12-public-alert")


@test
def the_institute_records_a_monitoring_sample_and_reports_its_finding(b):
    """SPEC RK-6: 市质检院 records a sample under the city's plan (a sampling day in the future is refused in
    Chinese), enters results with a finding and reports it; the city finds the risk item it made, source 风险监测;
    nothing about it is on the portal."""
    sample = f"浏览器测试充电器{int(time.time()) % 100000}"
    b.login("agency")
    b.get("/monitoring-plans")
    b.d.find_element(By.XPATH, "//tr[contains(., '电动自行车充电器')]//a").click()
    assert "监测项目" in b.d.find_element(By.ID, "list-summary").text
    b.shot("risk-13-monitoring-plan")
    b.d.find_element(By.LINK_TEXT, "登记监测批次").click()
    fill(b, {"source": "浏览器测试网店", "sampleName": sample, "sampledOn": "2099-01-01"})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "抽样日期不能晚于今天" in b.text(), b.text()[:300]
    # The UTC day is never after Beijing's, the server's today.
    fill(b, {"sampledOn": datetime.datetime.now(datetime.timezone.utc).date().isoformat()})
    b.submit(b.d.find_element(By.ID, "save"))
    assert "已抽样" in b.state_tag(), b.text()[:300]
    step(b, "录入检测结果", {"results": "浏览器测试：输出过压保护未动作，输出电压升至59.8V", "finding": "yes",
                       "findingText": "浏览器测试：过压保护失效，持续过充可致起火"})
    step(b, "报送风险信息", {"hazard": "fire", "severity": "4", "probability": "1/10000"})
    assert "已报送风险信息" in b.state_tag()
    b.shot("risk-14-monitoring-reported")
    b.logout()

    b.login("city")
    b.get("/risk-items?source=monitoring")
    b.d.find_element(By.XPATH, "//table[@id='record-list']//a").click()
    assert sample in b.text() and "风险监测" in b.text(), b.text()[:400]
    b.logout()
    b.get("/public/results?q=" + sample)
    assert sample not in b.d.find_element(By.ID, "public-results").text
