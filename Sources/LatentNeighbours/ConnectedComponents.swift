/// Connected components of an undirected graph, by union-find with path halving.
public enum ConnectedComponents {
    /// The component of every node of a graph on `count` nodes with the undirected `edges` (each pair
    /// once or twice, either order): labels 0 ..< components, numbered in order of each component's
    /// smallest node, so the labelling is a function of the graph alone.
    public static func labels(count n: Int, edges: some Sequence<(Int, Int)>) -> (labels: [Int], components: Int) {
        var parent = Array(0..<n)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for (a, b) in edges {
            let ra = root(a), rb = root(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        var label = [Int](repeating: -1, count: n), next = 0
        var out = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let r = root(i)
            if label[r] < 0 { label[r] = next; next += 1 }
            out[i] = label[r]
        }
        return (out, next)
    }

    /// The components of a graph in compressed rows: row i's neighbours are `targets[start[i] ..< start[i + 1]]`.
    public static func labels(start: [Int], targets: [Int32]) -> (labels: [Int], components: Int) {
        let n = start.count - 1
        return labels(count: n, edges: (0..<n).lazy.flatMap { i in
            (start[i]..<start[i + 1]).lazy.map { (i, Int(targets[$0])) }
        })
    }

    /// The nodes of a graph in compressed rows whose edges are stored in both rows (as a fuzzy graph's),
    /// in breadth-first order: from node 0, each row's targets in stored order, then from the smallest node
    /// not yet reached, and so on; with the number of components (the traversals started).
    public static func breadthFirst(start: [Int], targets: [Int32]) -> (order: [Int], components: Int) {
        let n = start.count - 1
        var seen = [Bool](repeating: false, count: n)
        var order: [Int] = []
        order.reserveCapacity(n)
        var components = 0
        for root in 0..<n where !seen[root] {
            components += 1
            seen[root] = true
            order.append(root)
            var head = order.count - 1
            while head < order.count {
                let i = order[head]
                head += 1
                for e in start[i]..<start[i + 1] {
                    let j = Int(targets[e])
                    if !seen[j] { seen[j] = true; order.append(j) }
                }
            }
        }
        return (order, components)
    }
}
