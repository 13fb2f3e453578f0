import CEditLine
import LatentScript
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT handling: Ctrl-C raises the shared interrupt flag; long commands poll it and stop.
enum Signals {
    /// Installs the handler for the REPL, which never exits on Ctrl-C. `restart`: interrupted system
    /// calls resume (while commands run); otherwise blocking reads fail with EINTR (at the prompt,
    /// so Ctrl-C cancels the line).
    static func installInterruptHandler(restart: Bool) {
        _ = InterruptFlag.shared  // initialise before the handler can run
        latent_install_sigint({ _ in InterruptFlag.shared.set() }, restart ? 1 : 0)
    }

    /// Installs the handler for scripts: the first Ctrl-C raises the flag; a second one while it is
    /// still raised (a command that does not poll) ends the process with status 130.
    static func installScriptInterruptHandler() {
        _ = InterruptFlag.shared
        latent_install_sigint({ _ in
            if InterruptFlag.shared.isSet { _exit(130) }
            InterruptFlag.shared.set()
        }, 1)
    }

    /// Under mpirun, Ctrl-C makes mpirun end the whole job; mpirun forwards SIGUSR1 to every rank, so
    /// `kill -USR1 <mpirun's pid>` is the way to stop training at a batch boundary and keep the model.
    static func installStopRequestHandler() {
        _ = InterruptFlag.shared
        _ = signal(SIGUSR1) { _ in InterruptFlag.shared.set() }
    }
}
