/// What a command does when latent runs under mpirun with more than one rank; a field of `Command`.
///
/// Every rank runs the whole script, so that the random generator and the model replicas stay in step;
/// each rank holds only its shard of every loaded dataset. Commands that need the whole data or the
/// whole embedding are refused with a sentence saying what to do instead; commands whose only effect is
/// a file or a picture run on rank 0 alone.
public enum DataParallelRole: Sendable, Equatable {
    /// Runs on every rank (the default).
    case everyRank
    /// Runs on rank 0 only; the other ranks skip it.
    case rootOnly
    /// Refused, with the reason (a sentence saying what to do instead).
    case unavailable(String)
}
