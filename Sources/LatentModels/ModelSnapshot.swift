import LatentCore

/// The last state of a model known to be good (parameters, moments, optimiser step, history length, the
/// neighbour force's schedule), for rolling back a diverged run. Buffers are allocated at the first capture and reused after.
final class ModelSnapshot {
    private var tensors: [(Matrix, Matrix, Matrix)] = []
    private var step = 0
    private var epochs = 0
    /// The neighbour force's passes over the table (its step-size schedule), when it has one.
    private var layoutEpochs: Double?
    /// False until the first capture: restoring then leaves the model as it is.
    private(set) var holdsState = false

    /// Copies the model's current state into the snapshot.
    func capture(_ model: GenerativeModel) {
        let parameters = model.parameters
        if tensors.count != parameters.count {
            tensors = parameters.map { ($0.value.copy(), $0.moment1.copy(), $0.moment2.copy()) }
        } else {
            for (p, t) in zip(parameters, tensors) {
                t.0.assign(p.value); t.1.assign(p.moment1); t.2.assign(p.moment2)
            }
        }
        step = model.optimizer.step
        epochs = model.history.count
        layoutEpochs = model.asLayoutForce?.neighbourTerm?.epochsDone
        holdsState = true
    }

    /// Puts the captured state back (a no-op before the first capture) and returns the epochs the model
    /// has trained after it.
    @discardableResult
    func restore(into model: GenerativeModel) -> Int {
        guard holdsState else { return model.history.count }
        for (p, t) in zip(model.parameters, tensors) {
            p.value.assign(t.0); p.moment1.assign(t.1); p.moment2.assign(t.2)
        }
        model.optimizer.restore(step: step)
        if let layoutEpochs, let layout = model.asLayoutForce, var term = layout.neighbourTerm {
            term.epochsDone = layoutEpochs
            try? layout.setNeighbourTerm(term, dataset: nil)   // the same graph: its check passed before
        }
        if model.history.count > epochs { model.history.epochs.removeLast(model.history.count - epochs) }
        return epochs
    }
}

extension GenerativeModel {
    /// An independent model in exactly this one's state, to branch an experiment: every parameter with its
    /// Adam moments, the optimiser's settings and step, the loss history, pinned rows and the neighbour force
    /// (graph, data space, schedule). Training the copy leaves this model as it is, and the same training on
    /// both (with equal generators) gives bit-identical results. A data-parallel rank's model passes the
    /// whole table's `samples` and the `rows` it keeps.
    public func independentCopy(samples: Int? = nil, keeping rows: Range<Int>? = nil) throws -> GenerativeModel {
        var unused = Rng(seed: 0)                  // the initial values are all overwritten below
        let copy = try ModelFactory.make(config, samples: samples ?? max(tableRows, 1), features: featureCount,
                                         rng: &unused, keeping: rows)
        let mine = parameters, theirs = copy.parameters
        guard mine.count == theirs.count,
              zip(mine, theirs).allSatisfy({ $0.name == $1.name && $0.value.rows == $1.value.rows && $0.value.cols == $1.value.cols }) else {
            throw ConfigError("a \(config.kind.rawValue) model rebuilt from its configuration has other tensors; it cannot be copied")
        }
        for (p, q) in zip(mine, theirs) {
            q.value.assign(p.value); q.moment1.assign(p.moment1); q.moment2.assign(p.moment2)
        }
        copy.optimizer.config = optimizer.config
        copy.optimizer.restore(step: optimizer.step)
        copy.history = history
        if let tables = asTables { copy.asTables?.setPinned(tables.pinnedRows, true) }
        if let term = asLayoutForce?.neighbourTerm {   // a value: the copy's schedule moves on by itself
            try copy.asLayoutForce?.setNeighbourTerm(term, dataset: nil)
        }
        return copy
    }
}
