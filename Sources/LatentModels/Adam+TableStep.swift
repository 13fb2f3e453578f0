import LatentCore

extension Adam {
    /// One Adam step on the `rows` of an embedding table from their gradients (B, k), dense or
    /// row-sparse as `mode` says. Call after `beginStep()`. Dense Adam defers the zero-gradient steps of
    /// the other rows (`updateDeferred`, the same numbers at a cost independent of n) unless
    /// `readsAnyRow` (a neighbour force reads rows outside the batch at every step, so they must be up to
    /// date) or the table is small: the eager pass (`updateDense`) costs each row n/B steps per epoch,
    /// the deferral up to its window (about 160 steps) at every gradient and again when it settles, so
    /// below n = window · B the eager pass is the cheaper of the two.
    func update(_ table: EmbeddingTable, rows: UnsafeBufferPointer<Int>, grads: Matrix, mode: TableOptimizer,
                readsAnyRow: Bool) {
        switch mode {
        case .adam:
            if readsAnyRow || table.count <= DeferredAdamSteps.window(beta1: config.beta1) * rows.count {
                updateDense(table, rows: rows, grads: grads)
            } else {
                updateDeferred(table, rows: rows, grads: grads)
            }
        case .lazy: updateRows(table, rows: rows, grads: grads)
        }
    }
}
