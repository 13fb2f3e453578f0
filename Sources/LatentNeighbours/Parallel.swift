import LatentCore

/// A raw pointer handed to parallel workers that write disjoint ranges of it.
package struct SharedPointer<T>: @unchecked Sendable {
    package let base: UnsafeMutablePointer<T>
    package init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}

/// Runs `body(c)` for every chunk index `c` in `0..<chunks` on LatentCore's thread team (`Parallel`), so
/// evaluation uses the threads the `threads` setting gives, like training. Chunks write disjoint
/// results, so what they compute never depends on which thread runs them.
package func parallelChunks(_ chunks: Int, _ body: @Sendable (Int) -> Void) {
    Parallel.run(chunks: chunks, body)
}
