import CMPI
import Foundation
import LatentCore

/// A `Communicator` on Open MPI's world communicator, through the dlopen shim in CMPI.
///
/// latent uses it only when started by `mpirun` (which sets OMPI_COMM_WORLD_SIZE); without mpirun,
/// MPI is never loaded, so the build and the tests need no MPI installed.
public final class MPICommunicator: Communicator {
    public let rank: Int
    public let size: Int
    /// Ranks on this machine (for splitting its cores between them).
    public let localSize: Int

    /// Why MPI could not be started.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The communicator of an `mpirun` launch, or nil when this process was not started by mpirun.
    /// Throws when mpirun started it but Open MPI cannot be loaded or initialised.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MPICommunicator? {
        guard let size = environment["OMPI_COMM_WORLD_SIZE"].flatMap(Int.init) else { return nil }
        let local = environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap(Int.init) ?? size
        return try MPICommunicator(expectedSize: size, localSize: local)
    }

    private init(expectedSize: Int, localSize: Int) throws {
        var message = [CChar](repeating: 0, count: 512)
        guard latent_mpi_load(&message, message.count) == 0 else {
            throw StartError(description: String(cString: message))
        }
        guard latent_mpi_init() == 0 else { throw StartError(description: "MPI_Init failed") }
        var r: Int32 = 0, s: Int32 = 0
        Self.check(latent_mpi_rank(&r), "MPI_Comm_rank")
        Self.check(latent_mpi_size(&s), "MPI_Comm_size")
        rank = Int(r)
        size = Int(s)
        self.localSize = max(1, localSize)
        if size != expectedSize {
            throw StartError(description: "mpirun announced \(expectedSize) ranks but MPI_COMM_WORLD has \(size)")
        }
    }

    /// MPI_Finalize; call once before the process exits normally.
    public func finalize() { _ = latent_mpi_finalize() }

    public func allreduceSum(_ buffer: UnsafeMutablePointer<Float>, count: Int) {
        Self.check(latent_mpi_allreduce_sum_float(buffer, Self.int32(count)), "MPI_Allreduce")
    }

    public func allreduceSum(_ buffer: UnsafeMutablePointer<Double>, count: Int) {
        Self.check(latent_mpi_allreduce_sum_double(buffer, Self.int32(count)), "MPI_Allreduce")
    }

    public func allreduceMax(_ buffer: UnsafeMutablePointer<Double>, count: Int) {
        Self.check(latent_mpi_allreduce_max_double(buffer, Self.int32(count)), "MPI_Allreduce")
    }

    public func gather(_ send: UnsafePointer<Float>, count: Int, into receive: UnsafeMutablePointer<Float>?, counts: [Int]) {
        precondition(counts.count == size && counts[rank] == count, "gather counts must list every rank's count")
        let c32 = counts.map(Self.int32)
        var displacements = [Int32](repeating: 0, count: size)
        for r in 1..<max(size, 1) { displacements[r] = Self.int32(Int(displacements[r - 1]) + counts[r - 1]) }
        Self.check(latent_mpi_gatherv_float(send, Self.int32(count), receive, c32, displacements), "MPI_Gatherv")
    }

    public func abort(_ code: Int32) -> Never {
        _ = latent_mpi_abort(code)
        exit(code)
    }

    /// MPI counts are 32-bit: larger transfers must be split by the caller.
    private static func int32(_ n: Int) -> Int32 {
        precondition(n <= Int(Int32.max), "an MPI transfer of \(n) values exceeds MPI's 32-bit count")
        return Int32(n)
    }

    /// MPI's default error handler aborts the job on failure; this catches handlers that return instead.
    private static func check(_ code: Int32, _ what: String) {
        if code != 0 {
            FileHandle.standardError.write(Data("latent: \(what) failed with MPI error \(code)\n".utf8))
            _ = latent_mpi_abort(70)
            exit(70)
        }
    }
}
