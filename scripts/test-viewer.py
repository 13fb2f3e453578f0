"""Drives the map viewer in headless chromium (run by scripts/test-viewer): latent --protocol holds the
session, Selenium the page. Usage: test-viewer.py LATENT_BINARY OUT_FOLDER"""
import csv
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from viewer_driver import Session, browser, pointer, wait_for  # noqa: E402

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

LATENT, OUT = sys.argv[1], sys.argv[2]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def request(url, path, headers=None, method="GET"):
    """A raw request (the path is sent exactly as given); returns the status."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.putrequest(method, path, skip_host=True)
    for name, value in ({"Host": parts.netloc} | (headers or {})).items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    response.read()
    return response.status


def inside(polygon, x, y):
    """Even-odd rule, as the select command counts (an independent implementation)."""
    xs, ys = polygon[0::2], polygon[1::2]
    result, j = False, len(xs) - 1
    for i in range(len(xs)):
        if (ys[i] > y) != (ys[j] > y):
            crossing = xs[i] + (y - ys[i]) * (xs[j] - xs[i]) / (ys[j] - ys[i])
            if x < crossing:
                result = not result
        j = i
    return result


def list_of_ints(text):
    # the last list printed (the page's statements echo before it, as `viewer> ...` lines)
    found = re.findall(r"^\[([0-9, ]*)\]$", text, re.M)
    return [int(v) for v in found[-1].split(",") if v.strip()] if found else []


def wait(driver, script, what, timeout=60):
    value = wait_for(driver, script, timeout)
    if value is None:
        check(False, what + " (timed out)")
    return value


def lone_point(driver):
    """A row drawn at least 14 px from every other (so hovering it picks it), near the middle."""
    return driver.execute_script("""
        const t = window.latentTest, n = t.count(), s = [];
        for (let i = 0; i < n; i++) s.push(t.screenOf(i));
        const c = t.screenOf(0); let best = -1, bestScore = Infinity;
        const r = document.getElementById('map').getBoundingClientRect(), mx = r.left + r.width / 2, my = r.top + r.height / 2;
        for (let i = 0; i < n; i++) {
            let near = Infinity;
            for (let j = 0; j < n; j++) if (j !== i) near = Math.min(near, Math.hypot(s[i][0] - s[j][0], s[i][1] - s[j][1]));
            const d = Math.hypot(s[i][0] - mx, s[i][1] - my);
            if (near >= 14 && d < bestScore) { bestScore = d; best = i; }
        }
        return best;""")


def hover_a_lone_point(driver, labels, pixels, page):
    """Waits for the 1797 digits to be drawn, hovers a point that stands alone and checks that the page
    shows its ID, class and thumbnail (its pixels, scaled as the data are: 0..16 -> 0..255)."""
    wait(driver, "return window.latentStats && window.latentStats.firstFrame !== null && window.latentTest.count() === 1797",
         f"{page} draws the 1797 points")
    row = lone_point(driver)
    x, y = driver.execute_script(f"return window.latentTest.screenOf({row})")
    pointer(driver, [(x + 30, y + 30), (x, y)])
    shown = wait(driver, f"const e = document.getElementById('item'); return e.dataset.row === '{row}' && "
                         f"document.getElementById('thumb').dataset.painted === '{row}' ? e.textContent : ''", f"hover on {page}")
    check(shown == f"ID {row} · {labels[row]}", f"hover on {page} shows the row's ID and class ({shown!r})")
    thumb = driver.execute_script("const c = document.getElementById('thumb'); return Array.from(c.getContext('2d').getImageData(0, 0, 8, 8).data)")
    check(thumb[0::4] == [round(v * 255 / 16) for v in pixels[row]], f"the thumbnail on {page} holds the row's pixels")
    return row, x, y


def main():
    work = tempfile.mkdtemp(prefix="latent-viewer-")
    shutil.copy(os.path.join(ROOT, "samples", "digits.csv"), work)
    with open(os.path.join(work, "digits.csv")) as f:
        rows = list(csv.reader(f))[1:]
    labels = [int(r[0]) for r in rows]
    pixels = [[float(v) for v in r[1:]] for r in rows]
    session = Session(LATENT, work)
    driver = None
    try:
        session.run('set seed 7\nd = load "digits.csv" label=first scale=16 image=[8, 8]\n'
                    "m = model gne dims=2 init=pca\ntrain m d epochs=20 batch=128 lr=3e-3")
        out, pages = session.run("show m d")
        check(len(pages) == 1 and "viewer: http://127.0.0.1:" in out, "show prints the viewer's address and announces the page")
        url = pages[0]
        parts = urllib.parse.urlsplit(url)
        token = urllib.parse.parse_qs(parts.query)["token"][0]

        # ---- safe by default ----
        check(request(url, parts.path + "?" + parts.query) == 200, "the page answers with the token")
        check(request(url, parts.path) == 403, "a request without the token is refused")
        check(request(url, parts.path + "?token=" + "0" * len(token)) == 403, "a wrong token is refused")
        check(request(url, "/api/1/points") == 403, "data without the token are refused")
        for path in ["/assets/../../../etc/passwd", "/assets/..%2f..%2fetc%2fpasswd", "/etc/passwd", "/assets/viewer.js/../../Package.swift",
                     "/assets/%2e%2e/%2e%2e/etc/passwd"]:
            check(request(url, path + ("&" if "?" in path else "?") + "token=" + token) == 404, f"a path outside the assets is refused: {path}")
        check(request(url, "/assets/viewer.js?token=" + token) == 200, "a bundled asset is served")
        check(request(url, parts.path + "?" + parts.query, {"Host": f"evil.example:{parts.port}"}) == 421,
              "another Host (DNS rebinding) is refused")
        check(request(url, parts.path + "?" + parts.query, {"Origin": "http://evil.example"}) == 403, "another Origin is refused")
        check(request(url, "/api/1/act?token=" + token, {"Origin": "http://evil.example", "Content-Type": "application/json"}, "POST") == 403,
              "an action from another site is refused")

        # ---- the page ----
        driver = browser()
        driver.get(url)
        row, x, y = hover_a_lone_point(driver, labels, pixels, "the page")
        wait(driver, "return window.latentStats.decodeMs.length > 0", "the decoder's output at the cursor arrives")
        decoded = driver.execute_script("const c = document.getElementById('decoded'); return Array.from(c.getContext('2d').getImageData(0, 0, 8, 8).data)")
        check(len(set(decoded[0::4])) > 4, "the decoded image at the cursor is drawn (not blank)")

        # lasso around the hovered point
        driver.execute_script("window.latentTest.setMode('lasso')")
        import math
        ring = [(x + 70 * math.cos(a / 16 * 2 * math.pi), y + 55 * math.sin(a / 16 * 2 * math.pi)) for a in range(17)]
        pointer(driver, ring, press=True)
        wait(driver, "return /sel = select m polygon=/.test(document.getElementById('status').textContent)", "the lasso runs select")
        out, _ = session.run("print sel all=true")
        selected = list_of_ints(out)
        out, _ = session.run('save history "lasso.latent"')
        history = open(os.path.join(work, "out", "lasso.latent")).read()
        found = re.findall(r"^sel = select m polygon=\[([^\]]*)\]$", history, re.M)
        check(len(found) == 1, "the lasso is recorded in the history as sel = select m polygon=[...]")
        xs, ys = driver.execute_script("return window.latentTest.xy()")
        if found:
            polygon = [float(v) for v in found[0].split(",")]
            expected_rows = [i for i in range(len(xs)) if inside(polygon, xs[i], ys[i])]
            check(selected == expected_rows and row in selected,
                  f"sel holds exactly the rows inside the lasso ({len(selected)} rows, the hovered one among them)")
        wait(driver, f"return window.latentTest.selection().length === {len(selected)}", "the page shows the selection")
        driver.save_screenshot(os.path.join(OUT, "viewer-page.png"))

        # a selection made at the prompt shows in the page
        session.run("sel = select m label=3")
        threes = [i for i, l in enumerate(labels) if l == 3]
        shown_rows = wait(driver, f"const s = window.latentTest.selection(); return s.length === {len(threes)} ? s : null",
                          "select at the prompt shows in the page")
        check(shown_rows == threes, "the page shows exactly the rows select chose at the prompt")

        # colour by reconstruction error (a statement too)
        Select(driver.find_element(By.ID, "colour")).select_by_value("error")
        wait(driver, "return !document.getElementById('bar').hidden && /error/.test(document.getElementById('legend').textContent)",
             "colouring by error shows a colour bar")

        # the decoded lattice
        driver.find_element(By.ID, "lattice").click()
        lattice = wait(driver, "return window.latentTest.lattice()", "the decoded lattice is drawn")
        check(bool(lattice) and lattice["side"] == 12 and 0 < lattice["empty"] < 144, f"the lattice marks its empty cells ({lattice})")

        # a train at the prompt moves the points in the page while it runs
        before = driver.execute_script("return window.latentTest.xy()")
        session.send("train m d epochs=150 batch=32")
        moved = wait(driver, "return document.getElementById('busy').textContent !== '' && "
                             f"window.latentTest.xy()[0][5] !== {before[0][5]} ? 'moved' : ''", "the page follows a running train", timeout=120)
        session.finish("train")
        check(moved == "moved", "the map updates live while train runs")

        # drag the selection (the threes) and train on from the page
        driver.execute_script("window.latentTest.setMode('move')")
        pointer(driver, [(x, y), (x + 40, y - 20), (x + 120, y - 60)], press=True)
        wait(driver, "return /move m sel to=/.test(document.getElementById('status').textContent)", "the drag runs move")
        driver.find_element(By.ID, "epochs").clear()
        driver.find_element(By.ID, "epochs").send_keys("3")
        driver.find_element(By.ID, "train").click()
        wait(driver, "return /train m d epochs=3/.test(document.getElementById('status').textContent)", "the Train button runs train", timeout=300)
        session.run('save history "session.latent"\nexport (embed m d) to "live.npy"')
        history = open(os.path.join(work, "out", "session.latent")).read()
        check(re.search(r"^move m sel to=\[-?[0-9.e-]+, -?[0-9.e-]+\]$", history, re.M) is not None, "the drag is recorded as move m sel to=[x, y]")
        check('show m d colour="error"' in history and "train m d epochs=3" in history, "colouring and training from the page are recorded")
        with open(os.path.join(work, "replay.latent"), "w") as f:
            f.write(history + 'export (embed m d) to "replayed.npy"\n')
        replay = subprocess.run([LATENT, "run", "replay.latent"], cwd=work, capture_output=True, text=True, timeout=600)
        check(replay.returncode == 0, "the saved history replays" + ("" if replay.returncode == 0 else ": " + replay.stderr[-400:]))
        live = open(os.path.join(work, "out", "live.npy"), "rb").read()
        replayed = open(os.path.join(work, "out", "replayed.npy"), "rb").read() if os.path.exists(os.path.join(work, "out", "replayed.npy")) else b""
        check(live == replayed, "the replay gives the same table, bit for bit")
        driver.save_screenshot(os.path.join(OUT, "viewer-after-move.png"))

        # ---- the offline export ----
        session.run('export view m d to "map.html"')
        path = os.path.join(work, "out", "map.html")
        html = open(path).read()
        check("http://" not in html and "https://" not in html, "the exported page names no network address")
        driver.get("file://" + path)
        hover_a_lone_point(driver, labels, pixels, "the exported page (from a file)")
        driver.save_screenshot(os.path.join(OUT, "viewer-export.png"))
    finally:
        if driver is not None:
            driver.quit()
        session.close()
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} viewer check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("viewer: all checks passed")


main()
