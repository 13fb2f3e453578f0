import LatentFiles
import Foundation
import LatentCommands
import LatentCore
import LatentScript
#if canImport(Glibc)
import Glibc
#endif

/// The version printed by --version.
let latentVersion = "latent 0.1.0"

func main() -> Int32 {
    let invocation: Invocation
    do {
        invocation = try parseInvocation(Array(CommandLine.arguments.dropFirst()))
    } catch {
        FileHandle.standardError.write(Data("latent: \(error)\n\(usageText)\n".utf8))
        return 64
    }
    if let problem = MemoryLimit.environmentProblem {   // a limit that cannot be read is refused, not ignored
        FileHandle.standardError.write(Data("latent: \(problem)\n".utf8))
        return 64
    }
    let mpi = DataParallelLaunch.join()
    func session() -> Session {
        let s = Session.latent()
        if let mpi { DataParallelLaunch.configure(s, for: mpi) }
        return s
    }
    func finish(_ status: Int32) -> Int32 { mpi.map { DataParallelLaunch.finish($0, status: status) } ?? status }
    switch invocation {
    case .help(let topic):
        if topic.isEmpty { print(usageText + "\n") }
        // the session's own help: the command list, or one command's usage and examples
        let status = Session.latent().run((["help"] + topic).joined(separator: " "), file: "<command line>").status
        return status == 0 ? 0 : 64
    case .version:
        print(latentVersion)
        return 0
    case .protocolMode:
        return finish(ProtocolMode(session: session()).run())
    case .kernelInstall(let install):
        do {
            print("installed the latent kernel in \(try install.run())")
            return 0
        } catch {
            FileHandle.standardError.write(Data("latent: \(error)\n".utf8))
            return 73
        }
    case .repl:
        if let mpi, mpi.size > 1 {
            FileHandle.standardError.write(Data("latent: under mpirun, give a script: mpirun -np N latent run FILE\n".utf8))
            return finish(64)
        }
        return finish(REPL(session: session()).run())
    case .script(let path, let keepGoing):
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              FileManager.default.isReadableFile(atPath: path) else {
            FileHandle.standardError.write(Data("latent: cannot read script '\(path)': no such readable file\n".utf8))
            return 66
        }
        Signals.installScriptInterruptHandler()
        return finish(session().runFile(path, keepGoing: keepGoing).status)
    case .statements(let statements, let keepGoing):
        Signals.installScriptInterruptHandler()
        return finish(session().run(statements.joined(separator: "\n"), file: "<command line>", keepGoing: keepGoing).status)
    }
}

exit(main())
