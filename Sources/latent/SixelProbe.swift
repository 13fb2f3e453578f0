#if canImport(Glibc)
import Glibc
#endif

/// Asks the terminal on stdin/stdout whether it draws sixel graphics: writes the DA1 query
/// (`ESC [ c`) and reads the answer (`ESC [ ? 62 ; 4 ; ... c`, where attribute 4 is sixel) with the
/// line discipline in raw mode and a short timeout, so a terminal that does not answer costs ~0.3 s.
enum SixelProbe {
    /// True when the terminal's DA1 answer lists attribute 4.
    /// A `TERM=dumb` terminal is not asked (it would show the query).
    static func terminalSpeaksSixel(timeoutMilliseconds: Int32 = 300) -> Bool {
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { return false }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        guard tcsetattr(0, TCSANOW, &raw) == 0 else { return false }
        defer { tcsetattr(0, TCSANOW, &saved) }
        let query: [UInt8] = [0x1B, 0x5B, 0x63]
        guard query.withUnsafeBytes({ write(1, $0.baseAddress!, 3) }) == 3 else { return false }
        var answer: [UInt8] = []
        while answer.count < 128 {
            var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, timeoutMilliseconds) == 1 else { break }
            var byte: UInt8 = 0
            guard read(0, &byte, 1) == 1 else { break }
            answer.append(byte)
            if byte == UInt8(ascii: "c") && answer.count > 2 { break }
        }
        return answerListsSixel(String(decoding: answer, as: UTF8.self))
    }

    /// Whether a DA1 answer (`ESC[?62;4;22c`) lists attribute 4.
    static func answerListsSixel(_ answer: String) -> Bool {
        guard let start = answer.firstIndex(of: "?"), answer.hasSuffix("c") else { return false }
        return answer[answer.index(after: start)...].dropLast().split(separator: ";").dropFirst().contains("4")
    }
}
