import Foundation
import XCTest
import LatentTestSupport

/// End-to-end file-system safety of the built `latent` binary: inputs that are not regular files,
/// writes over links and devices, full and read-only disks, stale temporaries, hostile bytes in messages.
final class FileSafetyTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "latent-files-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try RandomCSV.write(dir + "/d.csv", rows: 60, cols: 8)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    struct Outcome {
        var status: Int32
        var signalled: Bool
        var output: String
    }

    /// Runs latent on `stdin` (the REPL reading a pipe) in `dir`, killing it after `timeout` seconds.
    func latent(_ stdin: String, environment: [String: String] = [:], timeout: Double = 60) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try LatentBinary.url().path)
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe(), input = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let killer = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        killer.cancel()
        return Outcome(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                       output: String(decoding: data, as: UTF8.self))
    }

    /// A folder, ".", /proc/self/mem, a FIFO and a device are refused with a sentence naming
    /// them; the session survives each (no SIGILL from Foundation, no hang on the FIFO).
    func testLoadOfFolderFifoAndDevicesIsRefusedAndTheSessionGoesOn() throws {
        try FileManager.default.createDirectory(atPath: dir + "/mnist", withIntermediateDirectories: false)
        XCTAssertEqual(mkfifo(dir + "/pipe.csv", 0o600), 0)
        XCTAssertEqual(mkfifo(dir + "/pipe.model", 0o600), 0)
        let out = try latent("""
            load "mnist"
            load "."
            load "/proc/self/mem"
            load "pipe.csv"
            load "pipe.model"
            load "/dev/zero"
            source "pipe.csv"
            source "mnist"
            print "still here"
            """)
        XCTAssertFalse(out.signalled, out.output)
        XCTAssertTrue(out.output.contains("mnist: is a folder; expected a file"), out.output)
        XCTAssertTrue(out.output.contains(".: is a folder; expected a file"), out.output)
        XCTAssertTrue(out.output.contains("/proc/self/mem: cannot be read: an input/output error"), out.output)
        XCTAssertTrue(out.output.contains("pipe.csv: is not a regular file (a FIFO)"), out.output)
        XCTAssertTrue(out.output.contains("pipe.model: is not a regular file (a FIFO)"), out.output)
        XCTAssertTrue(out.output.contains("/dev/zero: is not a regular file (a character device)"), out.output)
        XCTAssertTrue(out.output.contains("cannot read script 'pipe.csv': is not a regular file (a FIFO)"), out.output)
        XCTAssertTrue(out.output.contains("cannot read script 'mnist': is a folder"), out.output)
        XCTAssertTrue(out.output.contains("still here"), out.output)
    }

    /// `save` and `export` refuse a symlinked target and a device node and leave them as they
    /// were; a symlink planted at the old predictable temp name is not followed; export removes a stale
    /// temporary of a dead process.
    func testSavesAndExportsNeverWriteThroughLinksOrOverDevices() throws {
        let victim = dir + "/victim.txt"
        try "precious\n".write(toFile: victim, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.model", withDestinationPath: victim)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.csv", withDestinationPath: victim)
        // a private null device (as root), so a regression replaces this node and never the real /dev/null
        guard mknod(dir + "/null", S_IFCHR | 0o666, dev_t(0x103) /* makedev(1, 3), the null device */) == 0 else { throw XCTSkip("mknod needs root") }
        let stale = dir + "/.e.csv.tmp-999999999"
        XCTAssertTrue(FileManager.default.createFile(atPath: stale, contents: Data(count: 1000)))
        let out = try latent("""
            d = load "d.csv" label=none header=no
            m = model gne dims=2 width=8 blocks=1
            train m d epochs=1 batch=30
            save m "./link.model"
            export d to="./link.csv"
            save m "./null"
            save m "./good.model"
            export d to="./e.csv"
            """)
        XCTAssertFalse(out.signalled, out.output)
        XCTAssertTrue(out.output.contains("link.model: cannot be written: it is a symbolic link"), out.output)
        XCTAssertTrue(out.output.contains("link.csv: cannot be written: it is a symbolic link"), out.output)
        XCTAssertTrue(out.output.contains("null: cannot be written: it is not a regular file (a character device)"), out.output)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "precious\n")
        var st = stat()
        XCTAssertEqual(lstat(dir + "/link.model", &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFLNK)
        XCTAssertEqual(lstat(dir + "/null", &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFCHR, "the device node was replaced")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/good.model"), out.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/e.csv"), out.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale), "export left the stale temporary")
        let hidden = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }
        XCTAssertEqual(hidden, [])
    }

    /// `plot` over a good PNG on a nearly full disk (a 256 KB tmpfs filled up to one free
    /// 4 KB page, less than the new 5.5 KB PNG needs) fails, does not say "wrote" and leaves the PNG byte
    /// for byte, both when the final write fails and when gnuplot's own output is cut short (TMPDIR there too).
    func testPlotOnAFullDiskKeepsTheGoodFile() throws {
        let disk = try TinyDisk(size: "256k")
        defer { disk.remove() }
        let png = disk.path + "/e.png"
        let first = try latent("""
            d = load "\(dir)/d.csv" label=none header=no image=[2, 4]
            plot images d to="\(png)" count=4
            """)
        XCTAssertTrue(first.output.contains("wrote"), first.output)
        let good = try Data(contentsOf: URL(fileURLWithPath: png))
        XCTAssertGreaterThan(good.count, 100)
        disk.fill(leaving: 4096)
        for environment in [[:], ["TMPDIR": disk.path]] {
            let again = try latent("""
                d = load "\(dir)/d.csv" label=none header=no image=[2, 4]
                plot images d to="\(png)" count=60
                """, environment: environment)
            XCTAssertFalse(again.signalled, again.output)
            XCTAssertFalse(again.output.contains("wrote"), "\(environment): \(again.output)")
            XCTAssertNotEqual(again.status, 0, again.output)
            XCTAssertTrue(again.output.contains("the existing file was left as it was") || again.output.contains("disk"),
                          "\(environment): \(again.output)")
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: png)), good, "\(environment): the good PNG was replaced")
        }
    }

    /// `record` on a disk that fills up reports the failed transcript write, stops recording,
    /// and the run's status says an error happened.
    func testRecordOnAFullDiskIsReported() throws {
        let disk = try TinyDisk(size: "64k")
        defer { disk.remove() }
        let out = try latent("""
            record "\(disk.path)/t.md"
            print "one"
            line = "\(String(repeating: "x", count: 1000))"
            repeat 100 { print line }
            print "after"
            """)
        XCTAssertFalse(out.signalled, out.output)
        XCTAssertTrue(out.output.contains("error: the transcript stopped: \(disk.path)/t.md: cannot be written: the disk is full"),
                      out.output)
        XCTAssertTrue(out.output.contains("after"), out.output)
        XCTAssertNotEqual(out.status, 0, out.output)
        let transcript = try String(contentsOfFile: disk.path + "/t.md", encoding: .utf8)
        XCTAssertTrue(transcript.contains("print \"one\""), transcript)
    }

    /// A read-only disk gives "the file system is read-only", never `NSCocoaErrorDomain` text.
    func testReadOnlyDiskErrorsAreSentences() throws {
        let disk = try TinyDisk(size: "64k", readOnly: true)
        defer { disk.remove() }
        let out = try latent("""
            save history "\(disk.path)/h.latent"
            record "\(disk.path)/t.md"
            set out "\(disk.path)/plots"
            d = load "\(dir)/d.csv" label=none header=no
            export d to="e.csv"
            """)
        XCTAssertFalse(out.output.contains("NSCocoaErrorDomain"), out.output)
        XCTAssertFalse(out.output.contains("Code="), out.output)
        XCTAssertFalse(out.output.contains("error 6"), out.output)
        XCTAssertTrue(out.output.contains("'save history' cannot be written: the file system is read-only"), out.output)
        XCTAssertTrue(out.output.contains("'record' cannot be written: the file system is read-only"), out.output)
        XCTAssertTrue(out.output.contains("plots' cannot be created: the file system is read-only"), out.output)
    }

    /// An image shape whose product overflows is refused, not wrapped into a valid-looking 16.
    func testOverflowingImageShapeIsRefused() throws {
        try "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16\n".write(toFile: dir + "/s.csv", atomically: false, encoding: .utf8)
        let out = try latent("""
            d = load "s.csv" label=none header=no image=[16777232, 1099510579201]
            print "still here"
            """)
        XCTAssertFalse(out.signalled, out.output)
        XCTAssertTrue(out.output.contains("[16777232, 1099510579201] has more pixels than can be counted"), out.output)
        XCTAssertTrue(out.output.contains("still here"), out.output)
    }

    /// A label column of fractional numbers is loaded with a warning that it looks
    /// continuous; control bytes from a data file are escaped when a message echoes them.
    func testContinuousLabelsWarnAndControlBytesAreEscaped() throws {
        var text = "a,y\n"
        for i in 0..<50 { text += "\(i),\(Double(i) * 0.37 + 0.01)\n" }
        try text.write(toFile: dir + "/reg.csv", atomically: false, encoding: .utf8)
        try "a,b\n1,\u{1B}[31mred\u{0}\n".write(toFile: dir + "/esc.csv", atomically: false, encoding: .utf8)
        let out = try latent("""
            r = load "reg.csv"
            e = load "esc.csv" label=none
            """)
        XCTAssertTrue(out.output.contains("warning: the labels of 'reg' look continuous: 50 distinct numbers"), out.output)
        XCTAssertFalse(out.output.contains("\u{1B}["), out.output)
        XCTAssertTrue(out.output.contains("\\u{1B}[31mred\\u{0}"), out.output)
    }

    /// The REPL's history file goes through the atomic writer too: a symlink planted at
    /// ~/.latent_history is not written through (libedit's own save followed it), a FIFO there does not
    /// hang the start, and a real history file is written owner-only.
    func testReplHistoryIsWrittenAtomicallyAndNeverThroughALink() throws {
        let home = dir + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let victim = dir + "/victim.txt"
        try "precious\n".write(toFile: victim, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: home + "/.latent_history", withDestinationPath: victim)
        let driver = #"""
        import os, pty, signal, sys, time, select
        binary, home = sys.argv[1], sys.argv[2]
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(binary, [binary], dict(os.environ, HOME=home, TERM="xterm"))
        signal.signal(signal.SIGALRM, lambda s, f: (os.kill(pid, signal.SIGKILL), sys.exit("the REPL hung")))
        signal.alarm(30)
        buf = b""
        def read_until(pattern):
            global buf
            while pattern.encode() not in buf:
                select.select([fd], [], [], 10)
                data = os.read(fd, 4096)
                if not data:
                    sys.exit("output ended while waiting for %r: %r" % (pattern, buf[-300:]))
                buf += data
            buf = buf[buf.index(pattern.encode()) + len(pattern):]
        read_until("latent> ")
        os.write(fd, b"print 4242\r")
        read_until("latent> ")
        os.write(fd, b"\x04")
        os.waitpid(pid, 0)
        """#
        try driver.write(toFile: dir + "/drive.py", atomically: false, encoding: .utf8)
        func drive() throws -> (Int32, String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = [dir + "/drive.py", try LatentBinary.url().path, home]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, output)
        }
        var (status, output) = try drive()
        XCTAssertEqual(status, 0, output)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "precious\n", "history was written through the link")
        try FileManager.default.removeItem(atPath: home + "/.latent_history")
        XCTAssertEqual(mkfifo(home + "/.latent_history", 0o600), 0)
        (status, output) = try drive()
        XCTAssertEqual(status, 0, output)
        try FileManager.default.removeItem(atPath: home + "/.latent_history")
        (status, output) = try drive()
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(try String(contentsOfFile: home + "/.latent_history", encoding: .utf8).contains("4242"))
        var st = stat()
        XCTAssertEqual(stat(home + "/.latent_history", &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home), [".latent_history"])
    }
}

/// A small tmpfs for full-disk and read-only tests (root only; skipped otherwise).
struct TinyDisk {
    let path: String

    init(size: String, readOnly: Bool = false) throws {
        guard geteuid() == 0 else { throw XCTSkip("mounting a tmpfs needs root") }
        path = NSTemporaryDirectory() + "latent-disk-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard TinyDisk.tool("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)" + (readOnly ? ",ro" : ""), "tmpfs", path]) else {
            throw XCTSkip("mount -t tmpfs failed here")
        }
    }

    /// Fills the disk, leaving `spare` bytes (whole 4 KB pages) free.
    func fill(leaving spare: Int = 0) {
        let block = [UInt8](repeating: 0, count: 4096)
        let keep = open(path + "/spare", O_WRONLY | O_CREAT, 0o600)
        for _ in 0..<(spare / 4096) { _ = block.withUnsafeBytes { write(keep, $0.baseAddress, 4096) } }
        close(keep)
        let fd = open(path + "/filler", O_WRONLY | O_CREAT, 0o600)
        guard fd >= 0 else { return }
        for size in [4096, 1] {
            while block.withUnsafeBytes({ write(fd, $0.baseAddress, size) }) == size {}
        }
        close(fd)
        unlink(path + "/spare")
    }

    func remove() {
        _ = TinyDisk.tool("/bin/umount", [path])
        try? FileManager.default.removeItem(atPath: path)
    }

    static func tool(_ exe: String, _ arguments: [String]) -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = arguments
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }
}
