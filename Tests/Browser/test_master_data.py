"""Master data: an enterprise form with its USCC check, imports that write all or nothing, exports, the
catalogue, audit and error pages, the calendar and rule pages."""
from harness import *  # noqa: F401,F403 (the harness is this folder's shared vocabulary)


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
def calendar_and_rules_pages(b):
    b.login("admin")
    b.get("/calendar?from=2025-09-30&n=1")
    assert "2025-10-09" in b.d.find_element(By.ID, "calc-answer").text
    b.shot("calendar")
    b.get("/rules")
    assert "异议申请期限" in b.text()
    b.shot("rules")


def confirming(b):
    """Forms with data-confirm ask with window.confirm; the test answers yes."""
    b.d.execute_script("window.confirm = function () { return true; };")


@test
def a_duplicate_enterprise_is_compared_merged_and_the_merge_undone(b):
    b.login("admin")
    stamp = time.strftime("%H%M%S")
    ids, codes = [], []
    for i, name in enumerate(["上海合并测试机械有限公司", "上海合并测试机械股份有限公司"]):
        b.get("/enterprises/new")
        code = uscc(f"91310117MA1M{stamp[2:6]}{i}")
        b.d.find_element(By.ID, "f-uscc").send_keys(code)
        b.d.find_element(By.ID, "f-name").send_keys(name + stamp)
        b.d.find_element(By.ID, "f-address").send_keys("上海市松江区合并路1号")
        b.submit(b.d.find_element(By.ID, "save"))
        ids.append(int(re.search(r"/enterprises/(\d+)", b.d.current_url).group(1)))
        codes.append(code)
    b.get(f"/enterprises/{ids[0]}")
    b.submit(b.d.find_element(By.ID, "merges-link"))
    assert "暂无合并记录" in b.text()
    b.submit(b.d.find_element(By.ID, "merge-link"))
    b.d.find_element(By.ID, "into").send_keys(codes[1])
    b.submit(b.d.find_element(By.CSS_SELECTOR, "#merge-find button"))
    compare = b.d.find_element(By.ID, "merge-compare").text
    assert "上海合并测试机械有限公司" in compare and "上海合并测试机械股份有限公司" in compare, compare
    b.shot("enterprise-merge-compare")
    b.d.find_element(By.ID, "reason").send_keys("同一企业的重复登记（更名前后）")
    confirming(b)
    b.submit(b.d.find_element(By.ID, "merge-submit"))
    assert "已合并" in b.text() and "同一企业的重复登记" in b.d.find_element(By.ID, "merge-history").text
    b.shot("enterprise-merge-history")
    b.get(f"/enterprises/{ids[0]}")
    assert "本记录已合并" in b.text() and "已停用" in b.text()
    b.shot("enterprise-merged-record")
    b.submit(b.d.find_element(By.CSS_SELECTOR, "#merged-into a"))
    assert f"/enterprises/{ids[1]}" in b.d.current_url
    history = b.text()
    assert "并入企业上海合并测试机械有限公司" in history, history
    b.get(f"/enterprises/{ids[0]}/merges")
    b.d.find_element(By.ID, "unmerge-reason").send_keys("两家实为不同企业")
    confirming(b)
    b.submit(b.d.find_element(By.ID, "unmerge-submit"))
    table = b.d.find_element(By.ID, "merge-history").text
    assert "已撤销合并" in b.text() and "撤销合并" in table and "（已撤销）" in table, table
    b.shot("enterprise-merge-undone")
    b.get(f"/enterprises/{ids[0]}")
    assert "本记录已合并" not in b.text() and "已停用" not in b.text()
