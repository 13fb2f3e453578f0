import LatentCore

/// A table model that carries the neighbour force on its positions table (gne's table, gnd's means):
/// the force's training hooks are written once here, for every such model.
///
/// With a force the loss components gain a last one, "neighbour", which is added into the first (the total):
/// the `smooth` form's gradient joins the positions table's gradient before the optimiser step; the `umap`
/// form moves the positions table after it.
public protocol NeighbourForceModel: LayoutForceModel, TableModel, DataParallelModel {
    /// The force (nil: none), stored by the model.
    var neighbourTerm: NeighbourTerm? { get set }
    /// The positions table's gradient (B, k) for the batch rows, written by the reconstruction's step.
    var positionGradient: Matrix { get }
    /// The `umap` layout's state on one rank of a data-parallel `train` call, set by the trainer for the
    /// call's length (NeighbourTerm+DataParallel.swift); nil in one process.
    var shardedLayout: ShardedLayout? { get set }
}

extension NeighbourForceModel {
    /// Sets the neighbour force (nil removes it) after checking that its graph matches the table's rows;
    /// `dataset` names the data the graph was built from, for the error.
    public func setNeighbourTerm(_ term: NeighbourTerm?, dataset: String? = nil) throws {
        try term?.check(tableRows: tableRows, dataset: dataset)
        neighbourTerm = term
    }

    /// A neighbour force set directly (not through `setNeighbourTerm`) is checked before training.
    public func checkTrainable() throws { try neighbourTerm?.check(tableRows: shardedLayout?.shard.total ?? tableRows) }

    /// The neighbour force reads rows anywhere in the table, unless it runs sharded.
    public var needsWholeTables: Bool { neighbourTerm != nil && shardedLayout == nil }

    /// The sharded layout's last exchange, so that every move owed to this rank's rows lands before the call
    /// returns. Collective.
    func settleShardedLayout() { shardedLayout?.exchange(table: positions.table.value, pinned: positions.pinned) }

    /// Ends an unscheduled neighbour layout's step-size decay with this run.
    public func willTrain(epochs: Int) { neighbourTerm?.scheduleDecay(epochs: epochs) }

    /// The components' names: `reconstruction`'s, then "neighbour" with a force.
    func forceComponents(_ reconstruction: [String]) -> [String] {
        neighbourTerm == nil ? reconstruction : reconstruction + ["neighbour"]
    }

    /// The reconstruction's losses `losses` (total first) with the `smooth` form's loss appended and added to the
    /// total, its gradient added to `positionGradient`; unchanged without a force.
    func withNeighbourGradient(_ losses: [Float], _ batch: TrainingBatch) -> [Float] {
        guard let term = neighbourTerm else { return losses }
        let neighbour = term.accumulate(table: positions.table.value, rows: batch.indices, grad: positionGradient)
        var out = losses + [neighbour]
        out[0] += neighbour
        return out
    }

    /// The `umap` layout moves the positions table after the optimiser step (plain SGD moves, outside Adam);
    /// its loss becomes the last component and joins the total.
    public func afterStep(_ batch: TrainingBatch, losses: inout [Float], rng: inout Rng) {
        guard neighbourTerm?.form == .umap else { return }
        let layout = shardedLayout.map { $0.step(&neighbourTerm!, table: positions.table.value, batch: batch, pinned: positions.pinned) }
            ?? neighbourTerm!.layoutStep(table: positions.table.value, rows: batch.indices, pinned: positions.pinned, rng: &rng)
        losses[0] += layout - losses[losses.count - 1]
        losses[losses.count - 1] = layout
    }
}
