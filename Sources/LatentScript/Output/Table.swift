/// Left-aligned text columns for listings (`vars`, `help`).
public enum Table {
    /// Rows padded so columns line up (two spaces apart); the last column is not padded.
    public static func format(_ rows: [[String]], header: [String]? = nil, indent: String = "", maxWidth: Int = 28) -> [String] {
        let all = (header.map { [$0] } ?? []) + rows
        guard let columns = all.map(\.count).max(), columns > 0 else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in all {
            for (i, cell) in row.enumerated() where i < columns - 1 {
                widths[i] = min(maxWidth, max(widths[i], cell.count))
            }
        }
        return all.map { row in
            var line = indent
            for (i, cell) in row.enumerated() {
                line += cell
                if i < row.count - 1 {
                    line += String(repeating: " ", count: max(0, widths[i] - cell.count) + 2)
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
