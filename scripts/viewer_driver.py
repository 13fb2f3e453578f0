"""Shared by scripts/test-viewer.py and scripts/bench-viewer.py: a `latent --protocol` session, headless
chromium through Selenium, pointer gestures."""
import json
import queue
import shutil
import subprocess
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.actions.action_builder import ActionBuilder


class Session:
    """latent --protocol: one JSON request a line in, JSON replies out."""

    def __init__(self, binary, cwd):
        self.binary = binary
        self.process = subprocess.Popen([self.binary, "--protocol"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        self.replies = queue.Queue()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.process.stdout:
            self.replies.put(json.loads(line))
        self.replies.put({"type": "done", "status": "error", "error": "latent ended"})

    def send(self, code):
        self.process.stdin.write((json.dumps({"op": "execute", "code": code}) + "\n").encode())
        self.process.stdin.flush()

    def run(self, code, timeout=600):
        self.send(code)
        return self.finish(code, timeout)

    def finish(self, code, timeout=600):
        out, pages = "", []
        while True:
            reply = self.replies.get(timeout=timeout)
            if reply["type"] == "stream":
                out += reply["text"]
            elif reply["type"] == "display" and "url" in reply:
                pages.append(reply["url"])
            elif reply["type"] == "done":
                if reply["status"] != "ok":
                    raise RuntimeError(f"{code!r} failed: {reply.get('error')}")
                return out, pages

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--window-size=1280,860", "--disable-dev-shm-usage",
                     "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--disable-background-networking"]:
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


def wait_for(driver, script, timeout=60):
    """The script's first truthy result within `timeout` seconds, else None."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    return None


def pointer(driver, points, press=False):
    actions = ActionBuilder(driver)
    p = actions.pointer_action
    p.move_to_location(int(points[0][0]), int(points[0][1]))
    if press:
        p.pointer_down()
    for x, y in points[1:]:
        p.move_to_location(int(x), int(y))
    if press:
        p.pointer_up()
    actions.perform()
