#if canImport(Glibc)
import Glibc
#endif

/// Asks the terminal on stdin/stdout whether it draws sixel graphics (DA1: `ESC [ ? 62 ; 4 ; ... c`, where
/// attribute 4 is sixel) and how large an image it shows, so inline plots are never larger than that.
enum SixelProbe {
    /// What the terminal said: whether it draws sixel, and the largest image it shows (pixels), when it said.
    struct Answer: Equatable {
        var sixel = false
        var limit: (width: Int, height: Int)? = nil
        static func == (a: Answer, b: Answer) -> Bool { a.sixel == b.sixel && a.limit?.width == b.limit?.width && a.limit?.height == b.limit?.height }
    }

    /// True when the terminal's DA1 answer lists attribute 4.
    static func terminalSpeaksSixel(timeoutMilliseconds: Int32 = 300) -> Bool {
        probe(timeoutMilliseconds: timeoutMilliseconds).sixel
    }

    /// Asks the terminal, in one go, for the largest sixel image it shows (XTSMGRAPHICS, `ESC [ ? 2 ; 1 ; 0 S`),
    /// the size of its text area in pixels (`ESC [ 14 t`) and its attributes (DA1, `ESC [ c`), and reads the
    /// answers up to DA1's, which every terminal gives and gives last, with the line discipline in raw mode
    /// and a short timeout (a terminal that does not answer costs ~0.3 s). A `TERM=dumb` terminal is not asked.
    static func probe(timeoutMilliseconds: Int32 = 300) -> Answer {
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return Answer() }
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { return Answer() }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        guard tcsetattr(0, TCSANOW, &raw) == 0 else { return Answer() }
        defer { tcsetattr(0, TCSANOW, &saved) }
        let query = Array("\u{1B}[?2;1;0S\u{1B}[14t\u{1B}[c".utf8)
        guard query.withUnsafeBytes({ write(1, $0.baseAddress!, query.count) }) == query.count else { return Answer() }
        var answer: [UInt8] = []
        while answer.count < 512 {
            var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, timeoutMilliseconds) == 1 else { break }
            var byte: UInt8 = 0
            guard read(0, &byte, 1) == 1 else { break }
            answer.append(byte)
            if byte == UInt8(ascii: "c"), da1(in: String(decoding: answer, as: UTF8.self)) != nil { break }
        }
        return parse(String(decoding: answer, as: UTF8.self))
    }

    /// What a run of answers says: sixel from DA1's attribute 4; the limit from XTSMGRAPHICS's
    /// `ESC [ ? 2 ; 0 ; W ; H S` (status 0: success), else from the text area `ESC [ 4 ; H ; W t`.
    static func parse(_ answers: String) -> Answer {
        var result = Answer()
        if let da1 = da1(in: answers) { result.sixel = answerListsSixel(da1) }
        if let fields = fields(in: answers, introducer: "\u{1B}[?", final: "S"), fields.count == 4, fields[0] == 2, fields[1] == 0,
           fields[2] > 0, fields[3] > 0 {
            result.limit = (fields[2], fields[3])
        } else if let fields = fields(in: answers, introducer: "\u{1B}[", final: "t"), fields.count == 3, fields[0] == 4,
                  fields[1] > 0, fields[2] > 0 {
            result.limit = (fields[2], fields[1])
        }
        return result
    }

    /// The DA1 answer (`ESC [ ? ... c`) in `text`, nil when there is none (yet).
    static func da1(in text: String) -> String? {
        guard let range = text.range(of: "\u{1B}[?") else { return nil }
        var rest = text[range.lowerBound...]
        while let r = rest.range(of: "\u{1B}[?") {
            let body = rest[r.upperBound...].prefix { $0.isNumber || $0 == ";" }
            let end = rest[r.upperBound...].index(r.upperBound, offsetBy: body.count)
            if end < rest.endIndex, rest[end] == "c" { return String(rest[r.lowerBound...end]) }
            rest = rest[end...]
        }
        return nil
    }

    /// The numbers of the first `introducer n;n;... final` sequence in `text`.
    static func fields(in text: String, introducer: String, final: Character) -> [Int]? {
        var rest = Substring(text)
        while let r = rest.range(of: introducer) {
            let body = rest[r.upperBound...].prefix { $0.isNumber || $0 == ";" }
            let end = rest.index(r.upperBound, offsetBy: body.count)
            if end < rest.endIndex, rest[end] == final, !body.isEmpty {
                return body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? -1 }
            }
            rest = rest[end...]
        }
        return nil
    }

    /// Whether a DA1 answer (`ESC[?62;4;22c`) lists attribute 4.
    static func answerListsSixel(_ answer: String) -> Bool {
        guard let start = answer.firstIndex(of: "?"), answer.hasSuffix("c") else { return false }
        return answer[answer.index(after: start)...].dropLast().split(separator: ";").dropFirst().contains("4")
    }
}
