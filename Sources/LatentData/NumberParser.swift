import Foundation

/// Parses decimal numbers straight from bytes, without building Strings.
enum NumberParser {
    /// Outcome of parsing one cell.
    enum Result {
        /// A finite number; `integral` when written without fraction or exponent.
        case number(Double, integral: Bool)
        /// `nan`, `inf`, `infinity` (any case, optional sign).
        case nonFinite
        /// Anything else (including an empty cell).
        case invalid
    }

    private static let exactPowers: [Double] = (0...22).map { pow(10, Double($0)) }

    /// Parses `p[start..<end]` (already trimmed) as a decimal number.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Result {
        var i = start
        guard i < end else { return .invalid }
        var negative = false
        if p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") { negative = p[i] == UInt8(ascii: "-"); i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, dropped = 0, exp10 = 0
        var integral = true
        let intStart = i
        while i < end, p[i] &- 48 < 10 {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48); if mantissa > 0 { digits += 1 } }
            else { dropped += 1 }
            i += 1
        }
        var sawDigit = i > intStart
        if i < end && p[i] == UInt8(ascii: ".") {
            i += 1
            let fracStart = i
            while i < end, p[i] &- 48 < 10 {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48); exp10 -= 1; if mantissa > 0 { digits += 1 } }
                i += 1
            }
            if i > fracStart { sawDigit = true; integral = false }
            else if !sawDigit { return .invalid }
        }
        guard sawDigit else { return special(p, start, end) }
        if i < end && (p[i] | 0x20) == UInt8(ascii: "e") {
            i += 1
            var expNeg = false
            if i < end && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) { expNeg = p[i] == UInt8(ascii: "-"); i += 1 }
            let expStart = i
            var e = 0
            while i < end, p[i] &- 48 < 10 { if e < 100_000 { e = e * 10 + Int(p[i] &- 48) }; i += 1 }
            guard i > expStart else { return .invalid }
            exp10 += expNeg ? -e : e
            integral = false
        }
        guard i == end else { return .invalid }
        exp10 += dropped
        var value: Double
        if mantissa == 0 {
            value = 0
        } else if mantissa < (1 << 53) && exp10 >= -22 && exp10 <= 22 {
            value = exp10 >= 0 ? Double(mantissa) * exactPowers[exp10] : Double(mantissa) / exactPowers[-exp10]
        } else {
            value = slowParse(p, start, end)
        }
        if negative { value = -value }
        return value.isFinite ? .number(value, integral: integral && dropped == 0) : .nonFinite
    }

    /// Correctly rounded fallback through `strtod`.
    private static func slowParse(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double {
        var buf = [CChar](repeating: 0, count: end - start + 1)
        for k in start..<end { buf[k - start] = CChar(bitPattern: p[k]) }
        return strtod(buf, nil).magnitude
    }

    /// Recognises nan / inf / infinity with an optional sign.
    private static func special(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Result {
        var i = start
        if i < end && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) { i += 1 }
        var word = ""
        while i < end && word.count < 9 { word.append(Character(Unicode.Scalar(p[i] | 0x20))); i += 1 }
        guard i == end else { return .invalid }
        return (word == "nan" || word == "inf" || word == "infinity") ? .nonFinite : .invalid
    }
}
