import Foundation
import XCTest
@testable import LatentFiles

/// Foundation's and the system's errors become sentences, never `NSCocoaErrorDomain Code=...`.
final class FileErrorTests: XCTestCase {
    func testCocoaAndPOSIXErrorsBecomePhrases() {
        let readOnly = CocoaError(.fileWriteVolumeReadOnly, userInfo: [NSFilePathErrorKey: "/mnt/ro/out"])
        XCTAssertEqual(FileError.describe(readOnly), "the file system is read-only")
        XCTAssertEqual(FileError.sentence(readOnly), "/mnt/ro/out: the file system is read-only")
        let full = NSError(domain: NSCocoaErrorDomain, code: 640,
                           userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))])
        XCTAssertEqual(FileError.describe(full), "the disk is full")
        XCTAssertEqual(FileError.describe(POSIXError(.EACCES)), "permission denied")
        XCTAssertFalse(FileError.sentence(CocoaError(.fileNoSuchFile)).contains("Code="))
    }

    func testOtherErrorsKeepTheirOwnText() {
        let own = FileError(.unwritable, path: "a.csv", "cannot be written: the disk is full")
        XCTAssertEqual(FileError.sentence(own), "a.csv: cannot be written: the disk is full")
        XCTAssertEqual(FileError.describe(own), "the disk is full")
        struct Custom: Error, CustomStringConvertible { var description: String { "a custom sentence" } }
        XCTAssertEqual(FileError.sentence(Custom()), "a custom sentence")
    }

    func testControlBytesAreEscaped() {
        XCTAssertEqual(Escaped.text("a\u{1B}[2Jb\u{0}c\rd\\e"), "a\\u{1B}[2Jb\\u{0}c\\u{D}d\\\\e")
    }
}
