/// Colours and text markers shared by every plot kind so a class looks the same in every figure.
public enum Palette {
    /// 20 qualitative 0xRRGGBB colours: a tab10-like set, then ten further hues chosen to stay distinct.
    public static let qualitative: [UInt32] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD,
        0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
        0x393B79, 0x637939, 0xAD494A, 0x7B4173, 0x00A087,
        0xF1C40F, 0x3C5488, 0xFF9DA7, 0xA6D854, 0x000000,
    ]

    /// Characters drawn for classes on the dumb (text) terminal, indexed like colours.
    public static let markers: [Character] = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    /// Colour of integer class `label` (wraps around after 20 classes; negative labels wrap too).
    public static func color(_ label: Int) -> UInt32 {
        qualitative[positiveModulo(label, qualitative.count)]
    }

    /// Filled gnuplot point type of class `label`: circles for 0-19, then squares, triangles, ...
    /// so that classes sharing a colour (20 apart) still differ in shape.
    public static func pointType(_ label: Int) -> Int {
        let shapes = [7, 5, 9, 11, 13]
        let tier = label >= 0 ? label / qualitative.count : (label + 1) / qualitative.count - 1
        return shapes[positiveModulo(tier, shapes.count)]
    }

    /// Text marker of integer class `label`.
    public static func marker(_ label: Int) -> Character {
        markers[positiveModulo(label, markers.count)]
    }

    /// gnuplot colour literal `'#rrggbb'` for a 0xRRGGBB value.
    static func literal(_ rgb: UInt32) -> String {
        let hex = String(rgb & 0xFF_FFFF, radix: 16)
        return "'#" + String(repeating: "0", count: 6 - hex.count) + hex + "'"
    }

    /// gnuplot's 0xAARRGGBB with AA = transparency (0 opaque, 255 invisible).
    static func withTransparency(_ rgb: UInt32, _ transparency: UInt8) -> UInt32 {
        (UInt32(transparency) << 24) | (rgb & 0xFF_FFFF)
    }

    /// Stops of the continuous palette (viridis: dark blue to yellow, readable in gray and by most colour-blind readers).
    public static let continuousStops: [UInt32] = [0x440154, 0x3B528B, 0x21918C, 0x5EC962, 0xFDE725]

    /// The colour at `t` in 0...1 along the continuous palette (linear between stops); NaN is gray.
    public static func continuous(_ t: Double) -> UInt32 {
        guard t.isFinite else { return 0xBBBBBB }
        let x = min(max(t, 0), 1) * Double(continuousStops.count - 1)
        let i = min(Int(x), continuousStops.count - 2), f = x - Double(i)
        let a = continuousStops[i], b = continuousStops[i + 1]
        func channel(_ shift: UInt32) -> UInt32 {
            let ca = Double((a >> shift) & 0xFF), cb = Double((b >> shift) & 0xFF)
            return UInt32((ca + (cb - ca) * f).rounded()) << shift
        }
        return channel(16) | channel(8) | channel(0)
    }

    /// gnuplot's `set palette defined (...)` for the continuous palette, so a colour bar matches the points.
    static var continuousDefinition: String {
        let last = Double(continuousStops.count - 1)
        return "set palette defined (" + continuousStops.enumerated().map { i, c in
            "\(PlotScript.num(Double(i) / last)) \(literal(c))"
        }.joined(separator: ", ") + ")"
    }

    private static func positiveModulo(_ a: Int, _ n: Int) -> Int { ((a % n) + n) % n }
}
