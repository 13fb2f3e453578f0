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
            "cnn": ["model"],
            "convolution": ["model"],
            "deconvolution": ["model"],
        ])
    }
}
