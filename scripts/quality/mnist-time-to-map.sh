#!/usr/bin/env bash
# Time to a good map on MNIST train: latent's neighbour-aware gne from the spectral init,
# graph + spectral layout + E epochs of training, against UMAP's fit in the same run, alternately
# (latent, UMAP, latent, UMAP, ...) so that both see the same load on a shared machine. Prints one row per
# run and then the medians: epochs, latent's seconds (graph, init, training, total), 5-fold kNN (k=5),
# island share, UMAP's fit seconds and 5-fold kNN, and latent's total over UMAP's fit.
#
# usage: [LR=5e-3] scripts/quality/mnist-time-to-map.sh [REPEATS] [EPOCHS...]   (default: 3 repeats of 10 20 30)
# needs: .build/release/latent (swift build -c release --product latent) and the peers' venv with umap-learn.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPEATS=${1:-3}; shift || true
EPOCHS=${*:-10 20 30}
LR=${LR:-5e-3}
PY=${PEERS_PYTHON:-/work/.venv-peers/bin/python}
DATA=${MNIST:-../shared/data/mnist}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
list=$(echo $EPOCHS | sed 's/ /, /g')
cat > "$OUT/map.latent" <<LATENT
set seed 1
tr = load "$DATA/train-images-idx3-ubyte.gz" scale=255
for e in [$list] {
    m = model gne init=spectral
    neighbours m tr
    train m tr epochs=e lr=$LR
    print "epochs" e
    r = eval m tr trust=0
}
LATENT
printf '%-4s %-7s %6s %6s %6s %7s %7s %7s %8s %7s %6s\n' run epochs graph init train total knn island umap_fit umap_knn ratio
for rep in $(seq 1 "$REPEATS"); do
    .build/release/latent run "$OUT/map.latent" > "$OUT/latent-$rep.txt" 2>&1
    "$PY" ../shared/bench/bench_umap.py "$DATA" > "$OUT/umap-$rep.json" 2> "$OUT/umap-$rep.err"
    python3 - "$OUT/latent-$rep.txt" "$OUT/umap-$rep.json" "$rep" >> "$OUT/rows.txt" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read(); umap = json.loads(open(sys.argv[2]).read().strip().splitlines()[-1])
blocks = re.split(r"(?=neighbour graph:)", text)[1:]
for b in blocks:
    graph = float(re.search(r"built in ([\d.]+) s", b).group(1))
    init = float(re.search(r"solver iterations in ([\d.]+) s", b).group(1))
    m = re.search(r"trained (\d+) epochs .* in ([\d.]+) s", b)
    epochs, train = int(m.group(1)), float(m.group(2))
    knn = float(re.search(r"accuracy ([\d.]+)", b).group(1))
    island = float(re.search(r"island share ([\d.]+)", b).group(1))
    total = graph + init + train
    print(sys.argv[3], epochs, graph, init, train, round(total, 1), knn, island, umap["fit_sec"], round(umap["cv5_knn"], 4),
          round(total / umap["fit_sec"], 3))
PY
    tail -n $(echo $EPOCHS | wc -w) "$OUT/rows.txt" | while read -r line; do printf '%-4s %-7s %6s %6s %6s %7s %7s %7s %8s %7s %6s\n' $line; done
done
echo "medians over $REPEATS runs (load average now: $(cut -d' ' -f1-3 /proc/loadavg)):"
python3 - "$OUT/rows.txt" <<'PY'
import statistics as s, sys
rows = [l.split() for l in open(sys.argv[1])]
for e in sorted({int(r[1]) for r in rows}):
    sel = [r for r in rows if int(r[1]) == e]
    med = lambda i: s.median(float(r[i]) for r in sel)
    print(f"epochs {e:3d}: latent total {med(5):6.1f} s (graph {med(2):.1f}, init {med(3):.1f}, train {med(4):.1f}), "
          f"kNN {med(6):.4f}, island {med(7):.4f}; UMAP fit {med(8):.1f} s, kNN {med(9):.4f}; ratio {med(10):.3f}")
PY
