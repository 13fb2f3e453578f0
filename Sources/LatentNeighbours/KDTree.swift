import LatentCore
/// A k-d tree over low-dimensional points for exact k-nearest-neighbour queries.
///
/// Points are copied in tree order so each leaf is contiguous. Splits are at the median of the widest
/// coordinate; a node's left half has coordinates `<= split`, its right half `>= split`.
struct KDTree: @unchecked Sendable {
    /// A tree node: leaves have `left < 0` and own points `start..<end` (tree order); `minIndex` is
    /// the smallest original index below the node (lets exact distance ties be pruned by index).
    struct Node {
        var start: Int32, end: Int32
        var left: Int32, right: Int32
        var axis: Int32
        var split: Float
        var minIndex: Int32 = .max
    }

    let dim: Int
    let count: Int
    /// Points in tree order, `count x dim`.
    let points: [Float]
    /// Original index of each point in tree order.
    let order: [Int32]
    let nodes: [Node]
    static let leafSize = 12

    /// Builds the tree over the rows of `data`.
    init(_ data: Matrix) {
        dim = data.cols
        count = data.rows
        var order = (0..<Int32(data.rows)).map { $0 }
        var nodes: [Node] = []
        nodes.reserveCapacity(2 * max(1, data.rows / KDTree.leafSize) + 1)
        let src = data.base
        let dim = self.dim
        order.withUnsafeMutableBufferPointer { ord in
            // Explicit stack of (node index, start, end) to build without recursion.
            nodes.append(Node(start: 0, end: Int32(data.rows), left: -1, right: -1, axis: 0, split: 0))
            var stack: [Int] = data.rows > KDTree.leafSize ? [0] : []
            while let ni = stack.popLast() {
                let s = Int(nodes[ni].start), e = Int(nodes[ni].end)
                var axis = 0
                var widest: Float = -1
                for c in 0..<dim {
                    var lo = Float.infinity, hi = -Float.infinity
                    for p in s..<e {
                        let v = src[Int(ord[p]) * dim + c]
                        lo = min(lo, v); hi = max(hi, v)
                    }
                    if hi - lo > widest { widest = hi - lo; axis = c }
                }
                let m = (s + e) / 2
                KDTree.select(ord, s, e, m) { src[Int($0) * dim + axis] }
                let split = src[Int(ord[m]) * dim + axis]
                let l = nodes.count
                nodes.append(Node(start: Int32(s), end: Int32(m), left: -1, right: -1, axis: 0, split: 0))
                nodes.append(Node(start: Int32(m), end: Int32(e), left: -1, right: -1, axis: 0, split: 0))
                nodes[ni].left = Int32(l); nodes[ni].right = Int32(l + 1)
                nodes[ni].axis = Int32(axis); nodes[ni].split = split
                if m - s > KDTree.leafSize { stack.append(l) }
                if e - m > KDTree.leafSize { stack.append(l + 1) }
            }
        }
        // Children follow their parent in `nodes`, so a reverse sweep sees children first.
        for ni in stride(from: nodes.count - 1, through: 0, by: -1) {
            if nodes[ni].left < 0 {
                for p in Int(nodes[ni].start)..<Int(nodes[ni].end) { nodes[ni].minIndex = min(nodes[ni].minIndex, order[p]) }
            } else {
                nodes[ni].minIndex = min(nodes[Int(nodes[ni].left)].minIndex, nodes[Int(nodes[ni].right)].minIndex)
            }
        }
        var pts = [Float](repeating: 0, count: count * dim)
        pts.withUnsafeMutableBufferPointer { out in
            for (p, o) in order.enumerated() {
                (out.baseAddress! + p * dim).update(from: src + Int(o) * dim, count: dim)
            }
        }
        self.points = pts
        self.order = order
        self.nodes = nodes
    }

    /// Reorders `ord[s..<e]` so `ord[m]` has the median key, smaller-or-equal keys before it and
    /// larger-or-equal after it (three-way quickselect, robust to many equal keys).
    static func select(_ ord: UnsafeMutableBufferPointer<Int32>, _ s: Int, _ e: Int, _ m: Int,
                       key: (Int32) -> Float) {
        var lo = s, hi = e - 1
        while lo < hi {
            let a = key(ord[lo]), b = key(ord[(lo + hi) / 2]), c = key(ord[hi])
            let pivot = max(min(a, b), min(max(a, b), c))
            // Dutch-flag partition: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi] > pivot.
            var lt = lo, i = lo, gt = hi
            while i <= gt {
                let v = key(ord[i])
                if v < pivot { ord.swapAt(lt, i); lt += 1; i += 1 }
                else if v > pivot { ord.swapAt(i, gt); gt -= 1 }
                else { i += 1 }
            }
            if m < lt { hi = lt - 1 } else if m > gt { lo = gt + 1 } else { return }
        }
    }

    /// Writes the `k` nearest points to `q` into `top` (squared distances), skipping original index
    /// `exclude` (pass -1 to keep all).
    func search(_ q: UnsafePointer<Float>, exclude: Int32, top: inout TopK<Float>,
                stack: UnsafeMutablePointer<(Int32, Float)>) {
        points.withUnsafeBufferPointer { ptsBuf in
            order.withUnsafeBufferPointer { ordBuf in
                nodes.withUnsafeBufferPointer { nodeBuf in
                    let pts = ptsBuf.baseAddress!
                    var depth = 1
                    stack[0] = (0, 0)
                    while depth > 0 {
                        depth -= 1
                        let (ni, bound) = stack[depth]
                        if bound > top.worst { continue }
                        let node = nodeBuf[Int(ni)]
                        // At an exact tie only a smaller index could still enter (all-equal points).
                        if bound == top.worst && node.minIndex > top.indices[top.k - 1] { continue }
                        if node.left < 0 {
                            for p in Int(node.start)..<Int(node.end) {
                                let o = ordBuf[p]
                                if o == exclude { continue }
                                let d = squaredDistance(q, pts + p * dim, dim)
                                if d <= top.worst { top.insert(d, o) }
                            }
                            continue
                        }
                        let diff = q[Int(node.axis)] - node.split
                        let farBound = max(bound, diff * diff)
                        var leftFirst = diff < 0
                        if diff == 0 {   // on the plane: prefer the side holding smaller indices (tie order)
                            leftFirst = nodeBuf[Int(node.left)].minIndex < nodeBuf[Int(node.right)].minIndex
                        }
                        let (near, far) = leftFirst ? (node.left, node.right) : (node.right, node.left)
                        stack[depth] = (far, farBound)
                        stack[depth + 1] = (near, bound)
                        depth += 2
                    }
                }
            }
        }
    }

    /// Stack capacity large enough for any search (two entries per tree level, with margin).
    var stackCapacity: Int {
        var levels = 1, n = max(count, 1)
        while n > 1 { n = (n + 1) / 2; levels += 1 }
        return 2 * levels + 8
    }
}
