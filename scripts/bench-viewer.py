"""The viewer's figures in headless chromium (docs/viewer.md): for 10^4, 10^5 and 10^6 points, the time of
`show`, the time from opening the page to its first drawn frame, and the frame time of a pan; the size of
`export view` for MNIST's 60000 training images with thumbnails and the time its page takes to draw; the
decoder's latency at the cursor. Usage (after scripts/test-viewer made .venv-viewer):
    .venv-viewer/bin/python scripts/bench-viewer.py .build/release/latent [MNIST_FOLDER]"""
import json
import os
import random
import statistics
import struct
import sys
import tempfile
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from viewer_driver import Session, browser, pointer, wait_for  # noqa: E402

LATENT = os.path.abspath(sys.argv[1])
MNIST = sys.argv[2] if len(sys.argv) > 2 else "/work/shared/data/mnist"


def wait(driver, script, what, timeout=60):
    if wait_for(driver, script, timeout) is None:
        raise SystemExit(what + ": timed out")


def npy(path, array_bytes, shape, dtype):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (dtype, shape)
    header += " " * (63 - (len(header) + 10) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + array_bytes)


def clusters(n, seed=1):
    """n points in 10 Gaussian clusters, float32 (n, 2), labels int32."""
    rng = random.Random(seed)
    centres = [(rng.uniform(-10, 10), rng.uniform(-10, 10)) for _ in range(10)]
    xy, labels = bytearray(), bytearray()
    for i in range(n):
        c = i % 10
        xy += struct.pack("<ff", rng.gauss(centres[c][0], 1.2), rng.gauss(centres[c][1], 1.2))
        labels += struct.pack("<i", c)
    return bytes(xy), bytes(labels)


def median(v):
    return statistics.median(v) if v else float("nan")


def p95(v):
    return sorted(v)[int(0.95 * (len(v) - 1))] if v else float("nan")


def main():
    work = tempfile.mkdtemp(prefix="latent-viewer-bench-")
    session = Session(LATENT, work)
    driver = browser()
    driver.set_script_timeout(900)
    results = {"load": os.getloadavg()}
    try:
        for n in [10_000, 100_000, 1_000_000]:
            xy, labels = clusters(n)
            npy(os.path.join(work, f"p{n}.npy"), xy, f"({n}, 2)", "<f4")
            npy(os.path.join(work, f"p{n}.labels.npy"), labels, f"({n},)", "<i4")
            session.run(f'u{n} = load "p{n}.npy"')
            t0 = time.perf_counter()
            _, pages = session.run(f"show u{n}")
            show_ms = (time.perf_counter() - t0) * 1000
            driver.get(pages[0])
            wait(driver, f"return window.latentStats.firstFrame !== null && window.latentTest.count() === {n}", f"{n} points drawn", timeout=300)
            first = driver.execute_script("return window.latentStats.firstFrame")
            points_ms = driver.execute_script("return window.latentStats.pointsMs")
            frames = 30 if n < 1_000_000 else 6
            draw = driver.execute_script(f"return window.latentTest.drawMs({frames})")
            pan = driver.execute_script(f"return window.latentTest.panFrames({frames}).then(t => t)")
            moved = driver.execute_script("return window.latentTest.panPreviewFrames(30).then(t => t)")
            results[str(n)] = {"show_ms": round(show_ms, 1), "first_frame_ms": round(first, 1), "points_fetch_ms": round(points_ms, 1),
                               "draw_ms_median": round(median(draw), 2), "draw_ms_p95": round(p95(draw), 2),
                               "redraw_pan_frame_ms_median": round(median(pan), 2), "redraw_pan_frame_ms_p95": round(p95(pan), 2),
                               "moved_image_frame_ms_median": round(median(moved), 2), "moved_image_frame_ms_p95": round(p95(moved), 2)}
            print(n, results[str(n)], flush=True)
            session.run(f"del u{n}")

        # MNIST: the export's size, and the decoder at the cursor
        session.run(f'set seed 1\nset progress false\nd = load "{MNIST}/train-images-idx3-ubyte.gz" scale=255\n'
                    "m = model gne dims=2 init=pca\ntrain m d epochs=2 batch=1024")
        t0 = time.perf_counter()
        session.run('export view m d to "mnist.html"')
        export_s = time.perf_counter() - t0
        path = os.path.join(work, "out", "mnist.html")
        size = os.path.getsize(path)
        driver.get("file://" + path)
        wait(driver, "return window.latentStats.firstFrame !== null && window.latentTest.count() === 60000", "MNIST export drawn", timeout=300)
        results["mnist_export"] = {"bytes": size, "MB": round(size / 1e6, 1), "export_s": round(export_s, 1),
                                   "first_frame_ms": round(driver.execute_script("return window.latentStats.firstFrame"), 1)}
        print("export", results["mnist_export"], flush=True)

        _, pages = session.run("show m d")
        url = pages[0]
        driver.get(url)
        wait(driver, "return window.latentStats.firstFrame !== null && window.latentTest.count() === 60000", "MNIST page drawn", timeout=300)
        results["mnist_show_first_frame_ms"] = round(driver.execute_script("return window.latentStats.firstFrame"), 1)
        # the page's decode requests while the cursor moves (fetch included), and the bare request from here
        cx, cy = driver.execute_script("return window.latentTest.screenOf(0)")
        for k in range(40):
            pointer(driver, [(cx + 3 * (k % 20) - 30, cy + 2 * (k // 20))])
            time.sleep(0.05)
        page_ms = driver.execute_script("return window.latentStats.decodeMs")
        parsed = urllib.parse.urlsplit(url)
        token = urllib.parse.parse_qs(parsed.query)["token"][0]
        view = parsed.path.rsplit("/", 1)[1]
        bare = []
        for k in range(50):
            t0 = time.perf_counter()
            urllib.request.urlopen(f"http://{parsed.netloc}/api/{view}/decode?x={k / 50}&y=0.1&token={token}").read()
            bare.append((time.perf_counter() - t0) * 1000)
        results["decode_ms"] = {"page_median": round(median(page_ms), 2), "page_p95": round(p95(page_ms), 2), "page_requests": len(page_ms),
                                "http_median": round(median(bare), 2), "http_p95": round(p95(bare), 2)}
        print("decode", results["decode_ms"], flush=True)
    finally:
        driver.quit()
        session.close()
    results["load_after"] = os.getloadavg()
    print(json.dumps(results, indent=1))


main()
