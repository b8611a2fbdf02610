"""What the reliability tests share: a free port, a server started on a database and awaited, tokens, and a check
that stops the test with a message."""
import os
import socket
import subprocess
import sys
import time

import requests


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def check(condition, message):
    if not condition:
        print("FAILED:", message)
        sys.exit(1)


def start_server(binary, database, work, name="server"):
    """Starts `pinzhi serve` and waits until it answers; returns the process and its base URL."""
    port = free_port()
    log = open(os.path.join(work, f"{name}-{port}.log"), "w")
    proc = subprocess.Popen([binary, "serve", "--database", database, "--port", str(port), "--files", os.path.join(work, "files")],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if requests.get(base + "/healthz", timeout=2).status_code == 200:
                return proc, base
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not start")


def token(binary, database, user):
    out = subprocess.run([binary, "token", "create", "--user", user, "--database", database], check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]
