import XCTest
@testable import LatentScript

/// 13.10: deciding whether an entry at the prompt is complete lexes each line once, so the work for
/// N continuation lines grows linearly (re-lexing the whole entry per line made 16,000 lines take 17.7 s).
final class ContinuationTests: XCTestCase {
    /// Characters lexed to read `x = [` followed by `n` lines `1,` (the list stays open) and `]`.
    func work(_ n: Int) -> (lexed: Int, text: Int, completeAt: Int?) {
        var entry = PromptEntry()
        var completeAt: Int? = nil
        let lines = ["x = ["] + Array(repeating: "1,", count: n) + ["]"]
        for (i, line) in lines.enumerated() where entry.add(line) { completeAt = i; break }
        return (entry.charactersLexed, entry.text.count, completeAt)
    }

    func testWorkIsLinearInTheNumberOfContinuationLines() {
        let small = work(1000), large = work(16000)
        XCTAssertEqual(small.completeAt, 1001, "the entry completes at the closing ']' and not before")
        XCTAssertEqual(large.completeAt, 16001)
        // each character of the entry is lexed once (newlines joining the lines are not re-read)
        XCTAssertLessThanOrEqual(small.lexed, small.text)
        XCTAssertLessThanOrEqual(large.lexed, large.text)
        XCTAssertEqual(Double(large.lexed) / Double(small.lexed), 16, accuracy: 0.1, "16x the lines, 16x the work")
        // the old way lexed every prefix again: about n^2 characters (here 16,000 lines: 256 million)
        let quadratic = (1...16000).reduce(0) { $0 + 6 + 3 * $1 }
        XCTAssertLessThan(large.lexed * 1000, quadratic)
    }

    func testEntriesEndWhereTheOldCheckEndedThem() {
        for (lines, complete) in [(["for i in [1] {", "print i", "}"], 2), (["x = [1,", "2]"], 1), (["train m \\", "d"], 1),
                                  (["print \"a{\""], 0), (["if x { print 1 } else {", "}"], 1),
                                  // an open string ends the entry at its line, inside a block too
                                  (["s = \"open"], 0), (["for i in [1] {", "print \"open", "}"], 1), (["x = [1,", "2"], nil)] as [([String], Int?)] {
            var entry = PromptEntry()
            var at: Int? = nil
            for (i, line) in lines.enumerated() where entry.add(line) { at = i; break }
            XCTAssertEqual(at, complete, "\(lines)")
            XCTAssertEqual(Parser.needsMoreInput(lines.prefix((at ?? lines.count - 1) + 1).joined(separator: "\n")), at == nil)
        }
    }
}
