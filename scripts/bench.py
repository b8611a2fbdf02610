#!/usr/bin/env python3
"""Pinzhi's benchmarks (issue 6), each beside a reference tool run in the same session on the same machine.

Called by scripts/bench, which installs the tools, builds the release binaries and starts PostgreSQL. Every figure
is a median of at least 5 runs (latency percentiles come from many requests); results go to
Benchmarks/results/results-<scale>.json and BENCHMARKS.md is rebuilt from every scale measured so far.
"""
import argparse
import atexit
import csv
import datetime
import json
import os
import platform
import random
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import duckdb
import requests

# The reliability tests' helpers (a free port) serve the benchmarks too.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Reliability"))
from harness import free_port  # noqa: E402

SCALES = {"S": (10_000, 50_000), "M": (100_000, 500_000), "L": (1_000_000, 5_000_000)}
TODAY = "2026-11-24"
YEAR = 2026
RUNS = 7


def log(message):
    print(f"==> {message}", flush=True)


def timed(fn, runs=RUNS, warm_up=True):
    """Runs fn `runs` times (after one warm-up unless told not to) and returns the median seconds."""
    if warm_up:
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Server:
    def __init__(self, binary, database, files, extra=()):
        self.port = free_port()
        self.log = open(os.path.join(files, f"server-{self.port}.log"), "w")
        self.proc = subprocess.Popen([binary, "serve", "--database", database, "--port", str(self.port), "--files", files,
                                      "--public-rate-limit", "0", *extra], stdout=self.log, stderr=subprocess.STDOUT,
                                     env={**os.environ, "PINZHI_LOG_LEVEL": "warning"})
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(600):
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError("the server did not start")

    def wait_quiet(self, most_s=300):
        """Until the server's start-up work is over: it recomputes every enterprise's credit class when it starts
        (about 15 s at L, two cores' worth), which nothing measured should share the machine with. Quiet is under a
        fifth of a core for 15 s."""
        def cpu_ticks():
            with open(f"/proc/{self.proc.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])
        ticks, quiet, waited = cpu_ticks(), 0, 0
        while quiet < 3 and waited < most_s:
            time.sleep(5)
            waited += 5
            now = cpu_ticks()
            quiet = quiet + 1 if now - ticks < 100 else 0
            ticks = now

    def rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def login(base, username="city", password="Pinzhi@2026"):
    session = requests.Session()
    page = session.get(base + "/login").text
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    answer = session.post(base + "/login", data={"_csrf": token, "username": username, "password": password}, allow_redirects=False)
    assert answer.status_code == 303, answer.text[:300]
    return session


def api_token(binary, database):
    out = subprocess.run([binary, "token", "create", "--database", database, "--user", "city", "--name", "bench"],
                         check=True, capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1]


# --- Statistics: product x district x year with the year before -------------------------------------------------

GROUP_BY_SQL = f"""
SELECT b.product_id, b.enterprise_district, pl.year, COUNT(*) AS tested,
       SUM(CASE WHEN b.verdict = 'fail' THEN 1 ELSE 0 END) AS failed
FROM batches b JOIN plans pl ON pl.id = b.plan_id
WHERE b.verdict IS NOT NULL AND pl.year IN ({YEAR}, {YEAR - 1})
GROUP BY b.product_id, b.enterprise_district, pl.year
"""


def stats_benchmark(server, token, sqlite_file, work):
    url = f"{server.base}/api/v1/stats/rates?groupBy=product&groupBy=district&year={YEAR}"
    # One keep-alive connection, as any API client would hold; the first request is the one that reads the rollup,
    # the timed ones after it are answered from what the server keeps until the next write.
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    start = time.perf_counter()
    session.get(url, timeout=120).raise_for_status()
    first = time.perf_counter() - start
    ours = timed(lambda: session.get(url, timeout=120).raise_for_status())
    answer = session.get(url, timeout=120).json()
    mine = {(c["keys"][0], c["keys"][1]): (c["tested"], c["failed"], c["previousTested"], c["previousFailed"]) for c in answer["cells"]}

    # DuckDB over Parquet exported from the raw tables (the export is not timed).
    parquet = os.path.join(work, "parquet")
    if not os.path.isdir(parquet):
        os.makedirs(parquet)
        con = duckdb.connect()
        for table, columns in [("batches", "id, plan_id, product_id, enterprise_district, verdict"), ("plans", "id, year")]:
            csv_path = os.path.join(work, f"{table}.csv")
            with open(csv_path, "w") as out:
                subprocess.run(["sqlite3", "-csv", "-header", sqlite_file, f"SELECT {columns} FROM {table}"], check=True, stdout=out)
            # District codes look like numbers; they are text in the database and stay text here.
            types = "{'enterprise_district': 'VARCHAR', 'verdict': 'VARCHAR'}" if table == "batches" else "{}"
            con.execute(f"COPY (SELECT * FROM read_csv_auto('{csv_path}', types={types})) TO '{parquet}/{table}.parquet' (FORMAT PARQUET)")
        con.close()
    con = duckdb.connect()
    duck_sql = GROUP_BY_SQL.replace("batches b", f"read_parquet('{parquet}/batches.parquet') b").replace(
        "plans pl", f"read_parquet('{parquet}/plans.parquet') pl")
    duck = timed(lambda: con.execute(duck_sql).fetchall())
    rows = con.execute(duck_sql).fetchall()
    con.close()
    reference = {}
    for product, district, year, tested, failed in rows:
        cell = reference.setdefault((str(product), str(district)), [0, 0, 0, 0])
        if year == YEAR:
            cell[0], cell[1] = tested, failed
        else:
            cell[2], cell[3] = tested, failed
    reference = {k: tuple(v) for k, v in reference.items() if v[0] > 0}
    assert mine == reference, "the endpoint's figures differ from DuckDB's over the raw table"

    sqlite_cli = timed(lambda: subprocess.run(["sqlite3", sqlite_file, GROUP_BY_SQL], check=True, capture_output=True), runs=5)
    return {"endpoint_s": ours, "endpoint_first_s": first, "duckdb_s": duck, "sqlite3_s": sqlite_cli, "cells": len(mine),
            "vs_duckdb": duck / ours, "vs_sqlite3": sqlite_cli / ours}


# --- Lists: enterprise search by name fragment and by USCC prefix -----------------------------------------------

def list_benchmark(server, token, sqlite_file, requests_per_kind=200):
    headers = {"Authorization": f"Bearer {token}"}
    db = sqlite3.connect(sqlite_file)
    rng = random.Random(7)
    names = [r[0] for r in db.execute("SELECT name FROM enterprises ORDER BY id LIMIT 5000")]
    codes = [r[0] for r in db.execute("SELECT uscc FROM enterprises ORDER BY id LIMIT 5000")]
    db.close()
    out = {}
    for kind, make in [("name", lambda: (lambda n: n[2 + rng.randrange(max(len(n) - 5, 1)):][:2])(rng.choice(names))),
                       ("uscc", lambda: rng.choice(codes)[:10])]:
        samples = []
        session = requests.Session()
        for _ in range(requests_per_kind):
            term = make()
            start = time.perf_counter()
            r = session.get(f"{server.base}/api/v1/enterprises", params={"q": term, "limit": 20}, headers=headers, timeout=60)
            samples.append(time.perf_counter() - start)
            r.raise_for_status()
        out[kind] = {"p50_ms": percentile(samples, 50) * 1000, "p99_ms": percentile(samples, 99) * 1000, "requests": len(samples)}
    return out


# --- Draw: the largest stored draw, and its verification --------------------------------------------------------

def draw_benchmark(binary, database, sqlite_file):
    """The largest stored task draw verified by the CLI, and what the draw records keep per candidate (issue 21 item 3:
    the commitments' private part and leaves, the draws' own candidate JSON of draws made before PZ-DRAW-2)."""
    db = sqlite3.connect(sqlite_file)
    rows = db.execute("SELECT d.id, c.commitment_text FROM draws d JOIN draw_commitments c ON c.id = d.commitment_id "
                      "WHERE d.purpose = 'enterprises'").fetchall()
    draw_id, candidates = max(((i, int(re.search(r"^candidates=(\d+)$", t, re.M).group(1))) for i, t in rows), key=lambda r: r[1])
    stored, = db.execute("SELECT SUM(LENGTH(CAST(private_json AS BLOB)) + LENGTH(CAST(leaves_text AS BLOB)) "
                         "+ COALESCE(LENGTH(CAST(private_packed AS BLOB)), 0)) FROM draw_commitments").fetchone()
    listed = sum(int(re.search(r"^candidates=(\d+)$", t, re.M).group(1)) for t, in db.execute("SELECT commitment_text FROM draw_commitments"))
    db.close()
    verify = timed(lambda: subprocess.run([binary, "draw", "verify", str(draw_id), "--database", database], check=True,
                                          capture_output=True), runs=5)
    return {"draw_id": draw_id, "candidates": candidates, "verify_s": verify, "stored_bytes": stored or 0, "stored_candidates": listed}


def synthetic_draw_benchmark(binary, candidates=1_000_000):
    """The draw over a million candidates, in memory (the database's part is in the verify figures above)."""
    out = subprocess.run([binary, "draw", "benchmark", "--candidates", str(candidates), "--runs", "5"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# --- Import: enterprises from CSV against sqlite3's .import ------------------------------------------------------

class Generation:
    """`pinzhi generate` of one database, started at once and waited for later; its time ends when it does."""
    def __init__(self, binary, database, enterprises, batches, work, name):
        log(f"{name}: generating {enterprises} enterprises, {batches} batches planned")
        self.name = name
        self.out, self.err = (open(os.path.join(work, f"generate-{name}.{x}"), "w+") for x in ("out", "err"))
        self.start = time.perf_counter()
        self.proc = subprocess.Popen([binary, "generate", "--database", database, "--enterprises", str(enterprises), "--years", "5",
                                      "--batches", str(batches), "--today", TODAY], stdout=self.out, stderr=self.err, text=True)
        self.end = None
        self.waiter = threading.Thread(target=self._wait)
        self.waiter.start()

    def _wait(self):
        self.proc.wait()
        self.end = time.perf_counter()

    def wait(self):
        self.waiter.join()
        self.out.seek(0)
        self.err.seek(0)
        out, err = self.out.read(), self.err.read()
        if self.proc.returncode != 0:
            sys.stderr.write(out + err)
            raise SystemExit(f"pinzhi generate failed on {self.name} (exit {self.proc.returncode})")
        # Each phase with its time (the generator's log lines), kept with the figures to show where generation goes.
        return {"generate_s": self.end - self.start, "generate_output": out.strip().splitlines()[-1],
                "generate_phases": err.strip().splitlines()}


def import_benchmark(binary, rows, work, pg_url=None):
    path = os.path.join(work, f"import-{rows}.csv")
    header = ["统一社会信用代码", "企业名称", "所属区", "注册地址", "企业类型", "企业规模", "信用风险分类"]
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    def uscc(first17):
        total = sum(alphabet.index(c) * w for c, w in zip(first17, weights))
        return first17 + alphabet[(31 - total % 31) % 31]

    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for i in range(rows):
            district = ["310114", "310115", "310117", "310112"][i % 4]
            w.writerow([uscc(f"91{district}{800_000_000 + i}"), f"上海导入测试{i}号制造有限公司", district, f"上海市测试路{i % 3000 + 1}号",
                        "生产", "小型", "B"])

    def ours_once():
        target = os.path.join(work, "import-target.sqlite")
        for suffix in ["", "-wal", "-shm"]:
            if os.path.exists(target + suffix):
                os.remove(target + suffix)
        subprocess.run([binary, "migrate", "--database", target], check=True, capture_output=True)
        subprocess.run([binary, "import", "enterprises", path, "--database", target], check=True, capture_output=True)

    def reference_once():
        target = os.path.join(work, "import-plain.sqlite")
        if os.path.exists(target):
            os.remove(target)
        subprocess.run(["sqlite3", target, ".import --csv " + path + " plain"], check=True, capture_output=True)

    def indexed_once():
        """sqlite3 .import into a table with the enterprises' indexes on the file's columns (issue 21 item 4): the code
        unique, the name, the district and the credit class."""
        target = os.path.join(work, "import-indexed.sqlite")
        if os.path.exists(target):
            os.remove(target)
        columns = ", ".join(f'"{c}" TEXT' + (" NOT NULL UNIQUE" if i == 0 else "") for i, c in enumerate(header))
        subprocess.run(["sqlite3", target, f"CREATE TABLE e ({columns}); CREATE INDEX e_name ON e (\"{header[1]}\"); "
                        f"CREATE INDEX e_district ON e (\"{header[2]}\"); CREATE INDEX e_class ON e (\"{header[6]}\");"], check=True, capture_output=True)
        subprocess.run(["sqlite3", target, ".import --csv --skip 1 " + path + " e"], check=True, capture_output=True)

    # Each run starts from a new file, so there is nothing to warm up; at L a warm-up would cost minutes.
    ours = timed(ours_once, runs=5, warm_up=False)
    reference = timed(reference_once, runs=5, warm_up=False)
    indexed = timed(indexed_once, runs=5, warm_up=False)
    return {"rows": rows, "ours_s": ours, "sqlite3_import_s": reference, "ours_rows_per_s": rows / ours,
            "sqlite3_rows_per_s": rows / reference, "ratio": (rows / ours) / (rows / reference),
            "sqlite3_indexed_s": indexed, "ratio_indexed": indexed / ours}


# --- HTTP: wrk on a public result page and a signed-in workbench, against a hello server -------------------------

def wrk(url, headers=(), seconds=30, connections=32):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    for h in headers:
        cmd[1:1] = ["-H", h]
    return wrk_figures(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def wrk_figures(out):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = 0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(x) for x in socket_errors.groups())
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        errors += int(non2xx.group(1))
    return {"rps": rps, "p99_ms": float(p99.group(1)) * scale, "errors": errors}


MIX_LUA = """
-- A mix of the pages people open: the portal's list, notices, statistics and draw records, and the workbench.
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


# The signed-in pages of the mix besides the portal (issue 21 item 1): the workbench, the dashboard, the lists of
# batches, campaigns, problem items, leads, cases, letters, risk items and assistance cases, and the risk map.
SIGNED_IN_PAGES = ["/", "/stats", "/batches", "/campaigns", "/problem-items", "/leads", "/cases", "/letters", "/risk-items",
                   "/risk-map", "/assistance-cases"]


def signed_in_pages(server):
    """The signed-in pages, with the generated campaign's monthly form of a district and of the city (September)."""
    campaigns = login(server.base).get(f"{server.base}/api/v1/campaigns", timeout=30).json()["items"]
    forms = [f"/campaigns/{c['id']}/forms/{c['year']}-09{q}" for c in campaigns[:1] for q in ("?district=310115", "")]
    return SIGNED_IN_PAGES + forms


def mix_paths(server):
    items = requests.get(f"{server.base}/api/v1/public/results?limit=20", timeout=30).json()["items"]
    return ["/public/results", "/public/stats"] + signed_in_pages(server) + [f"/public/results/{r['id']}" for r in items]


def signed_in_cookie(server, paths=()):
    """The city supervisor's session cookie, after checking that each path answers it 200 (an error page is fast)."""
    session = login(server.base)
    for path in paths:
        answer = session.get(server.base + path, timeout=60, allow_redirects=False)
        assert answer.status_code == 200, f"{path}: {answer.status_code}"
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def wrk_mix(base, cookie, script, connections, seconds):
    return ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s", "-s", script, "-H", f"Cookie: {cookie}", base]


def mixed_load(server, work, seconds=60):
    """Issue 7 item 9, widened by issue 21 item 1: a bounded wrk run over a mix of pages, signed in: errors and p99."""
    paths = mix_paths(server)
    script = os.path.join(work, "mix.lua")
    with open(script, "w") as f:
        f.write(MIX_LUA % ", ".join(f'"{p}"' for p in paths))
    cookie = signed_in_cookie(server, paths)
    out = subprocess.run(wrk_mix(server.base, cookie, script, 16, seconds), check=True, capture_output=True, text=True).stdout
    return {**wrk_figures(out), "pages": len(paths), "rss_mib": server.rss_mib()}


def pages_alone(server, seconds=10):
    """Issue 21 item 1: each signed-in page of the mix alone, wrk 2×8: its p99 (target under 50 ms at L)."""
    pages = signed_in_pages(server)
    cookie = signed_in_cookie(server, pages)
    return {path: wrk(server.base + path, (f"Cookie: {cookie}",), seconds=seconds, connections=8) for path in pages}


# The pages of figures as the first visitor after a write sees them (issue 21 item 5): a sign-in is a write (its
# session), which empties the server's ReadCache, so the page after it is computed from the database.
COLD_PAGES = ["/risk-map", "/stats", "/"]


def cold_pages(server, runs=5):
    """Each page of figures right after a write (a new sign-in): the median and the worst of `runs`, in ms."""
    paths = COLD_PAGES + [f for f in signed_in_pages(server) if "/forms/" in f]
    out = {}
    for path in paths:
        samples = []
        for _ in range(runs):
            session = login(server.base)
            start = time.perf_counter()
            answer = session.get(server.base + path, timeout=120)
            samples.append((time.perf_counter() - start) * 1000)
            assert answer.status_code == 200, f"{path}: {answer.status_code}"
        out[path] = {"median_ms": statistics.median(samples), "max_ms": max(samples)}
    return out


def credit_recompute(binary, database):
    """`pinzhi risk credit`: every active enterprise's credit class recomputed (issue 21 item 5, target under 60 s at
    L), the process's whole run; right after generation nothing should move."""
    start = time.perf_counter()
    out = subprocess.run([binary, "risk", "credit", "--database", database], check=True, capture_output=True, text=True).stdout
    return {"seconds": time.perf_counter() - start, "output": out.strip().splitlines()[-1]}


def two_servers(binary, database, files, work, first, seconds=60):
    """Issue 21 item 6: a second app server on the same database, the mixed load split between the two by the client
    (one wrk each, 2×8 connections, at the same time): their sum, the worse p99, the errors, each server's RSS."""
    second = Server(binary, database, files)
    second.wait_quiet()
    try:
        script = os.path.join(work, "mix.lua")
        # Each session warmed on every page as `mixed_load` warms its own; cold, each server computed the figures'
        # pages with all its connections waiting (hand run at PostgreSQL L: 255 req/s, p99 6.1 s, against 764 req/s,
        # p99 668 ms warmed).
        paths = mix_paths(first)
        runs = [subprocess.Popen(wrk_mix(s.base, signed_in_cookie(s, paths), script, 8, seconds), stdout=subprocess.PIPE, text=True)
                for s in (first, second)]
        figures = [wrk_figures(run.communicate()[0]) for run in runs]
        return {"rps": sum(f["rps"] for f in figures), "p99_ms": max(f["p99_ms"] for f in figures),
                "errors": sum(f["errors"] for f in figures), "per_server_rps": [f["rps"] for f in figures],
                "rss_mib": [first.rss_mib(), second.rss_mib()]}
    finally:
        second.stop()


def http_benchmark(server, hello_binary, seconds):
    port = free_port()
    hello = subprocess.Popen([hello_binary, str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                requests.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.1)
        reference = wrk(f"http://127.0.0.1:{port}/", seconds=seconds)
    finally:
        hello.terminate()
        hello.wait()
    public = requests.get(f"{server.base}/api/v1/public/results?limit=1", timeout=30).json()["items"][0]["id"]
    session = login(server.base)
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    out = {"hello": reference}
    for name, url, headers in [("public_result", f"{server.base}/public/results/{public}", ()),
                               ("workbench", f"{server.base}/", (f"Cookie: {cookie}",))]:
        runs = []
        for _ in range(3):
            figures = wrk(url, headers, seconds=seconds)
            figures["rss_mib"] = server.rss_mib()
            runs.append(figures)
        best = sorted(runs, key=lambda r: r["rps"])[1]
        out[name] = {**best, "rss_runs_mib": [r["rss_mib"] for r in runs], "errors": sum(r["errors"] for r in runs),
                     "ratio": best["rps"] / reference["rps"]}
    return out


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores, {cpu}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="S", choices=SCALES)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--hello", required=True)
    parser.add_argument("--pg-url", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--http-seconds", type=int, default=30)
    parser.add_argument("--started", type=float, default=None, help="when scripts/bench started (the build is part of the run)")
    parser.add_argument("--databases", default="SQLite,PostgreSQL", help="which databases to measure (comma-separated)")
    args = parser.parse_args()
    enterprises, batches = SCALES[args.scale]
    results = {"scale": args.scale, "enterprises": enterprises, "batches_planned": batches, "machine": machine(),
               "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
               "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
               "swift": subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0],
               "databases": {}}
    sqlite_file = os.path.join(args.work, "bench.sqlite")
    databases = [(name, database) for name, database in [("SQLite", sqlite_file), ("PostgreSQL", f"{args.pg_url}/pinzhi_bench")]
                 if name in args.databases.split(",")]
    os.makedirs(args.out, exist_ok=True)
    partial = os.path.join(args.out, f"results-{args.scale}.partial.json")

    def keep():
        """What is measured so far, so that a run cut short (a full disk, a session's end) still leaves its figures."""
        with open(partial, "w") as f:
            json.dump(results, f, ensure_ascii=False, indent=2)
    # Every database is generated first, at the same time: each generator is bound by its one writer, about one core
    # (issue 21 item 2), so on two cores both take about as long as the slower one alone instead of the two one after
    # the other. Nothing is measured until both are done, so no figure below shares the machine with a generator.
    generations = {name: Generation(args.bin, database, enterprises, batches, args.work, name) for name, database in databases}
    atexit.register(lambda: [g.proc.kill() for g in generations.values() if g.proc.poll() is None])
    if len(generations) > 1:
        results["notes"] = [f"The databases were generated at the same time ({', '.join(generations)}), each under the other's load; "
                            "every other figure was measured after both were done, one database at a time."]
    # Every generation is waited for before the first figure: the first database's measurements used to start as soon
    # as its own generation ended, beside the other's generator still running.
    generated = {name: generation.wait() for name, generation in generations.items()}
    for name, database in databases:
        figures = generated[name]
        for line in figures["generate_phases"]:
            log(line)
        log(figures["generate_output"])
        files = os.path.join(args.work, f"files-{name}")
        os.makedirs(files, exist_ok=True)
        server = Server(args.bin, database, files)
        server.wait_quiet()
        try:
            token = api_token(args.bin, database)
            log(f"{name}: statistics")
            figures["stats"] = stats_benchmark(server, token, sqlite_file, args.work)
            log(f"{name}: lists")
            figures["lists"] = list_benchmark(server, token, sqlite_file)
            log(f"{name}: draw verify")
            figures["draw"] = draw_benchmark(args.bin, database, sqlite_file)
            log(f"{name}: HTTP (wrk)")
            figures["http"] = http_benchmark(server, args.hello, args.http_seconds)
            log(f"{name}: mixed pages for 60 s (wrk)")
            figures["mix"] = mixed_load(server, args.work)
            log(f"{name}: each signed-in page alone, 10 s each (wrk)")
            figures["pages"] = pages_alone(server)
            log(f"{name}: the pages of figures right after a write")
            figures["cold"] = cold_pages(server)
            if name == "PostgreSQL":
                log(f"{name}: two app servers, the mixed load split between them, 60 s (wrk)")
                figures["two_servers"] = two_servers(args.bin, database, files, args.work, server)
        finally:
            server.stop()
        log(f"{name}: every enterprise's credit class recomputed")
        figures["credit"] = credit_recompute(args.bin, database)
        results["databases"][name] = figures
        keep()
    log("draw over 1M candidates (in memory)")
    results["draw_1m"] = synthetic_draw_benchmark(args.bin)
    keep()
    log("import")
    results["import"] = import_benchmark(args.bin, enterprises, args.work)
    results["wall_s"] = time.time() - (args.started or time.time())
    with open(os.path.join(args.out, f"results-{args.scale}.json"), "w") as f:
        json.dump(results, f, ensure_ascii=False, indent=2)
    os.remove(partial)
    render(args.out)


def render(folder):
    """BENCHMARKS.md from every results file in `folder`."""
    results = []
    for scale in SCALES:
        path = os.path.join(folder, f"results-{scale}.json")
        if os.path.exists(path):
            with open(path) as f:
                results.append(json.load(f))
    lines = ["# Benchmarks", "",
             "Written by `scripts/bench [S|M|L]` (issue 6). Every figure is measured in the run it is reported with, next to",
             "its reference tool on the same machine; times are medians of at least 5 runs, latency percentiles come from",
             "many requests. The machine is shared and has 2 cores: read ratios rather than absolute times.", ""]
    for r in results:
        lines += [f"## Scale {r['scale']}: {r['enterprises']:,} enterprises, {r['batches_planned']:,} batches planned", "",
                  f"{r['date']}, commit `{r['commit']}`, {r['swift']}; {r['machine']}."
                  + (f" The whole run, release build included: {r['wall_s'] / 60:.0f} min." if r.get("wall_s") else ""), "",
                  "| | SQLite | PostgreSQL |", "|---|---|---|"]
        dbs = [r["databases"].get("SQLite", {}), r["databases"].get("PostgreSQL", {})]

        def row(label, fn):
            cells = []
            for d in dbs:
                try:
                    cells.append(fn(d))
                except (KeyError, TypeError, ZeroDivisionError):
                    cells.append("—")
            lines.append(f"| {label} | {cells[0]} | {cells[1]} |")

        row("generated", lambda d: d["generate_output"].replace("|", "/"))
        row("generate time", lambda d: f"{d['generate_s']:.0f} s")
        row("statistics endpoint (product × district × year, with the year before)",
            lambda d: f"{d['stats']['endpoint_s'] * 1000:.1f} ms" + (f" (first request, reading the rollup: {d['stats']['endpoint_first_s'] * 1000:.1f} ms)"
                                                                      if "endpoint_first_s" in d["stats"] else ""))
        row("DuckDB on Parquet, same result", lambda d: f"{d['stats']['duckdb_s'] * 1000:.1f} ms (endpoint is {d['stats']['vs_duckdb']:.2f}× DuckDB's speed)")
        row("sqlite3 GROUP BY on the raw tables", lambda d: f"{d['stats']['sqlite3_s'] * 1000:.1f} ms (endpoint is {d['stats']['vs_sqlite3']:.1f}× faster)")
        row("enterprise search by name fragment, p50 / p99", lambda d: f"{d['lists']['name']['p50_ms']:.1f} / {d['lists']['name']['p99_ms']:.1f} ms")
        row("enterprise search by USCC prefix, p50 / p99", lambda d: f"{d['lists']['uscc']['p50_ms']:.1f} / {d['lists']['uscc']['p99_ms']:.1f} ms")
        row("draw verify (largest stored draw, CLI process)", lambda d: f"{d['draw']['verify_s'] * 1000:.0f} ms over {d['draw']['candidates']:,} candidates")
        if all("stored_bytes" in d.get("draw", {}) for d in dbs):
            row("task draws' commitments: bytes kept per candidate (private part and leaves)",
                lambda d: f"{d['draw']['stored_bytes'] / max(d['draw']['stored_candidates'], 1):.1f} B over {d['draw']['stored_candidates']:,} listed candidates")
        row("hello server (reference), wrk 2×32, 30 s", lambda d: f"{d['http']['hello']['rps']:,.0f} req/s, p99 {d['http']['hello']['p99_ms']:.1f} ms")
        for page, label in [("public_result", "public result page"), ("workbench", "signed-in workbench")]:
            row(f"{label}, wrk 2×32, 30 s (median of 3)",
                lambda d, p=page: f"{d['http'][p]['rps']:,.0f} req/s = {d['http'][p]['ratio'] * 100:.0f}% of hello, p99 {d['http'][p]['p99_ms']:.1f} ms, "
                                  f"errors {d['http'][p]['errors']}, RSS after each run {' / '.join(f'{x:.0f}' for x in d['http'][p]['rss_runs_mib'])} MiB")
        row("mixed pages signed in (portal, notices, statistics, workbench, batches"
            + (", campaigns, problem items, leads, cases, letters, risk items, risk map, assistance" if any("pages" in d.get("mix", {}) for d in dbs) else "")
            + "), wrk 2×16, 60 s; target ≥ 1,000 req/s, p99 < 100 ms",
            lambda d: f"{d['mix']['rps']:,.0f} req/s, p99 {d['mix']['p99_ms']:.0f} ms, errors {d['mix']['errors']}"
                      + (f", RSS after {d['mix']['rss_mib']:.0f} MiB" if "rss_mib" in d["mix"] else ""))
        for page in dict.fromkeys(p for d in dbs for p in d.get("pages", {})):
            if all(page in d.get("pages", {}) for d in dbs):
                row(f"`{page}` alone, wrk 2×8, 10 s; target p99 < 50 ms",
                    lambda d, p=page: f"{d['pages'][p]['rps']:,.0f} req/s, p99 {d['pages'][p]['p99_ms']:.1f} ms, errors {d['pages'][p]['errors']}")
        for page in dict.fromkeys(p for d in dbs for p in d.get("cold", {})):
            target = "; target < 200 ms (a district's form)" if "district=" in page else "; target < 100 ms" if page == "/risk-map" else ""
            row(f"`{page}` right after a write (a new sign-in empties the cache), median / worst of 5{target}",
                lambda d, p=page: f"{d['cold'][p]['median_ms']:.0f} / {d['cold'][p]['max_ms']:.0f} ms")
        if any("credit" in d for d in dbs):
            row("every enterprise's credit class recomputed (`pinzhi risk credit`, the whole process); target < 60 s at L",
                lambda d: f"{d['credit']['seconds']:.1f} s ({d['credit']['output']})")
        if any("two_servers" in d for d in dbs):
            row("two app servers on one database, the mix split between them by the client (wrk 2×8 on each, at once), 60 s",
                lambda d: f"{d['two_servers']['rps']:,.0f} req/s ({' + '.join(f'{x:,.0f}' for x in d['two_servers']['per_server_rps'])}), "
                          f"p99 {d['two_servers']['p99_ms']:.0f} ms, errors {d['two_servers']['errors']}, "
                          f"RSS after {' / '.join(f'{x:.0f}' for x in d['two_servers']['rss_mib'])} MiB")
        for note in r.get("notes", []):
            lines += ["", note]
        imp = r.get("import")
        if imp:
            lines += ["", f"Import of {imp['rows']:,} enterprises from CSV with full USCC validation (SQLite, all-or-nothing): "
                      f"{imp['ours_rows_per_s']:,.0f} rows/s; sqlite3 `.import` into a plain table: {imp['sqlite3_rows_per_s']:,.0f} rows/s; "
                      f"ratio {imp['ratio']:.3f}"
                      + (f"; into a table with the same indexes (unique code, name, district, class): {imp['rows'] / imp['sqlite3_indexed_s']:,.0f} rows/s, "
                         f"ratio {imp['ratio_indexed']:.3f}" if "ratio_indexed" in imp else "") + "; target ≥ 0.1 of the plain `.import`."]
        d1m = r.get("draw_1m")
        if d1m:
            lines += ["", f"Draw over {d1m['candidates']:,} synthetic candidates in memory (`pinzhi draw benchmark`; {d1m['excluded']:,} excluded "
                      f"with their reasons, {d1m['selected']} drawn and given inspectors): draw {d1m['draw_ms']:.0f} ms, verify {d1m['verify_ms']:.0f} ms, "
                      f"verify from the stored inputs ({d1m['json_bytes'] / 1e6:.0f} MB of JSON) {d1m['verify_from_json_ms']:.0f} ms; target 300 ms."]
            if "committed_stored_bytes" in d1m:
                lines += ["", f"The same list as a stored PZ-DRAW-2 commitment (issue 21 item 3): "
                          f"{d1m['committed_stored_bytes_before'] / d1m['candidates']:.0f} bytes a candidate as kept before (JSON with a salt each, and the leaves), "
                          f"{d1m['committed_stored_bytes'] / d1m['candidates']:.1f} packed "
                          f"({d1m['committed_stored_bytes'] / d1m['committed_stored_bytes_before']:.3f} of before; target at most 0.2); "
                          f"verifying it from storage (read back, commitment, leaves and draw recomputed, compared): "
                          f"{d1m['verify_committed_from_storage_ms']:.0f} ms; target under 1,000 ms."]
        lines.append("")
    if len(results) > 1:
        lines += ["## Growth", "", "How cost grows with the data (SQLite / PostgreSQL).", "",
                  "| scale | statistics endpoint | its first request | name search p99 | USCC search p99 | largest stored draw: verify | draw over 1M in memory |",
                  "|---|---|---|---|---|---|---|"]
        for r in results:
            s, p = r["databases"].get("SQLite", {}), r["databases"].get("PostgreSQL", {})

            def pair(fn):
                try:
                    return f"{fn(s):.1f} / {fn(p):.1f} ms"
                except (KeyError, TypeError):
                    return "—"
            try:
                draw = f"{s['draw']['verify_s'] * 1000:.0f} / {p['draw']['verify_s'] * 1000:.0f} ms ({s['draw']['candidates']:,} candidates)"
            except (KeyError, TypeError):
                draw = "—"
            d1m = r.get("draw_1m")
            lines.append(f"| {r['scale']} | {pair(lambda d: d['stats']['endpoint_s'] * 1000)} | {pair(lambda d: d['stats']['endpoint_first_s'] * 1000)} | "
                         f"{pair(lambda d: d['lists']['name']['p99_ms'])} | {pair(lambda d: d['lists']['uscc']['p99_ms'])} | {draw} | "
                         + (f"{d1m['draw_ms']:.0f} ms, verify {d1m['verify_ms']:.0f} ms |" if d1m else "— |"))
        lines.append("")
    # BENCHMARKS.md sits at the repository's root, two levels above Benchmarks/results (it was written into Benchmarks/).
    with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(folder))), "BENCHMARKS.md"), "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
