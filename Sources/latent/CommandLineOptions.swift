/// What the command line asks for.
enum Invocation: Equatable {
    /// Interactive (or piped) read-eval-print loop.
    case repl
    /// Run a script file.
    case script(path: String, keepGoing: Bool)
    /// Run statements given with -e.
    case statements([String], keepGoing: Bool)
    /// Print usage (no topic), or explain a session command as `help TOPIC` does at the prompt.
    case help(topic: [String])
    /// Print the version.
    case version
    /// Serve one session over JSON lines (`--protocol`, for the Jupyter kernel).
    case protocolMode
    /// Write the Jupyter kernelspec (`kernel install [--user] [--prefix DIR] [--python PATH]`).
    case kernelInstall(KernelInstall)
}

/// A command-line mistake (exit status 64).
struct UsageError: Error, CustomStringConvertible {
    let description: String
}

/// The usage text printed by --help and after usage errors.
let usageText = """
    usage: latent                      start the interactive session (plain reads when piped)
           latent FILE [--keep-going]  run a script
           latent run FILE [--keep-going]
           latent -e STATEMENT ...     run statements given on the command line
           latent help [COMMAND]       list the session's commands, or explain one (latent help eval)
           latent kernel install [--user] [--prefix DIR] [--python PATH]
                                       install the Jupyter kernel (docs in README, 'Jupyter')
           latent --protocol           one session over JSON lines (what the Jupyter kernel runs)
           latent --version | --help
           mpirun -np N latent run FILE  train data-parallel on N ranks (Open MPI; docs/scaling.md)

    --keep-going  continue after runtime errors (the exit status is still 70)
    Exit status: 0 success, 64 usage error, 65 script error (nothing ran), 66 unreadable script,
    70 runtime error. Inside a session, type 'help' for the commands.
    """

/// Parses the arguments after the program name.
func parseInvocation(_ arguments: [String]) throws -> Invocation {
    if arguments.first == "kernel" { return .kernelInstall(try KernelInstall(arguments: Array(arguments.dropFirst()))) }
    if arguments == ["--protocol"] { return .protocolMode }
    var keepGoing = false
    var statements: [String] = []
    var positionals: [String] = []
    var index = 0
    var onlyPositionals = false
    while index < arguments.count {
        let argument = arguments[index]
        index += 1
        if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
            positionals.append(argument)
            continue
        }
        switch argument {
        case "--": onlyPositionals = true
        case "-h", "--help": return .help(topic: [])
        case "--version": return .version
        case "--keep-going", "-k": keepGoing = true
        case "-e":
            guard index < arguments.count else { throw UsageError(description: "-e needs a statement after it") }
            statements.append(arguments[index])
            index += 1
        default:
            throw UsageError(description: "unknown option '\(argument)'")
        }
    }
    if !statements.isEmpty {
        guard positionals.isEmpty else {
            throw UsageError(description: "give either -e statements or a script, not both")
        }
        return .statements(statements, keepGoing: keepGoing)
    }
    // `help` is a word of the command line, like `run` (run a script named help with `latent run help`).
    if positionals.first == "help" && !keepGoing {
        let topic = Array(positionals.dropFirst())
        for word in topic where !isCommandName(word) {
            throw UsageError(description: "'\(word)' is not a command name; try 'latent help' for the list")
        }
        return .help(topic: topic)
    }
    if positionals.first == "run" { positionals.removeFirst()
        guard !positionals.isEmpty else { throw UsageError(description: "'run' needs a script file") }
    }
    switch positionals.count {
    case 0:
        if keepGoing { throw UsageError(description: "--keep-going applies to scripts; give a FILE") }
        return .repl
    case 1: return .script(path: positionals[0], keepGoing: keepGoing)
    default: throw UsageError(description: "unexpected argument '\(positionals[1])'; give one script")
    }
}

/// True for a word that can name a session command (letters, digits and underscores, not starting
/// with a digit), so that `help WORD` cannot be read as anything else.
func isCommandName(_ word: String) -> Bool {
    guard let first = word.unicodeScalars.first, first == "_" || (first.properties.isAlphabetic && first.isASCII) else {
        return false
    }
    return word.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
}
