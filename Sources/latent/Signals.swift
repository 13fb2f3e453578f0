import CEditLine
import LatentScript
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT handling: the first Ctrl-C raises the shared interrupt flag (long commands poll it and stop);
/// a second one while the flag is still raised ends the process with status 130.
enum Signals {
    /// Installs the handler. `restart`: interrupted system calls resume (while commands run);
    /// otherwise blocking reads fail with EINTR (at the prompt, so Ctrl-C cancels the line).
    static func installInterruptHandler(restart: Bool) {
        _ = InterruptFlag.shared  // initialise before the handler can run
        latent_install_sigint({ _ in
            if InterruptFlag.shared.isSet { _exit(130) }
            InterruptFlag.shared.set()
        }, restart ? 1 : 0)
    }
}
