"""Statistics, the enterprise archive and the public portal with its open API."""
import os
import sys

from harness import *  # noqa: F401,F403 (the harness is this folder's shared vocabulary)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Draw"))
import verify_draw  # noqa: E402 (the outside verifier, written from the published method alone)


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
    assert "候选名单承诺" in b.text() and "随机种子" in b.text() and "PZ-DRAW-2 result" in b.text()
    b.shot("public-draw")
    # An outside verifier, written from the method alone, recomputes this draw from the portal's published texts.
    draw_id = int(b.d.current_url.rstrip("/").split("/")[-1])
    problems = verify_draw.verify_public(BASE, draw_id)
    assert problems == [], problems
    b.d.find_element(By.PARTIAL_LINK_TEXT, "/public/draw-commitments/").click()
    assert "承诺全文" in b.text() and "PZ-DRAW-2 commitment" in b.text()
    b.shot("public-draw-commitment")
    b.get("/public/draw-method")
    assert "测试向量" in b.text()
    b.shot("public-draw-method")
    assert verify_draw.check_vectors(requests.get(BASE + "/public/draw-method.txt", timeout=30).content.decode("utf-8")) == []
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


@test
def an_enterprise_checks_its_draw_proof_on_the_portal(b):
    """Issue 16 item 4: the enterprise takes its leaf, salt and path from its own account and the portal's checker,
    computing in the browser alone, confirms it was in the committed list and whether it was drawn."""
    b.login("enterprise")
    b.get("/draw-proofs")
    assert "抽取证明" in b.text()
    b.shot("enterprise-draw-proofs")
    links = b.d.find_elements(By.CSS_SELECTOR, "a.check-link")
    assert links, "the demo enterprise was a candidate of a draw whose result is public"
    outcome = b.d.find_element(By.CSS_SELECTOR, "section.proof h2").text
    b.d.get(links[0].get_attribute("href"))
    b.d.find_element(By.ID, "check-proof").click()
    result = b.d.find_element(By.ID, "check-result").text
    assert "确在该次承诺的候选名单中" in result, result
    if "被抽中" in outcome and "未被抽中" not in outcome:
        assert "结果：被抽中" in result, result
    elif "未被抽中" in outcome:
        assert "结果：未被抽中" in result, result
    b.shot("public-draw-check-ok")
    # One changed character of the leaf and the proof no longer holds.
    text = b.d.find_element(By.NAME, "text")
    altered = text.get_attribute("value").replace("|A|", "|B|") if "|A|" in text.get_attribute("value") else text.get_attribute("value") + "0"
    text.clear()
    text.send_keys(altered)
    b.d.find_element(By.ID, "check-proof").click()
    assert "证明不成立" in b.d.find_element(By.ID, "check-result").text
    b.shot("public-draw-check-altered")
    b.logout()
