#!/usr/bin/env bash
# One island per class: the island share (eval's island_share: per class, the share of its
# points in the largest connected component of the k=15 kNN graph of its points on the map, averaged over
# the classes) of latent's neighbour-aware gne on MNIST train from init=pca and from init=spectral, beside
# UMAP's map of the same images scored by the same code (UMAP's embedding saved as .npy, loaded and
# evaluated by latent).
#
# usage: scripts/quality/mnist-islands.sh [EPOCHS]     (default 100, as scripts/quality/mnist-neighbours.latent)
# needs: .build/release/latent and the peers' venv with umap-learn.
set -euo pipefail
cd "$(dirname "$0")/../.."
EPOCHS=${1:-100}
PY=${PEERS_PYTHON:-/work/.venv-peers/bin/python}
DATA=${MNIST:-../shared/data/mnist}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$PY" ../shared/bench/bench_umap.py "$DATA" --save "$OUT/umap" > "$OUT/umap.json"
cat > "$OUT/islands.latent" <<LATENT
set seed 1
set progress false
tr = load "$DATA/train-images-idx3-ubyte.gz" scale=255
for init in ["pca", "spectral"] {
    m = model gne init=init
    neighbours m tr
    train m tr epochs=$EPOCHS lr=5e-3
    print "latent init" init
    r = eval m tr trust=0
}
u = load "$OUT/umap-train.npy"
print "UMAP 0.5.12"
r = eval u tr trust=0
LATENT
.build/release/latent run "$OUT/islands.latent" | grep -E "^(latent init|UMAP|accuracy|island|init=spectral|trained)"
echo "UMAP's own figures: $(cat "$OUT/umap.json")"
