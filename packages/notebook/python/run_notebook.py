"""Runs chosen code cells of a notebook through a real Jupyter kernel with nbclient.

Reads a JSON request on stdin and writes a JSON result on stdout. nbconvert --execute reports a failing tslab
cell with an empty message (tslab writes errors to stderr and sends no ename/evalue), so this driver returns
every cell's outputs and reply status and lets the caller explain the failure.
"""
import json
import sys
import time

try:
    import nbformat
    from nbclient import NotebookClient
except ImportError as error:  # the caller checks first; this is the last word if it did not
    print(json.dumps({"fatal": "nbclient is not installed for " + sys.executable + ": " + str(error)}))
    sys.exit(0)


def main():
    request = json.load(sys.stdin)
    # reads() joins the on-disk line lists into the strings nbclient expects.
    nb = nbformat.reads(json.dumps(request["notebook"]), as_version=4)
    statuses = {}

    def on_cell_executed(cell=None, cell_index=None, execute_reply=None, **_):
        if execute_reply is not None:
            statuses[cell_index] = execute_reply["content"].get("status", "unknown")

    client = NotebookClient(
        nb,
        timeout=request.get("timeout", 300),
        kernel_name=request["kernelName"],
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": request["cwd"]}},
        on_cell_executed=on_cell_executed,
    )
    may_raise = set(request.get("mayRaise", []))
    cells = []
    fatal = None
    language_info = None
    with client.setup_kernel():
        # What the kernel says about itself, so the caller can pin notebook metadata to it.
        info = client.wait_for_reply(client.kc.kernel_info())
        if info is not None:
            language_info = info["content"].get("language_info")
        for index in request["run"]:
            cell = nb.cells[index]
            problem = None
            for attempt in range(4):
                try:
                    cell.outputs = []
                    client.execute_cell(cell, index)
                    status = statuses.get(index, "unknown")
                except Exception as error:  # timeouts, a dead kernel: report, stop
                    status = "error"
                    problem = type(error).__name__ + ": " + str(error)
                # After an error tslab drops requests that arrive within 200 ms ("abort"); wait and send again.
                if status != "abort":
                    break
                time.sleep(0.3)
            if status == "error":
                time.sleep(0.3)
            cells.append({"index": index, "status": status, "outputs": cell.get("outputs", []), "problem": problem})
            if problem is not None:
                fatal = problem
                break
            if status != "ok" and index not in may_raise:
                break
    print(json.dumps({"cells": cells, "fatal": fatal, "languageInfo": language_info}))


if __name__ == "__main__":
    main()
