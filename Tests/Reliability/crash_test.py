#!/usr/bin/env python3
"""Kills the server with SIGKILL in the middle of a burst of workflow steps and in the middle of a large import,
restarts it, and proves: every step acknowledged before the kill is there with its event and audit row, no step is
there without them, the import is all or nothing, and `pinzhi audit verify` passes (issue 7 item 5).

Usage: crash_test.py PINZHI_BIN DATABASE WORKDIR   (DATABASE: a new SQLite path or an empty PostgreSQL URL)
"""
import concurrent.futures
import csv
import os
import signal
import subprocess
import sys
import time

import requests

from harness import check, start_server, token as make_token

BIN, DATABASE, WORK = sys.argv[1:4]


def start():
    return start_server(BIN, DATABASE, WORK, "crash-server")


def cli(*args):
    return subprocess.run([BIN, *args, "--database", DATABASE], check=True, capture_output=True, text=True).stdout


# A spring of spot checks: on 10 April most drawn batches are still waiting for their sampling.
print(cli("generate", "--enterprises", "1500", "--years", "1", "--batches", "1500", "--today", "2026-04-10", "--seed", "5").strip())
os.makedirs(os.path.join(WORK, "files"), exist_ok=True)
proc, base = start()
agency = {"Authorization": "Bearer " + make_token(BIN, DATABASE, "agency")}
drawn = requests.get(base + "/api/v1/batches", params={"state": "drawn", "limit": 500}, headers=agency, timeout=30).json()["items"]
check(len(drawn) >= 40, f"the agency has drawn batches to sample ({len(drawn)})")
print(f"burst: {len(drawn)} batches to sample by 8 clients; SIGKILL after 60 acknowledged steps")

acknowledged = []


def sample(batch):
    values = {"sampledOn": "2026-04-20", "sampleName": "样品", "lotNumber": f"L{batch['id']}", "quantity": "4件", "backupQuantity": "2件",
              "backupSealed": "是", "place": "企业成品仓库"}
    try:
        r = requests.post(f"{base}/api/v1/batches/{batch['id']}/actions/sample", json={"version": batch["version"], "values": values},
                          headers=agency, timeout=30)
    except requests.RequestException:
        return None
    return batch["id"] if r.status_code == 200 else None


with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
    futures = [pool.submit(sample, b) for b in drawn]
    for future in concurrent.futures.as_completed(futures):
        if future.result():
            acknowledged.append(future.result())
        if len(acknowledged) >= 60 and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
proc.wait()
print(f"killed with {len(acknowledged)} steps acknowledged")

proc, base = start()
try:
    sampled_now = set()
    for batch in drawn:
        b = requests.get(f"{base}/api/v1/batches/{batch['id']}", headers=agency, timeout=30).json()
        has_event = any(e["action"] == "sample" for e in b["events"])
        if b["batch"]["state"] == "sampled":
            check(has_event, f"batch {batch['id']} is sampled and has its sampling event")
            sampled_now.add(batch["id"])
        else:
            check(not has_event, f"batch {batch['id']} has no sampling event without being sampled")
    check(set(acknowledged) <= sampled_now, "every acknowledged step survived the kill")
    admin = {"Authorization": "Bearer " + make_token(BIN, DATABASE, "admin")}
    audit = requests.get(base + "/api/v1/audit", params={"entity": "batch", "limit": 500}, headers=admin, timeout=30).json()["items"]
    audited = {a["entityId"] for a in audit if a["action"] == "sample"}
    check(sampled_now == audited, "every sampled batch has its audit row, and no audit row lacks its step")
    print(f"steps: {len(acknowledged)} acknowledged, {len(sampled_now)} in the database, all with events and audit rows")

    # An import of 40 000 enterprises, killed while it runs: afterwards either none or all of them are there.
    path = os.path.join(WORK, "crash-import.csv")
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["统一社会信用代码", "企业名称", "所属区", "注册地址", "企业类型", "企业规模", "信用风险分类"])
        for i in range(40_000):
            first = f"91310115{900_000_000 + i}"
            code = first + alphabet[(31 - sum(alphabet.index(c) * k for c, k in zip(first, weights)) % 31) % 31]
            w.writerow([code, f"上海断电测试{i}号有限公司", "310115", f"上海市浦东新区测试路{i}号", "生产", "小型", "B"])
    city = {"Authorization": "Bearer " + make_token(BIN, DATABASE, "city")}
    before = requests.get(base + "/api/v1/enterprises", params={"limit": 1}, headers=city, timeout=30).json()["total"]
    with open(path, "rb") as f:
        data = f.read()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        upload = pool.submit(lambda: requests.post(base + "/api/v1/imports/enterprises", data=data, timeout=600,
                                                   headers={**city, "Content-Type": "application/octet-stream"}))
        time.sleep(1.5)
        proc.send_signal(signal.SIGKILL)
        try:
            status = upload.result().status_code
        except requests.RequestException:
            status = None
    proc.wait()
    proc, base = start()
    total = requests.get(base + "/api/v1/enterprises", params={"limit": 1}, headers=city, timeout=30).json()["total"]
    check(total in (before, before + 40_000), f"the import is all or nothing: {before} before, {total} after")
    check(status != 200 or total == before + 40_000, "an acknowledged import is all there")
    print(f"import: killed {'after' if status == 200 else 'before'} its answer; {total - before} of 40000 rows present")
finally:
    proc.send_signal(signal.SIGTERM)
    proc.wait()
print(cli("audit", "verify").strip())
print("crash test: passed")
