extension DataParallelRole {
    /// Commands that need every row of the data or of the embedding.
    static let needsWholeData = DataParallelRole.unavailable(
        "ranks hold shards of the data; save the model and run this in one process (latent run) on the whole data")
    /// `neighbours`: the graph is built over all points.
    static let needsEveryPoint = DataParallelRole.unavailable("the neighbour graph needs every point; train it in one process")
    /// `head`, `sample`: a subset of a shard differs per rank.
    static let shardedSubset = DataParallelRole.unavailable(
        "subsets of sharded data differ per rank; prepare the subset in one process and load its file")
    /// `split`.
    static let shardedSplit = DataParallelRole.unavailable(
        "subsets of sharded data differ per rank; prepare the split in one process and load its files")
    /// `concat`.
    static let shardedConcat = DataParallelRole.unavailable(
        "each rank holds a shard; concatenate the files in one process and load the result")
    /// `scale`.
    static let shardedScale = DataParallelRole.unavailable(
        "statistics of a shard are not those of the data; give scale= to load instead")
    /// `augment`.
    static let shardedAugment = DataParallelRole.unavailable(
        "each rank holds a shard; augment the data in one process, export it to .npy and load that file")
}
