import LatentCore

extension Adam {
    /// One Adam step on the `rows` of an embedding table from their gradients (B, k), dense or
    /// row-sparse as `mode` says. Call after `beginStep()`. Dense Adam defers the zero-gradient steps of
    /// the other rows (`updateDeferred`, the same numbers at a cost independent of n) unless
    /// `readsAnyRow`: a neighbour force reads rows outside the batch at every step, so they must be up to
    /// date, and the eager pass over the whole table (`updateDense`) is the cheaper way to keep them so.
    func update(_ table: EmbeddingTable, rows: UnsafeBufferPointer<Int>, grads: Matrix, mode: TableOptimizer,
                readsAnyRow: Bool) {
        switch mode {
        case .adam:
            if readsAnyRow { updateDense(table, rows: rows, grads: grads) } else { updateDeferred(table, rows: rows, grads: grads) }
        case .lazy: updateRows(table, rows: rows, grads: grads)
        }
    }
}
