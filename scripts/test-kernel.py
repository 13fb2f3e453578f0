"""Drives the latent Jupyter kernel through jupyter_client (run by scripts/test-kernel)."""
import base64
import queue
import re
import sys
import time

from jupyter_client.manager import KernelManager

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def collect(client, msg_id, timeout=120):
    """The iopub messages of one request, up to its idle status."""
    messages = []
    while True:
        message = client.get_iopub_msg(timeout=timeout)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            return messages
        messages.append(message)


def execute(client, code):
    msg_id = client.execute(code)
    messages = collect(client, msg_id)
    return shell_reply(client, msg_id, timeout=120)["content"], messages


def shell_reply(client, msg_id, timeout):
    """The shell reply to `msg_id` (earlier requests' replies are skipped)."""
    while True:
        reply = client.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def stdout(messages):
    return "".join(m["content"]["text"] for m in messages if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def interrupt(msg_id):
    """Interrupts until the cell replies (a SIGINT that lands before `train` starts is cleared with the
    statement); returns the shell reply."""
    for _ in range(60):
        km.interrupt_kernel()
        try:
            return shell_reply(client, msg_id, timeout=2)
        except queue.Empty:
            pass
    check(False, "the interrupted cell replies")
    raise SystemExit("FAIL train did not stop after 60 interrupts")


km = KernelManager(kernel_name="latent")
km.start_kernel()
client = km.client()
client.start_channels()
client.wait_for_ready(timeout=60)
try:
    reply, messages = execute(client, "x = 2 + 3\nprint (x * 2)")
    check(reply["status"] == "ok" and "10" in stdout(messages), "a cell's output comes back as a stream")

    reply, messages = execute(client, 'print x')
    check("5" in stdout(messages), "cells share one session")

    reply, messages = execute(client, "help")
    check(reply["status"] == "ok" and "train" in stdout(messages), "help lists the commands")

    reply, messages = execute(client, 'set seed 7\nd = load "digits.csv" label=first scale=16 image=[8, 8]\n'
                                      'm = model gne dims=2 init=pca\ntrain m d epochs=2 batch=128\nplot loss m')
    images = [m for m in messages if m["msg_type"] == "display_data" and "image/png" in m["content"]["data"]]
    check(reply["status"] == "ok" and len(images) == 1, "a plot arrives as image/png display_data")
    check(bool(images) and base64.b64decode(images[0]["content"]["data"]["image/png"])[:8] == b"\x89PNG\r\n\x1a\n",
          "the image is a PNG")

    reply, messages = execute(client, "show m d")
    pages = [m for m in messages if m["msg_type"] == "display_data" and "text/html" in m["content"]["data"]]
    check(reply["status"] == "ok" and len(pages) == 1 and "<iframe src=\"http://127.0.0.1:" in pages[0]["content"]["data"]["text/html"]
          and "token=" in pages[0]["content"]["data"]["text/html"], "show displays the viewer inline (an iframe with its token)")

    reply, messages = execute(client, "y = 1\nprint y\nd2 = load \"nosuch.csv\"")
    errors = [m for m in messages if m["msg_type"] == "error"]
    check(reply["status"] == "error" and reply.get("line") == 3, "an error reply carries its line")
    check(bool(errors) and any(":3:" in line for line in errors[0]["content"]["traceback"])
          and any("^" in line for line in errors[0]["content"]["traceback"]), "the error shows file:line:col and a caret")

    reply = shell_reply(client, client.complete("tra", 3), timeout=60)["content"]
    check("train" in reply["matches"] and reply["cursor_start"] == 0, "completion offers train")

    # A long training cell streams its live line (stdout text rewritten in place with \r) while it runs.
    msg_id = client.execute("train m d epochs=1000000 batch=2000")
    live, deadline = None, time.time() + 60
    while live is None and time.time() < deadline:
        try:
            message = client.get_iopub_msg(timeout=5)
        except queue.Empty:
            continue
        text = message["content"].get("text", "") if message["msg_type"] == "stream" else ""
        if message["parent_header"].get("msg_id") == msg_id and text.startswith("\r") and " left" in text:
            live = text
    check(live is not None and "epoch " in live and "loss " in live, "a training cell streams a live progress line")
    reply = interrupt(msg_id)
    messages = collect(client, msg_id)
    check(reply["content"]["status"] == "ok" and re.search(r"\r *\rinterrupted after", stdout(messages)) is not None,
          "the live line makes way for the final line")

    msg_id = client.execute("train m d epochs=1000000 batch=16")
    reply = interrupt(msg_id)
    messages = collect(client, msg_id)
    check(reply["content"]["status"] == "ok" and "interrupted after" in stdout(messages),
          "an interrupt stops train at a batch boundary")
    reply, messages = execute(client, "losses m last=1")
    check(reply["status"] == "ok", "the interrupted model is kept")

    km.restart_kernel(now=True)
    client.wait_for_ready(timeout=60)
    reply, messages = execute(client, "print x")
    check(reply["status"] == "error", "a restart gives a fresh session")
finally:
    client.stop_channels()
    km.shutdown_kernel(now=True)

if failures:
    print(f"{len(failures)} kernel check(s) failed", file=sys.stderr)
    sys.exit(1)
print("kernel: all checks passed")
