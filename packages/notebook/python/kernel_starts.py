"""Starts a Jupyter kernel again and again, as nbclient and Jupyter Server do, and times each start.

Reads a JSON request on stdin ({"kernelName", "starts", "limitMs", "cwd"}) and writes a JSON result on stdout:
for each start, the milliseconds from starting the kernel process to its kernel_info reply (with IOPub
connected, jupyter_client's wait_for_ready), or the limit and a problem when it did not answer in time.
"""
import json
import os
import sys
import tempfile
import time

try:
    from jupyter_client.manager import KernelManager
except ImportError as error:  # the caller checks first; this is the last word if it did not
    print(json.dumps({"fatal": "jupyter_client is not installed for " + sys.executable + ": " + str(error)}))
    sys.exit(0)


def tail(path, lines=5):
    with open(path, encoding="utf-8", errors="replace") as file:
        return "".join(file.readlines()[-lines:]).strip()


def one_start(kernel_name, limit_ms, cwd):
    manager = KernelManager(kernel_name=kernel_name)
    with tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False) as stderr:
        started = time.monotonic()
        manager.start_kernel(cwd=cwd, stderr=stderr)
        client = manager.client()
        client.start_channels()
        problem = None
        try:
            client.wait_for_ready(timeout=max(0.0, limit_ms / 1000 - (time.monotonic() - started)))
        except RuntimeError as error:
            problem = str(error)
        ms = (time.monotonic() - started) * 1000
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    if problem is not None:
        problem += "; kernel stderr: " + (tail(stderr.name) or "(empty)")
    os.unlink(stderr.name)
    return {"ms": round(ms, 1), "ok": problem is None, "problem": problem}


def main():
    request = json.load(sys.stdin)
    starts = [one_start(request["kernelName"], request["limitMs"], request["cwd"]) for _ in range(request["starts"])]
    print(json.dumps({"starts": starts}))


if __name__ == "__main__":
    main()
