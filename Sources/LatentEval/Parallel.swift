import Dispatch

/// A raw pointer handed to parallel workers that write disjoint ranges of it.
struct SharedPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}

/// Runs `body(c)` for every chunk index `c` in `0..<chunks`, spread over the cores.
func parallelChunks(_ chunks: Int, _ body: @Sendable (Int) -> Void) {
    if chunks <= 1 { if chunks == 1 { body(0) }; return }
    DispatchQueue.concurrentPerform(iterations: chunks, execute: body)
}
