#!/usr/bin/env python3
"""Restarts PostgreSQL under load (issue 7 item 6): while the database is down the server answers 503 with a Chinese
page (and the API's error), never 500; when it is back the server recovers by itself, without a restart; every
write acknowledged before, during or after the fault is there.

Usage: db_fault_test.py PINZHI_BIN POSTGRES_URL WORKDIR "PG_STOP_COMMAND" "PG_START_COMMAND"
"""
import os
import signal
import subprocess
import sys
import threading
import time

import requests

from harness import check, start_server, token

BIN, DATABASE, WORK, STOP, START = sys.argv[1:6]
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(first17):
    return first17 + ALPHABET[(31 - sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS)) % 31) % 31]


city_token = token(BIN, DATABASE, "city")
server, base = start_server(BIN, DATABASE, WORK, "db-fault-server")
headers = {"Authorization": f"Bearer {city_token}"}
acknowledged, statuses, stop = [], {}, threading.Event()


def writer(worker):
    i = 0
    while not stop.is_set():
        body = {"uscc": uscc(f"91310112{600_000_000 + worker * 1_000_000 + i}"), "name": f"上海故障测试{worker}-{i}有限公司",
                "address": "上海市闵行区测试路1号", "enterpriseType": "producer", "scale": "small", "creditClass": "B"}
        i += 1
        try:
            r = requests.post(base + "/api/v1/enterprises", json=body, headers=headers, timeout=30)
        except requests.RequestException:
            statuses["connection"] = statuses.get("connection", 0) + 1
            continue
        statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
        if r.status_code == 201:
            acknowledged.append(r.json()["id"])
        elif r.status_code == 503:
            check(r.json()["error"]["code"] == "unavailable" and r.headers.get("Retry-After"), "a 503 carries its code and Retry-After")
            time.sleep(0.2)


threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
for t in threads:
    t.start()
try:
    time.sleep(2)
    subprocess.run(["bash", "-c", STOP], check=True)
    print("PostgreSQL stopped")
    time.sleep(1)
    page = requests.get(base + "/public/stats", timeout=30)
    check(page.status_code == 503 and "服务暂时不可用" in page.text and "数据库暂时无法连接" in page.text,
          f"a page answers 503 in Chinese while the database is down (got {page.status_code})")
    api = requests.get(base + "/api/v1/enterprises", headers=headers, timeout=30)
    check(api.status_code == 503 and api.json()["error"]["code"] == "unavailable", f"the API answers 503 (got {api.status_code})")
    health = requests.get(base + "/healthz", timeout=30)
    check(health.status_code == 503, "health says unavailable")
    time.sleep(2)
    subprocess.run(["bash", "-c", START], check=True)
    print("PostgreSQL started again")
    recovered = None
    started = time.monotonic()
    while time.monotonic() - started < 60:
        try:
            if requests.get(base + "/healthz", timeout=5).status_code == 200:
                recovered = round(time.monotonic() - started, 1)
                break
        except requests.RequestException:
            pass
        time.sleep(0.5)
    check(recovered is not None, "the server recovers by itself")
    before = len(acknowledged)
    time.sleep(2)
    check(len(acknowledged) > before, "writes succeed again after the restart")
finally:
    stop.set()
    for t in threads:
        t.join()
check(server.poll() is None, "the server kept running")
missing = [i for i in acknowledged if requests.get(f"{base}/api/v1/enterprises/{i}", headers=headers, timeout=30).status_code != 200]
# A transaction cut by the restart must not leave its request waiting (postgres-nio never answers a statement
# written to a closed connection; ClosedConnectionGuard fails it): the server stops gracefully on SIGTERM.
server.send_signal(signal.SIGTERM)
try:
    server.wait(timeout=30)
    stopped = True
except subprocess.TimeoutExpired:
    server.kill()
    server.wait()
    stopped = False
check(stopped, "the server stops gracefully on SIGTERM after the fault")
check("connection" not in statuses, f"every request was answered (none left waiting): {statuses}")
check(not missing, f"acknowledged writes lost: {missing[:10]}")
check(500 not in statuses, f"no 500 during the fault: {statuses}")
print(f"db fault: answers {statuses}; recovered {recovered} s after the restart; {len(acknowledged)} acknowledged writes all present")
