import LatentScript

extension CommandRegistry {
    /// The examples on the domain commands' help pages. They use the usual names: d (a labelled Dataset, m's
    /// training data), m and m2 (gne models), tr and te (a split), e (an Embedding), g (Samples), c (a
    /// supervised gnd), v (a vae), k (a kaleido), paths (trajectories), s (rows), t (a table), r (a report), u (a Dataset
    /// of 2-D coordinates made elsewhere, e.g. UMAP's, loaded from umap.csv);
    /// DocumentedExamplesTests defines them and runs every example.
    func addDomainExamples() {
        addExamples([
            "load": ["faces = load \"faces/\" size=[32, 32] scale=255", "plot images (load \"faces/\" size=[32, 32]) to \"faces.png\""],
            "head": ["h = head d 100", "head e 5", "head g 3"],
            "sample": ["s = sample d 100"],
            "split": ["p = split d test=0.2", "print p.train.count p.test.count"],
            "concat": ["all = concat tr te"],
            "augment": ["big = augment d copies=3 shift=2 rotate=10"],
            "scale": ["z = scale d standard"],
            "export": ["export e to \"emb.csv\"", "export t to \"results.npy\""],
            "model": ["m = model gne dims=2 init=pca", "u = model gne init=spectral", "c = model gnd supervised=true hidden=[64, 256] beta=0.01",
                      "m3 = model gne output=identity", "cm = model gne decoder=conv channels=16"],
            "train": ["train m d epochs=2 batch=128 lr=3e-3", "train m d epochs=1",
                      "train (model vae decoder=conv encoder=conv) d epochs=2"],
            "copy": ["m3 = copy m"],
            "losses": ["losses m last=5"],
            "save": ["save m \"digits.model\""],
            "generate": ["g = generate m grid=12", "generate m count=64", "generate c count=16 class=3",
                         "generate k count=8 burn=5 chain=true", "print (generate k count=20 burn=30 noise=0).settled"],
            "infer": ["paths = infer v te steps=10 noise=0.3", "print paths.moves",
                      "t = infer v te steps=5 noise=0.4 centres=tr", "print paths.centre_ratio (eval (embed v tr) tr test=paths[2] quiet=true).accuracy"],
            "eval": ["r = eval m d knn=5", "eval m tr test=te", "eval g tr test=te", "r = eval m d quiet=true",
                     "r = eval (generate v count=300) tr test=te", "print (eval (generate v count=300) tr test=te quiet=true).frechet_baseline"],
            "plot embedding": ["plot embedding m to \"map.png\"", "plot embedding e to \"test-map.svg\"",
                               "plot embedding m to \"dense.png\" size=[800, 600] pointsize=0.5 alpha=0.3", "plot embedding u to \"umap.png\"",
                               "plot embedding a to \"dims.png\" dims=[1, 0]"],
            "plot loss": ["plot loss m m2 to \"loss.png\""],
            "plot images": ["plot images g to \"lattice.png\""],
            "plot trajectories": ["plot trajectories paths to \"paths.png\""],
            "plot compare": ["plot compare m m2 to \"compare.png\"", "plot compare u m to \"umap-vs-gne.png\" alpha=0.5"],
            "plot lines": ["plot lines t x=\"lr\" y=\"accuracy\" to \"sweep.png\""],
            "select": ["s = select d label=3", "s = select m box=[0, 0, 1, 1]", "s = select d label=3 first=10"],
            "pin": ["pin m s"],
            "unpin": ["unpin m s", "unpin m"],
            "move": ["move m s to=[2, 2]"],
            "reassign": ["reassign m d grid=12"],
            "neighbours": ["neighbours m d weight=0.3", "neighbours c d", "neighbours m d exaggeration=0"],
        ])
    }
}
