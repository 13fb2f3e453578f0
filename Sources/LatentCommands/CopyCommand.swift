extension CommandRegistry {
    /// `copy`: an independent model, to branch an experiment.
    func registerCopyCommand() {
        register(Command("copy", group: "Models", returns: .object(ModelObject.self), summary: "An independent copy of a model, to branch an experiment (m2 = copy m).",
                         details: """
                         The copy has every weight, table row, optimiser moment and step, the loss history, pins, the
                         neighbour force and the train settings kept so far; training one leaves the other as it is. From
                         the copy on, both models draw their shuffles and noise from their own copy of one generator, so
                         the same train call on each prints the same losses (compare a change on m2 against m fairly), and
                         'set seed' no longer changes how they train.
                         """,
                         positionals: [Copy.model],
                         examples: ["m3 = copy m"]) { args, session in
            .object(try args[Copy.model].copy(session: session))
        })
    }
}

/// The parameters of `copy`.
private enum Copy {
    static let model = Positional<ModelObject>("model", "the model to copy")
}
