import LatentCore

/// What each command does when latent runs under mpirun with more than one rank.
///
/// Every rank runs the whole script, so that the random generator and the model replicas stay in step;
/// each rank holds only its shard of every loaded dataset. Commands that need the whole data or the
/// whole embedding are refused with a sentence saying what to do instead; commands whose only effect is
/// a file or a picture run on rank 0 alone.
enum DataParallelPolicy {
    /// How a command behaves in a data-parallel run.
    enum Role: Equatable {
        /// Runs on every rank (the default).
        case everyRank
        /// Runs on rank 0 only; the other ranks skip it.
        case rootOnly
        /// Refused, with the reason.
        case unavailable(String)
    }

    private static let rootOnly: Set<String> = ["plot loss", "plot images", "save history", "record", "export"]

    private static let needsWholeData = "ranks hold shards of the data; save the model and run this in one process (latent run) on the whole data"

    private static let unavailable: [String: String] = [
        "eval": needsWholeData, "embed": needsWholeData, "infer": needsWholeData, "reassign": needsWholeData,
        "plot embedding": needsWholeData, "plot trajectories": needsWholeData, "plot compare": needsWholeData,
        "select": needsWholeData, "pin": needsWholeData, "unpin": needsWholeData, "move": needsWholeData,
        "neighbours": "the neighbour graph needs every point; train it in one process",
        "head": "subsets of sharded data differ per rank; prepare the subset in one process and load its file",
        "sample": "subsets of sharded data differ per rank; prepare the subset in one process and load its file",
        "split": "subsets of sharded data differ per rank; prepare the split in one process and load its files",
        "concat": "each rank holds a shard; concatenate the files in one process and load the result",
        "scale": "statistics of a shard are not those of the data; give scale= to load instead",
    ]

    /// The role of the command `name` ("plot loss" for subcommands).
    static func role(of name: String) -> Role {
        if let why = unavailable[name] { return .unavailable(why) }
        return rootOnly.contains(name) ? .rootOnly : .everyRank
    }
}
