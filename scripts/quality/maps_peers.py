"""Shared code of scripts/quality/maps-vs-peers and scripts/quality/seed-stability: the data sets, the four
map makers (latent's neighbour map, openTSNE, umap-learn, PaCMAP), each run in its own process so that its
seconds and peak memory are its own, and the scores, computed by the same scikit-learn code for every map.

Data: MNIST (60000 train / 10000 test as shipped), and the digits, COIL-20 and ORL split 80/20, stratified
by class (random_state 0); pixels scaled to [0, 1]; the scikit-learn tables (out/tables/*.csv from
scripts/export-sklearn-tables) standardised per feature and split the same way.

Scores of a map (train embedding E (n, 2), test embedding T):
  knn5    5-fold kNN accuracy (k=5) on E, KFold(5, shuffle, random_state 0), predictions pooled
  test    kNN (k=5) fitted on E, accuracy on T (the method's own transform of the held-out rows)
  trust   trustworthiness (k=10) on at most 5000 train rows (default_rng(0)), the same rows for every map
  centres Spearman correlation of the class centres' pairwise distances, in the data and on the map
"""
import csv
import gzip
import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.environ.get("LATENT_DATA", os.path.join(ROOT, "..", "shared", "data"))
IMAGES = {"digits": ("sklearn-digits", "digits", 16.0), "coil20": ("coil20-32x32", "coil20", 255.0),
          "orl": ("orl-faces-32x32", "orl", 255.0)}
TABLES = ["wine", "breast-cancer"]


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def split(x, y):
    from sklearn.model_selection import train_test_split
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.2, stratify=y, random_state=0)
    return xtr, ytr, xte, yte


def load(name):
    """(x_train, y_train, x_test, y_test) as float32 / int64."""
    if name == "mnist":
        d = os.path.join(DATA, "mnist")
        xtr = read_idx(os.path.join(d, "train-images-idx3-ubyte.gz")).reshape(60000, -1) / np.float32(255)
        xte = read_idx(os.path.join(d, "t10k-images-idx3-ubyte.gz")).reshape(10000, -1) / np.float32(255)
        ytr = read_idx(os.path.join(d, "train-labels-idx1-ubyte.gz")).astype(np.int64)
        yte = read_idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
        return xtr.astype(np.float32), ytr, xte.astype(np.float32), yte
    if name in IMAGES:
        folder, stem, top = IMAGES[name]
        d = os.path.join(DATA, folder)
        x = read_idx(os.path.join(d, stem + "-images-idx3-ubyte.gz"))
        x = (x.reshape(len(x), -1) / np.float32(top)).astype(np.float32)
        y = read_idx(os.path.join(d, stem + "-labels-idx1-ubyte.gz")).astype(np.int64)
        return split(x, y)
    if name in TABLES:
        path = os.path.join(ROOT, "out", "tables", name + ".csv")
        with open(path) as f:
            rows = list(csv.reader(f))
        x = np.array([[float(v) for v in r[:-1]] for r in rows[1:]])
        classes = sorted({r[-1] for r in rows[1:]})
        y = np.array([classes.index(r[-1]) for r in rows[1:]], dtype=np.int64)
        sd = x.std(axis=0)
        x = ((x - x.mean(axis=0)) / np.where(sd > 0, sd, 1)).astype(np.float32)
        return split(x, y)
    raise SystemExit(f"unknown data set '{name}' (expected mnist, {', '.join(IMAGES)}, {', '.join(TABLES)})")


def available(name):
    if name in TABLES:
        return os.path.exists(os.path.join(ROOT, "out", "tables", name + ".csv"))
    folder = "mnist" if name == "mnist" else IMAGES[name][0]
    return os.path.isdir(os.path.join(DATA, folder))


# ---- the map makers, each in a child process -------------------------------------------------------------

def make_peer(method, name, seed, threads, out):
    """In the child: fit `method` on the train rows, transform the test rows, save both, print seconds."""
    xtr, ytr, xte, yte = load(name)
    t0 = time.perf_counter()
    if method == "opentsne":
        import openTSNE
        fit = openTSNE.TSNE(n_jobs=threads, random_state=seed).fit(xtr)
        e, t = np.asarray(fit), np.asarray(fit.transform(xte))
    elif method == "umap":
        import umap
        m = umap.UMAP(random_state=seed, n_jobs=threads)
        e = m.fit_transform(xtr)
        t = m.transform(xte)
    elif method == "pacmap":
        import pacmap
        m = pacmap.PaCMAP(random_state=seed, save_tree=True)
        e = m.fit_transform(xtr)
        t = m.transform(xte, basis=xtr)
    else:
        raise SystemExit(f"unknown method {method}")
    seconds = time.perf_counter() - t0
    np.save(os.path.join(out, "train.npy"), np.asarray(e, dtype=np.float32))
    np.save(os.path.join(out, "test.npy"), np.asarray(t, dtype=np.float32))
    print(json.dumps({"seconds": seconds}))


LATENT_RECIPE = """set seed {seed}
set threads {threads}
tr = load "{dir}/x-train.npy"
te = load "{dir}/x-test.npy"
m = model gne {model}
neighbours m tr {neighbours}
train m tr {train}
export (embed m tr) to "{dir}/train.npy"
export (embed m te) to "{dir}/test.npy"
"""


def latent_script(dir, seed, threads):
    """latent's default map; MAP_MODEL, MAP_NEIGHBOURS and MAP_TRAIN add or change the `model gne`, `neighbours`
    and `train` options."""
    return LATENT_RECIPE.format(seed=seed, threads=threads, dir=dir, model=os.environ.get("MAP_MODEL", "init=spectral"),
                                neighbours=os.environ.get("MAP_NEIGHBOURS", ""),
                                train=os.environ.get("MAP_TRAIN", ""))


def run(method, name, seed, threads, work):
    """Runs one map maker in a child process; returns (train map, test map, seconds, peak MiB)."""
    out = tempfile.mkdtemp(prefix=f"{method}-{name}-{seed}-", dir=work)
    if method == "latent":
        xtr, ytr, xte, yte = load(name)
        for part, x, y in (("train", xtr, ytr), ("test", xte, yte)):
            np.save(os.path.join(out, f"x-{part}.npy"), x)
            np.save(os.path.join(out, f"x-{part}.labels.npy"), y)
        script = os.path.join(out, "map.latent")
        with open(script, "w") as f:
            f.write(latent_script(out, seed, threads))
        binary = os.environ.get("LATENT_BINARY", os.path.join(ROOT, ".build", "release", "latent"))
        cmd = [binary, "run", script]
    else:
        cmd = [sys.executable, os.path.abspath(__file__), "child", method, name, str(seed), str(threads), out]
    t0 = time.perf_counter()
    with open(os.path.join(out, "stdout"), "w") as so, open(os.path.join(out, "stderr"), "w") as se:
        child = subprocess.Popen(cmd, stdout=so, stderr=se)
        _, status, usage = os.wait4(child.pid, 0)      # the child's own rusage: its peak RSS alone
    wall = time.perf_counter() - t0
    stdout = open(os.path.join(out, "stdout")).read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{method} on {name} failed:\n{stdout}\n{open(os.path.join(out, 'stderr')).read()}")
    if method == "latent":
        seconds = wall                     # the whole process: load, graph, spectral start, training, embed
        if os.environ.get("MAP_VERBOSE"):
            sys.stderr.write(stdout)
    else:
        seconds = json.loads(stdout.strip().splitlines()[-1])["seconds"]   # fit + transform
    peak = usage.ru_maxrss / 1024
    e = np.load(os.path.join(out, "train.npy")).astype(np.float64)
    t = np.load(os.path.join(out, "test.npy")).astype(np.float64)
    return e[:, :2], t[:, :2], seconds, peak


# ---- scores ----------------------------------------------------------------------------------------------

def scores(xtr, ytr, yte, e, t):
    from scipy.stats import spearmanr
    from sklearn.manifold import trustworthiness
    from sklearn.model_selection import KFold, cross_val_predict
    from sklearn.neighbors import KNeighborsClassifier
    knn5 = float((cross_val_predict(KNeighborsClassifier(5), e, ytr, cv=KFold(5, shuffle=True, random_state=0)) == ytr).mean())
    test = float((KNeighborsClassifier(5).fit(e, ytr).predict(t) == yte).mean())
    rows = np.random.default_rng(0).choice(len(xtr), min(5000, len(xtr)), replace=False)
    trust = float(trustworthiness(xtr[rows], e[rows], n_neighbors=10))
    classes = np.unique(ytr)
    cx = np.stack([xtr[ytr == c].mean(axis=0) for c in classes])
    ce = np.stack([e[ytr == c].mean(axis=0) for c in classes])
    iu = np.triu_indices(len(classes), 1)
    dx = np.linalg.norm(cx[:, None] - cx[None], axis=2)[iu]
    de = np.linalg.norm(ce[:, None] - ce[None], axis=2)[iu]
    centres = float(spearmanr(dx, de)[0])
    return {"knn5": knn5, "test": test, "trust": trust, "centres": centres}


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "child":
    _, _, method, name, seed, threads, out = sys.argv
    make_peer(method, name, int(seed), int(threads), out)
