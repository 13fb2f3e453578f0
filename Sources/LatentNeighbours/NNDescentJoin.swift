import LatentCore

/// One offer of NN-descent's update phase: `other` at squared distance `distance` for row `target`.
struct NeighbourOffer {
    var target: Int32, other: Int32, distance: Float
}

/// The offers one generation chunk made, bucketed by the chunk of rows that owns their target.
final class OfferBuckets: @unchecked Sendable {
    var buckets: [[NeighbourOffer]]
    init(owners: Int) { buckets = Array(repeating: [], count: owners) }
}

/// NN-descent's iteration over a set of neighbour lists: candidate sampling, then the local join in
/// blocks of points. Buffers live across iterations; memory O(n · (k + maxCandidates)) plus the offers
/// of one block.
struct LocalJoin {
    let heaps: NeighbourHeaps
    let points: Matrix
    /// Candidates per point and kind (new, old).
    let maxCandidates: Int
    /// Points whose joins are generated before their offers are applied.
    static let blockSize = 8192

    /// Sampled candidates (n, maxCandidates) and their counts (n), new and old.
    private var newCand: [Int32], oldCand: [Int32]
    private var newCount: [Int32], oldCount: [Int32]
    /// Edges (positions e = i·k + slot) pointing at each row: row j's are `revEdge[revStart[j]..<revStart[j+1]]`.
    private var revStart: [Int], revEdge: [Int32]

    init(heaps: NeighbourHeaps, points: Matrix, maxCandidates: Int) {
        self.heaps = heaps; self.points = points; self.maxCandidates = maxCandidates
        let n = heaps.n
        newCand = [Int32](repeating: -1, count: n * maxCandidates)
        oldCand = [Int32](repeating: -1, count: n * maxCandidates)
        newCount = [Int32](repeating: 0, count: n); oldCount = [Int32](repeating: 0, count: n)
        revStart = [Int](repeating: 0, count: n + 1)
        revEdge = [Int32](repeating: 0, count: n * heaps.k)
    }

    /// One iteration with candidate priorities drawn from `seed`; returns the number of list entries it
    /// changed.
    mutating func iterate(seed: UInt64) -> Int {
        buildReverse()
        sample(seed: seed)
        join()
        return settle()
    }

    /// The reverse edges of the current lists (counting sort by target; sources ascend within a row).
    private mutating func buildReverse() {
        let n = heaps.n, k = heaps.k, idx = heaps.idx
        for j in 0...n { revStart[j] = 0 }
        for e in 0..<(n * k) { revStart[Int(idx[e]) + 1] += 1 }
        for j in 0..<n { revStart[j + 1] += revStart[j] }
        var fill = revStart
        for e in 0..<(n * k) {
            let j = Int(idx[e])
            revEdge[fill[j]] = Int32(e); fill[j] += 1
        }
    }

    /// Each row's new and old candidates: its own entries and the rows listing it, split by flag, the
    /// `maxCandidates` of each kind with the smallest pair priority hash(seed, min(i,j), max(i,j)) kept.
    /// The priority of a pair is the same from both ends, so a point met both ways is one candidate.
    /// Then the row's new entries that were sampled are marked old.
    private mutating func sample(seed: UInt64) {
        let n = heaps.n, k = heaps.k, m = maxCandidates
        let idx = heaps.idx, flag = heaps.flag
        revStart.withUnsafeBufferPointer { rs in
        revEdge.withUnsafeBufferPointer { re in
        newCand.withUnsafeMutableBufferPointer { nc in
        oldCand.withUnsafeMutableBufferPointer { oc in
        newCount.withUnsafeMutableBufferPointer { ncount in
        oldCount.withUnsafeMutableBufferPointer { ocount in
            let rs = rs.baseAddress!, re = re.baseAddress!
            let nc = SharedPointer(nc.baseAddress!), oc = SharedPointer(oc.baseAddress!)
            let ncount = SharedPointer(ncount.baseAddress!), ocount = SharedPointer(ocount.baseAddress!)
            Parallel.forRanges(n, minCount: 1024, align: 1) { _, range in
                let prioN = UnsafeMutablePointer<UInt64>.allocate(capacity: m)
                let prioO = UnsafeMutablePointer<UInt64>.allocate(capacity: m)
                defer { prioN.deallocate(); prioO.deallocate() }
                for i in range {
                    var listN = TopK(keys: prioN, indices: nc.base + i * m, k: m)
                    var listO = TopK(keys: prioO, indices: oc.base + i * m, k: m)
                    func offer(_ j: Int32, _ isNew: Bool) {
                        let a = UInt64(min(i, Int(j))), b = UInt64(max(i, Int(j)))
                        let p = mixHash(seed, a, b)
                        if isNew { listN.insert(p, j, distinct: true) } else { listO.insert(p, j, distinct: true) }
                    }
                    for e in (i * k)..<(i * k + k) { offer(idx[e], flag[e] != NeighbourHeaps.old) }
                    for r in rs[i]..<rs[i + 1] {
                        let e = Int(re[r])
                        offer(Int32(e / k), flag[e] != NeighbourHeaps.old)
                    }
                    ncount.base[i] = Int32(listN.filled); ocount.base[i] = Int32(listO.filled)
                }
            }
            // mark sampled new entries old (a separate pass: the sampling above reads other rows' flags)
            Parallel.forRanges(n, minCount: 1024, align: 1) { _, range in
                for i in range {
                    let cands = nc.base + i * m, count = Int(ncount.base[i])
                    for e in (i * k)..<(i * k + k) where flag[e] != NeighbourHeaps.old {
                        let j = idx[e]
                        for c in 0..<count where cands[c] == j { flag[e] = NeighbourHeaps.old; break }
                    }
                }
            }
        }}}}}}
    }

    /// The local join: for every point, all pairs of its new candidates and all (new, old) pairs are
    /// measured; a pair closer than one end's worst entry is offered to that end. Offers of a block of
    /// points are generated in parallel (lists read only), then applied in parallel by the owners of
    /// their target rows (lists written, each row by one owner).
    private mutating func join() {
        let n = heaps.n, m = maxCandidates, d = points.cols
        let chunks = max(1, Parallel.chunks)
        let owners = chunks, ownerSpan = (n + owners - 1) / owners
        let generators = (0..<chunks).map { _ in OfferBuckets(owners: owners) }
        let heaps = self.heaps, points = self.points
        newCand.withUnsafeBufferPointer { nc in
        oldCand.withUnsafeBufferPointer { oc in
        newCount.withUnsafeBufferPointer { ncount in
        oldCount.withUnsafeBufferPointer { ocount in
            let nc = nc.baseAddress!, oc = oc.baseAddress!, ncount = ncount.baseAddress!, ocount = ocount.baseAddress!
            for b0 in stride(from: 0, to: n, by: LocalJoin.blockSize) {
                let b1 = min(n, b0 + LocalJoin.blockSize)
                Parallel.run(chunks: chunks) { g in
                    let out = generators[g]
                    for o in 0..<owners { out.buckets[o].removeAll(keepingCapacity: true) }
                    // a point's candidates, new then old: rows (a + c, d), worst entries (a + c)
                    let rows = UnsafeMutablePointer<Float>.allocate(capacity: 2 * m * d)
                    let worst = UnsafeMutablePointer<Float>.allocate(capacity: 2 * m)
                    let who = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * m)
                    defer { rows.deallocate(); worst.deallocate(); who.deallocate() }
                    let r = Parallel.partRange(b1 - b0, parts: chunks, part: g)
                    for p in (b0 + r.lowerBound)..<(b0 + r.upperBound) {
                        let a = Int(ncount[p]), c = Int(ocount[p])
                        for x in 0..<(a + c) {
                            let u = x < a ? nc[p * m + x] : oc[p * m + x - a]
                            who[x] = u
                            worst[x] = heaps.worst(Int(u))
                            (rows + x * d).update(from: points.row(Int(u)), count: d)
                        }
                        for x in 0..<a {
                            let u = who[x], xu = rows + x * d, wu = worst[x]
                            for y in (x + 1)..<(a + c) where who[y] != u {
                                let dd = SIMDDistance.squared(xu, rows + y * d, d)
                                let v = who[y]
                                if dd < wu {
                                    out.buckets[Int(u) / ownerSpan].append(NeighbourOffer(target: u, other: v, distance: dd))
                                }
                                if dd < worst[y] {
                                    out.buckets[Int(v) / ownerSpan].append(NeighbourOffer(target: v, other: u, distance: dd))
                                }
                            }
                        }
                    }
                }
                Parallel.run(chunks: owners) { o in
                    for g in 0..<chunks {
                        for offer in generators[g].buckets[o] {
                            heaps.insert(Int(offer.target), offer.other, offer.distance, mark: NeighbourHeaps.fresh)
                        }
                    }
                }
            }
        }}}}
    }

    /// Counts the entries inserted during this iteration and turns them into ordinary new entries.
    private func settle() -> Int {
        let total = heaps.n * heaps.k, flag = heaps.flag
        var counts = [Int](repeating: 0, count: Parallel.maxChunks)
        counts.withUnsafeMutableBufferPointer { cb in
            let cs = SharedPointer(cb.baseAddress!)
            Parallel.forRanges(total, minCount: 65_536) { part, range in
                var c = 0
                for e in range where flag[e] == NeighbourHeaps.fresh { flag[e] = NeighbourHeaps.new; c += 1 }
                cs.base[part] = c
            }
        }
        return counts.reduce(0, +)
    }
}
