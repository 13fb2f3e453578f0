import Foundation

/// `latent kernel install [--user] [--prefix DIR] [--python PATH]`: writes the Jupyter kernelspec
/// (`kernel.json` and the wrapper `latent_kernel.py`) into `<jupyter data>/kernels/latent`.
///
/// The folder: `--prefix DIR` gives `DIR/share/jupyter`; `--user` the user's data folder
/// (`$JUPYTER_DATA_DIR`, else `~/.local/share/jupyter`); otherwise the first folder of `$JUPYTER_PATH`,
/// else `/usr/local/share/jupyter`. `--python` names the interpreter that has ipykernel (default `python3`).
struct KernelInstall: Equatable {
    /// Install for the current user.
    var user = false
    /// Install under this prefix.
    var prefix: String?
    /// The Python interpreter the kernelspec runs.
    var python = "python3"

    /// Parses the words after `kernel`.
    init(arguments: [String]) throws {
        guard arguments.first == "install" else {
            throw UsageError(description: "'kernel' takes 'install': latent kernel install [--user] [--prefix DIR] [--python PATH]")
        }
        var index = 1
        func value(_ option: String) throws -> String {
            guard index < arguments.count else { throw UsageError(description: "\(option) needs a value") }
            index += 1
            return arguments[index - 1]
        }
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            switch argument {
            case "--user": user = true
            case "--prefix": prefix = try value(argument)
            case "--python": python = try value(argument)
            default: throw UsageError(description: "unknown option '\(argument)' for 'kernel install'")
            }
        }
        if user && prefix != nil { throw UsageError(description: "give either --user or --prefix, not both") }
    }

    /// The Jupyter data folder the kernelspec goes under.
    func dataFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let prefix { return prefix + "/share/jupyter" }
        if user {
            if let dir = environment["JUPYTER_DATA_DIR"], !dir.isEmpty { return dir }
            return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/jupyter"
        }
        if let first = environment["JUPYTER_PATH"]?.split(separator: ":").first { return String(first) }
        return "/usr/local/share/jupyter"
    }

    /// Writes the kernelspec; returns its folder. Refuses, saying how to fix it, when the interpreter
    /// cannot be found or cannot import ipykernel (a kernelspec naming it would fail at every start).
    func run() throws -> String {
        let interpreter = try Self.checkedInterpreter(python)
        let folder = dataFolder() + "/kernels/latent"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let wrapper = folder + "/latent_kernel.py"
        try Data(kernelWrapperSource.utf8).write(to: URL(fileURLWithPath: wrapper), options: .atomic)
        try Data(kernelLexerSource.utf8).write(to: URL(fileURLWithPath: folder + "/latent_lexer.py"), options: .atomic)
        try Data(kernelCodeMirrorSource.utf8).write(to: URL(fileURLWithPath: folder + "/kernel.js"), options: .atomic)
        let spec: [String: Any] = [
            "argv": [interpreter, wrapper, "-f", "{connection_file}", "--latent", Self.executablePath()],
            "display_name": "latent",
            "language": "latent",
            "interrupt_mode": "signal",
        ]
        let data = try JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: folder + "/kernel.json"), options: .atomic)
        return folder
    }

    /// The absolute path of `python` (searched on PATH when it names no folder), after checking that it
    /// runs and imports ipykernel; otherwise an error that says how to fix it.
    static func checkedInterpreter(_ python: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        var path = python
        if !python.contains("/") {
            let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
            guard let found = folders.map({ $0 + "/" + python }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                throw UsageError(description: "no '\(python)' on PATH; give the interpreter that has ipykernel with --python PATH (for example a venv's bin/python)")
            }
            path = found
        }
        path = URL(fileURLWithPath: path).standardizedFileURL.path   // absolute, but a venv's bin/python symlink is kept
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw UsageError(description: "'\(python)' is not an executable file; give the interpreter that has ipykernel with --python PATH")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-c", "import ipykernel"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw UsageError(description: "'\(path)' cannot be run (\(error.localizedDescription)); give the interpreter that has ipykernel with --python PATH")
        }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let last = said.split(separator: "\n").last.map { " (\($0))" } ?? ""
            throw UsageError(description: "\(path) cannot import ipykernel\(last); install it with: \(path) -m pip install ipykernel "
                             + "(or make a venv: python3 -m venv ~/.venv-latent && ~/.venv-latent/bin/pip install ipykernel, then --python ~/.venv-latent/bin/python)")
        }
        return path
    }

    /// The absolute path of this executable.
    static func executablePath() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
