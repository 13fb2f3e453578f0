import LatentCore

extension Adam {
    /// One Adam step on the `rows` of an embedding table from their gradients (B, k), dense or
    /// row-sparse as `mode` says. Call after `beginStep()`.
    func update(_ table: EmbeddingTable, rows: UnsafeBufferPointer<Int>, grads: Matrix, mode: TableOptimizer) {
        switch mode {
        case .adam: updateDense(table, rows: rows, grads: grads)
        case .lazy: updateRows(table, rows: rows, grads: grads)
        }
    }
}
