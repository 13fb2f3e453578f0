"""Drives the latent Jupyter kernel through jupyter_client (run by scripts/test-kernel)."""
import base64
import os
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

    # A long training cell shows its live line in one display updated in place (no \r frames in the output).
    msg_id = client.execute("train m d epochs=1000000 batch=2000")
    live, updates, deadline = None, 0, time.time() + 60
    while updates < 2 and time.time() < deadline:
        try:
            message = client.get_iopub_msg(timeout=5)
        except queue.Empty:
            continue
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "display_data" and "display_id" in message["content"].get("transient", {}):
            live = message["content"]
        elif message["msg_type"] == "update_display_data" and live is not None:
            updates += 1
            check(message["content"]["transient"]["display_id"] == live["transient"]["display_id"], "updates go to the live display") if updates == 1 else None
    check(live is not None and "epoch " in live["data"]["text/plain"] and "loss " in live["data"]["text/plain"],
          "a training cell shows a live progress display")
    check(updates >= 1, "the live display is updated in place")
    queued = client.execute("print 424242")
    reply = interrupt(msg_id)
    messages = collect(client, msg_id)
    check(reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt",
          "an interrupted cell replies with a KeyboardInterrupt error, as IPython's does")
    check("interrupted after" in stdout(messages) and "\r" not in stdout(messages),
          "the final line follows the live display, with no carriage-return frames")
    queued_reply = shell_reply(client, queued, timeout=60)["content"]
    check(queued_reply["status"] == "aborted", "the cell queued behind an interrupted one is aborted")
    reply, messages = execute(client, "losses m last=1")
    check(reply["status"] == "ok", "the interrupted model is kept")

    msg_id = client.execute("train m d epochs=1000000 batch=16\nprint 777")
    reply = interrupt(msg_id)
    messages = collect(client, msg_id)
    check(reply["content"]["status"] == "error" and "interrupted after" in stdout(messages) and "777" not in stdout(messages),
          "an interrupt stops train at a batch boundary and the rest of the cell")

    reply = shell_reply(client, client.is_complete("for i in [1, 2] {\n  print i"), timeout=60)["content"]
    check(reply["status"] == "incomplete", "an open block is incomplete")
    reply = shell_reply(client, client.is_complete("print 1"), timeout=60)["content"]
    check(reply["status"] == "complete", "a finished statement is complete")

    reply = shell_reply(client, client.inspect("plot embedding m", 8), timeout=60)["content"]
    check(reply["found"] and "usage: plot embedding" in reply["data"]["text/plain"], "inspect shows the command's help")

    reply = shell_reply(client, client.complete('x = load "dig', 13), timeout=60)["content"]
    check("digits.csv" in reply["matches"] and reply["cursor_start"] == 10, "completion inside a string offers file paths")

    reply, messages = execute(client, "set terminal sixel\nplot loss m\nplot embedding m")
    images = [m for m in messages if m["msg_type"] == "display_data" and "image/png" in m["content"]["data"]]
    paths = [m["content"]["data"]["text/plain"] for m in images]
    check(reply["status"] == "ok" and len(images) == 2, "set terminal sixel in a notebook draws inline PNG images")
    check(len(set(paths)) == 2, "inline plots are written under names of their own")

    sys.path.insert(0, os.path.join(os.environ["JUPYTER_PATH"], "kernels", "latent"))
    from latent_lexer import LatentLexer
    from pygments.token import Comment, Keyword, String
    tokens = list(LatentLexer().get_tokens('for x in [1, 2] { print "a {x}" }  # c\n'))
    check((Keyword, "for") in tokens and (Comment.Single, "# c") in tokens and any(t in String for t, _ in tokens),
          "the Pygments lexer tells keywords, strings and comments apart")

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
