import LatentScript

extension CommandRegistry {
    /// Words from other tools (UMAP, scikit-learn) that `help WORD` turns into latent commands.
    func addDomainSearchTerms() {
        addSearchTerms([
            "transform": ["embed", "scale"],
            "fit": ["train"],
            "fit_transform": ["train", "embed"],
            "predict": ["embed", "eval"],
            "umap": ["neighbours"],
            "tsne": ["neighbours"],
            "knn": ["eval", "neighbours"],
            "neighbor": ["neighbours"],
            "neighbors": ["neighbours"],
            "decode": ["generate"],
            "clone": ["copy"],
            "deepcopy": ["copy"],
            "branch": ["copy"],
            "scatter": ["plot embedding", "plot compare"],
            "sigmoid": ["model"],
            "activation": ["model"],
            "standardize": ["scale", "model"],
            "png": ["load"],
            "jpeg": ["load"],
            "jpg": ["load"],
            "imagefolder": ["load"],
            "folder": ["load"],
            "augmentation": ["augment"],
            "rotate": ["augment"],
            "cnn": ["model"],
            "convolution": ["model"],
            "deconvolution": ["model"],
        ])
    }
}
