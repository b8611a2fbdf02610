"""Files as the bureau's people have them (issue 22): CSV that Excel and WPS save on Chinese Windows (GBK, GB18030),
XLSX written by openpyxl, xlsxwriter and LibreOffice, each made here and imported through the import page; and
every XLSX the system writes, opened by LibreOffice (converted headless to CSV) and compared with what was written."""
import csv
import datetime
import shutil
import subprocess
import urllib.parse

import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment

from harness import *  # noqa: F401,F403 (the harness is this folder's shared vocabulary)

HEADER = ["统一社会信用代码", "企业名称", "注册地址", "企业类型", "企业规模", "许可证有效期至", "联系电话"]


def enterprises(tag, count, district="310117", place="松江区"):
    """Rows of new enterprises, with names that say which file they came from (tags in the USCC alphabet)."""
    stamp = time.strftime("%H%M%S")
    return [[uscc(f"91{district}MA{tag}{stamp[2:6]}{i}"), f"上海{tag}文件{stamp}{i}（集团）有限公司",
             f"上海市{place}九亭镇涞寅路{i}号", "生产", "小型", "2027-06-30", "13812345678"] for i in range(count)]


def upload(b, path, kind="enterprises", sheet=""):
    """Imports through the page as a person does; returns the result page's summary."""
    b.get(f"/import?kind={kind}")
    Select(b.d.find_element(By.ID, "import-kind")).select_by_value(kind)
    b.d.find_element(By.ID, "import-file").send_keys(path)
    if sheet:
        b.d.find_element(By.ID, "import-sheet").send_keys(sheet)
    b.d.find_element(By.ID, "import-submit").click()
    WebDriverWait(b.d, 120).until(lambda d: d.find_elements(By.ID, "import-summary") or
                                  d.find_element(By.ID, "import-error").is_displayed())
    found = b.d.find_elements(By.ID, "import-summary")
    if not found:
        return b.d.find_element(By.ID, "import-error").text
    issues = b.d.find_elements(By.ID, "import-issues")
    return found[0].text + ("\n" + issues[0].text if issues else "")


def temp_path(suffix):
    return tempfile.NamedTemporaryFile(suffix=suffix, delete=False).name


def soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice(files, target, out):
    """Converts files with LibreOffice, headless, in one run; returns the converted paths in the same order."""
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target, "--outdir", out] + files,
                   check=True, capture_output=True, timeout=300)
    extension = target.split(":")[0]
    return [os.path.join(out, os.path.splitext(os.path.basename(f))[0] + "." + extension) for f in files]


def enterprise_page_text(b, row):
    """The enterprise's page, found by its code in the list."""
    b.get("/enterprises?q=" + urllib.parse.quote(row[0]))
    b.submit(b.d.find_element(By.CSS_SELECTOR, "table.data tbody a"))
    return b.text()


@test
def csv_saved_as_gbk_or_gb18030_is_imported_and_other_encodings_are_refused(b):
    b.login("city")
    for encoding, tag in [("gbk", "GK"), ("gb18030", "GB"), ("utf-8-sig", "UB"), ("utf-8", "U8")]:
        rows = enterprises(tag, 2)
        if encoding == "gb18030":
            rows[0][1] = rows[0][1].replace("上海", "上海𠀀")  # four bytes in GB18030, absent from GBK
        path = temp_path(".csv")
        with open(path, "w", encoding=encoding, newline="") as f:  # Python's codecs, as Windows writes the file
            f.write("\r\n".join(",".join(r) for r in [HEADER] + rows) + "\r\n")
        summary = upload(b, path)
        assert "新增2条" in summary, (encoding, summary)
        if encoding == "gbk":
            b.shot("import-gbk-csv")
        text = enterprise_page_text(b, rows[0])
        assert rows[0][1] in text and "松江区" in text and "2027-06-30" in text, (encoding, text)
    path = temp_path(".csv")
    with open(path, "wb") as f:
        f.write(",".join(HEADER).encode("utf-8") + b"\n\x80\xff,caf\xe9\n")
    summary = upload(b, path)
    assert "文件编码无法识别" in summary and "GBK" in summary, summary
    b.shot("import-unknown-encoding")


def openpyxl_file(rows, path):
    """A workbook as a bureau's clerk makes one: a merged title over the header, codes typed as text, the expiry
    date a real date, the phone a number, a rich-text name, and trailing empty but formatted rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "企业名录"
    sheet.append(["2026年企业名录（附件1）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row[:5] + [datetime.date(2027, 6, 30), 13812345678])
        sheet.cell(row=sheet.max_row, column=6).number_format = "yyyy/m/d"
    sheet.cell(row=3, column=2).value = CellRichText([TextBlock(InlineFont(b=True), rows[0][1][:2]), rows[0][1][2:]])
    for r in range(sheet.max_row + 1, sheet.max_row + 20):
        sheet.cell(row=r, column=1).number_format = "@"
    book.save(path)


def xlsxwriter_file(rows, path):
    """A workbook with an instructions sheet first, the data on a second sheet, the 1904 date system, a rich string
    and numbers stored as text."""
    book = xlsxwriter.Workbook(path, {"date_1904": True, "strings_to_numbers": False})
    notes = book.add_worksheet("填表说明")
    notes.write(0, 0, "每行一家企业；统一社会信用代码请设为文本格式")
    data = book.add_worksheet("数据")
    bold = book.add_format({"bold": True})
    date = book.add_format({"num_format": "yyyy\"年\"m\"月\"d\"日\""})
    for c, heading in enumerate(HEADER):
        data.write_string(0, c, heading, bold)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row[:5]):
            data.write_string(r, c, value)
        data.write_datetime(r, 5, datetime.datetime(2027, 6, 30), date)
        data.write_string(r, 6, row[6])
    data.write_rich_string(1, 1, bold, rows[0][1][:2], rows[0][1][2:])
    book.close()


@test
def xlsx_from_openpyxl_xlsxwriter_and_libreoffice_is_imported(b):
    b.login("city")
    made = []
    rows = enterprises("PY", 3)
    path = temp_path(".xlsx")
    openpyxl_file(rows, path)
    made.append(("openpyxl", path, rows, ""))
    rows = enterprises("XW", 2)
    path = temp_path(".xlsx")
    xlsxwriter_file(rows, path)
    made.append(("xlsxwriter", path, rows, ""))
    # LibreOffice writes its own XLSX (its own styles, number formats and shared strings): a clerk's file re-saved.
    rows = enterprises("LB", 2)
    source = os.path.join(tempfile.mkdtemp(), "libreoffice-source.xlsx")
    openpyxl_file(rows, source)
    out = tempfile.mkdtemp()
    converted = libreoffice([source], "xlsx:Calc MS Excel 2007 XML", out)[0]
    made.append(("LibreOffice", converted, rows, "企业名录"))
    for writer, path, rows, sheet in made:
        summary = upload(b, path, sheet=sheet)
        assert f"新增{len(rows)}条" in summary, (writer, summary)
        b.shot(f"import-xlsx-{writer.lower()}")
        text = enterprise_page_text(b, rows[0])
        assert "2027-06-30" in text and "13812345678" in text and "松江区" in text, (writer, text)
    # A USCC that the spreadsheet holds as a number has lost its last digits: refused, naming the cell.
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append([913100001322003401, "上海数字代码有限公司", "上海市松江区1号", "生产", "小型", "", ""])
    path = temp_path(".xlsx")
    book.save(path)
    summary = upload(b, path)
    assert "科学计数法" in summary and "A2" in summary, summary
    b.shot("import-uscc-as-number")


def xlsx_links(b, pages=None):
    """Every XLSX download the pages offer: the lists and exports of each area, and one of each kind of record page
    that offers its own (a campaign's monthly form, a task's results template)."""
    pages = pages or ["/enterprises", "/products", "/agencies", "/agency-contracts", "/inspectors", "/experts", "/expert-conflicts",
             "/national-plan", "/licences", "/batches", "/stats", "/risk-map", "/risk-items", "/alerts", "/monitoring-batches",
             "/campaigns", "/campaign-inspections", "/problem-items", "/assistance-cases", "/assistance-activities",
             "/assistance-clusters", "/assistance/report", "/leads", "/cases", "/letters", "/officers", "/tasks", "/import"]
    follow = ["/campaigns/", "/forms/", "/tasks/"]
    links, seen = set(), set()

    def collect(page, depth):
        if page in seen:
            return
        seen.add(page)
        b.get(page)
        nested = []
        for a in b.d.find_elements(By.CSS_SELECTOR, "a[href]"):
            href = a.get_attribute("href") or ""
            if not href.startswith(BASE):
                continue
            if "xlsx" in href:
                links.add(href)
            path = urllib.parse.urlparse(href).path
            if depth < 2 and any(f in path for f in follow) and re.search(r"/\d+", path) and "/act/" not in path:
                nested.append(path)
        # Two of each kind of record page; more of the tasks, since only one awaiting results offers the template.
        newest = sorted(set(nested), key=lambda p: [int(n) for n in re.findall(r"\d+", p)], reverse=True)
        for path in newest[:12 if page == "/tasks" else 2]:
            collect(path, depth + 1)
    for page in pages:
        collect(page, 0)
    return sorted(links)


@test
def every_xlsx_the_system_writes_opens_in_libreoffice(b):
    folder = tempfile.mkdtemp(prefix="xlsx-written-")
    files, written, links = [], {}, []
    # The city sees every area; an agency's task page offers the results template.
    for username, pages in [("city", None), ("agency", ["/tasks"])]:
        b.login(username)
        found = xlsx_links(b, pages)
        cookies = b.cookies()
        links += found
        for link in found:
            response = requests.get(link, cookies=cookies, timeout=120)
            if response.status_code == 400:  # an export that asks for a narrower filter (too many rows for XLSX)
                continue
            assert response.status_code == 200 and response.content[:2] == b"PK", (link, response.status_code)
            path = os.path.join(folder, f"export-{len(files)}.xlsx")
            with open(path, "wb") as f:
                f.write(response.content)
            files.append(path)
            sheet = openpyxl.load_workbook(path).active
            written[path] = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        b.logout()
    assert len(files) >= 20 and any("results-template" in link for link in links), links
    converted = libreoffice(files, "csv:Text - txt - csv (StarCalc):44,34,76,1", tempfile.mkdtemp(prefix="xlsx-csv-"))
    for path, csv_path in zip(files, converted):
        with open(csv_path, encoding="utf-8") as f:
            opened = [row for row in csv.reader(f)]
        expected = written[path]
        width = max([len(r) for r in expected] + [len(r) for r in opened] + [0])
        pad = lambda rows: [r + [""] * (width - len(r)) for r in rows]  # noqa: E731
        trim = lambda rows: [r for r in rows if any(c != "" for c in r)]  # noqa: E731
        assert trim(pad(opened)) == trim(pad(expected)), (path, opened[:3], expected[:3])
    print(f"  {len(files)} XLSX downloads opened in LibreOffice: {', '.join(sorted({urllib.parse.urlparse(l).path for l in links}))}")
