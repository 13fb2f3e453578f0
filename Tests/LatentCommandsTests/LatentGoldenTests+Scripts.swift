// Written by scripts/golden-tests from Tests/LatentCommandsTests/golden-latent: one test per golden script. Do not edit.
extension LatentGoldenTests {
    static let listed = [
        "data",
        "editing",
        "generate",
        "load_errors",
        "model_errors",
        "results",
        "static_errors",
        "tables",
        "train_gne",
        "vae_kaleido",
    ]

    func test_data() throws { try check("data") }

    func test_editing() throws { try check("editing") }

    func test_generate() throws { try check("generate") }

    func test_load_errors() throws { try check("load_errors") }

    func test_model_errors() throws { try check("model_errors") }

    func test_results() throws { try check("results") }

    func test_static_errors() throws { try check("static_errors") }

    func test_tables() throws { try check("tables") }

    func test_train_gne() throws { try check("train_gne") }

    func test_vae_kaleido() throws { try check("vae_kaleido") }
}
