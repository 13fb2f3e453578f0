import Foundation
import XCTest
@testable import LatentFiles

/// The one writer: unique exclusive temp names, refusal of non-regular targets, kept permissions,
/// stale temporaries removed, a failed write (full disk) leaving the old file whole.
final class AtomicFileWriterTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "latent-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func testWritesReplacesAndLeavesNoTemporary() throws {
        let p = dir + "/a.bin"
        try AtomicFile.write([1, 2, 3], to: p)
        try AtomicFile.write([4, 5], to: p)
        XCTAssertEqual(try ReadableFile.read(p), [4, 5])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["a.bin"])
    }

    func testTemporaryNamesAreUniqueAndExclusive() throws {
        let p = dir + "/m.model"
        let a = try AtomicFileWriter(p), b = try AtomicFileWriter(p)
        XCTAssertNotEqual(a.temporaryPath, b.temporaryPath)
        XCTAssertTrue(a.temporaryPath.hasPrefix(dir + "/.m.model.tmp-\(getpid())-"), a.temporaryPath)
        // the old predictable name is no longer used: a link planted there is never followed
        let victim = dir + "/victim"
        try AtomicFile.write([9], to: victim)
        try FileManager.default.createSymbolicLink(atPath: dir + "/.m.model.tmp-\(getpid())", withDestinationPath: victim)
        try AtomicFile.write([7, 7], to: p)
        XCTAssertEqual(try ReadableFile.read(victim), [9])
        XCTAssertEqual(try ReadableFile.read(p), [7, 7])
    }

    func testRefusesSymlinkFolderAndDeviceTargets() throws {
        let real = dir + "/real"
        try AtomicFile.write([1], to: real)
        let link = dir + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        XCTAssertThrowsError(try AtomicFile.write([2], to: link)) { e in
            XCTAssertTrue("\(e)".contains("is a symbolic link"), "\(e)")
        }
        XCTAssertEqual(try ReadableFile.read(real), [1])
        var st = stat()
        XCTAssertEqual(lstat(link, &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFLNK, "the link was replaced")
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        XCTAssertThrowsError(try AtomicFile.write([2], to: dir + "/sub")) { e in
            XCTAssertTrue("\(e)".contains("is a folder"), "\(e)")
        }
        // a private null device node (root only), so a regression never replaces the real /dev/null
        if mknod(dir + "/null", S_IFCHR | 0o666, dev_t(0x103) /* makedev(1, 3), the null device */) == 0 {
            XCTAssertThrowsError(try AtomicFile.write([2], to: dir + "/null")) { e in
                XCTAssertTrue("\(e)".contains("is not a regular file (a character device)"), "\(e)")
            }
            XCTAssertEqual(lstat(dir + "/null", &st), 0)
            XCTAssertEqual(st.st_mode & S_IFMT, S_IFCHR, "the device node was replaced")
        }
        XCTAssertEqual(mkfifo(dir + "/fifo", 0o600), 0)
        XCTAssertThrowsError(try AtomicFile.write([2], to: dir + "/fifo")) { e in
            XCTAssertTrue("\(e)".contains("(a FIFO)"), "\(e)")
        }
    }

    func testKeepsTheTargetsPermissions() throws {
        let p = dir + "/secret.model"
        try AtomicFile.write([1], to: p)
        XCTAssertEqual(chmod(p, 0o600), 0)
        try AtomicFile.write([2], to: p)
        var st = stat()
        XCTAssertEqual(stat(p, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
    }

    func testRemovesStaleTemporariesOfDeadProcessesOnly() throws {
        let p = dir + "/e.npy"
        // a pid that cannot exist (above pid_max), in the old and the new naming
        let stale = [dir + "/.e.npy.tmp-999999999", dir + "/.e.npy.tmp-999999999-abcdef"]
        for s in stale { XCTAssertTrue(FileManager.default.createFile(atPath: s, contents: Data([0]))) }
        let live = dir + "/.e.npy.tmp-1-zzzz"   // pid 1 runs
        XCTAssertTrue(FileManager.default.createFile(atPath: live, contents: Data([0])))
        try AtomicFile.write([1], to: p)
        for s in stale { XCTAssertFalse(FileManager.default.fileExists(atPath: s), s) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: live))
    }

    func testMissingFolderIsASentence() throws {
        XCTAssertThrowsError(try AtomicFile.write([1], to: dir + "/no/such/x.csv")) { e in
            XCTAssertEqual("\(e)", dir + "/no/such/x.csv: cannot be written: the folder '\(dir)/no/such' does not exist")
        }
        try AtomicFile.write([1], to: dir + "/made/x.bin", createFolder: true)
        XCTAssertEqual(try ReadableFile.read(dir + "/made/x.bin"), [1])
    }

    /// A full disk (a 64 KB tmpfs): the write fails with "the disk is full", the good file is untouched
    /// and no temporary file remains. Needs root to mount; skipped otherwise.
    func testFullDiskKeepsTheGoodFile() throws {
        let mount = try TinyDisk(size: "64k")
        defer { mount.remove() }
        let p = mount.path + "/good.bin"
        try AtomicFile.write([UInt8](repeating: 7, count: 20_000), to: p)
        XCTAssertThrowsError(try AtomicFile.write([UInt8](repeating: 1, count: 200_000), to: p)) { e in
            XCTAssertTrue("\(e)".hasSuffix("good.bin: cannot be written: the disk is full"), "\(e)")
        }
        XCTAssertEqual(try ReadableFile.read(p), [UInt8](repeating: 7, count: 20_000))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: mount.path), ["good.bin"])
    }
}

/// A small tmpfs for full-disk tests (root only).
struct TinyDisk {
    let path: String

    init(size: String) throws {
        guard geteuid() == 0 else { throw XCTSkip("mounting a tmpfs needs root") }
        path = NSTemporaryDirectory() + "latent-full-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/mount")
        p.arguments = ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw XCTSkip("mount -t tmpfs failed here") }
    }

    func remove() {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/umount")
        p.arguments = [path]
        try? p.run()
        p.waitUntilExit()
        try? FileManager.default.removeItem(atPath: path)
    }
}
