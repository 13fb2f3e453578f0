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
