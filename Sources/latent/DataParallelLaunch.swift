import Foundation
import LatentCore
import LatentMPI
import LatentCommands
import LatentScript

/// Joins the run when `mpirun` started this process: loads Open MPI, and sets a session up as one rank
/// of a data-parallel group (rank 0 prints; the machine's cores are split between its ranks).
enum DataParallelLaunch {
    /// The MPI group, or nil when latent was not started by mpirun. Exits with status 69 when mpirun
    /// started it but MPI cannot be loaded.
    static func join() -> MPICommunicator? {
        do {
            return try MPICommunicator.fromEnvironment()
        } catch {
            FileHandle.standardError.write(Data("latent: started by mpirun, but \(error)\n".utf8))
            exit(69)
        }
    }

    /// Makes `session` one rank of `mpi`'s group (nothing changes for a group of one).
    static func configure(_ session: Session, for mpi: MPICommunicator) {
        guard mpi.size > 1 else { return }
        session.communicator = mpi
        if !mpi.isRoot { session.output = DiscardedOutput() }
        Signals.installStopRequestHandler()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        try? session.changeSetting("threads", to: .int(max(1, cores / mpi.localSize)))
    }

    /// Ends the run: MPI_Finalize after success; after a failure, MPI_Abort so that no rank waits forever
    /// in a collective. Other ranks give rank 0 a moment to print its diagnostic first.
    static func finish(_ mpi: MPICommunicator, status: Int32) -> Int32 {
        if status == 0 || mpi.size == 1 {
            mpi.finalize()
            return status
        }
        if !mpi.isRoot { Thread.sleep(forTimeInterval: 2) }
        FileHandle.standardError.write(Data("latent: rank \(mpi.rank) of \(mpi.size) stopped with status \(status); ending every rank\n".utf8))
        mpi.abort(status)
    }
}
