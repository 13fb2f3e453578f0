"""Reference values for SklearnReferenceTests.swift, computed with scikit-learn.

The data come from a fixed formula (no random generator), rounded to 3 decimals and passed through
float32 so Swift and Python see identical inputs. Rows 0-39 train and rows 40-59 test a 3-NN
classifier; trustworthiness and continuity use k = 5 on all 60 rows; PCA keeps 2 components. Run:  python sklearn_reference.py
"""
import math

import numpy as np
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness
from sklearn.metrics import accuracy_score, precision_recall_fscore_support
from sklearn.neighbors import KNeighborsClassifier


def dataset():
    x, y, emb = [], [], []
    for i in range(60):
        c = (i * 7) % 3
        row = [round(c * 0.5 + math.sin(0.71 * i * i + 1.9 * j) + 0.5 * math.cos(1.37 * i + 0.3 * j * j), 3)
               for j in range(5)]
        x.append(row)
        y.append(c)
        emb.append([round(row[0] + 0.5 * row[3], 3), round(row[1] * row[2] + 0.2 * row[4], 3)])
    return (np.array(x, dtype=np.float32).astype(np.float64), np.array(y),
            np.array(emb, dtype=np.float32).astype(np.float64))


def main():
    x, y, emb = dataset()
    train, test = slice(0, 40), slice(40, 60)
    clf = KNeighborsClassifier(n_neighbors=3).fit(x[train], y[train])
    pred = clf.predict(x[test])
    # The Swift classifier breaks vote ties by the nearest neighbour; make sure none occur here.
    neigh = clf.kneighbors(x[test], return_distance=False)
    for row in neigh:
        counts = np.bincount(y[train][row], minlength=3)
        assert (counts == counts.max()).sum() == 1, "vote tie"
    p, r, f, _ = precision_recall_fscore_support(y[test], pred, average="macro", zero_division=0)
    print("x =", [[round(float(v), 3) for v in row] for row in x])
    print("labels =", [int(v) for v in y])
    print("embedding =", [[round(float(v), 3) for v in row] for row in emb])
    print("predicted =", [int(v) for v in pred])
    print(f"accuracy = {accuracy_score(y[test], pred):.12f}")
    print(f"macro_precision = {p:.12f}")
    print(f"macro_recall = {r:.12f}")
    print(f"macro_f1 = {f:.12f}")
    print(f"trustworthiness_k5 = {trustworthiness(x, emb, n_neighbors=5):.12f}")
    print(f"continuity_k5 = {trustworthiness(emb, x, n_neighbors=5):.12f}")
    pca = PCA(n_components=2, svd_solver="full").fit(x)
    print("pca_explained_variance =", [round(float(v), 12) for v in pca.explained_variance_])
    print("pca_components =", [[round(float(v), 12) for v in row] for row in pca.components_])


if __name__ == "__main__":
    main()
