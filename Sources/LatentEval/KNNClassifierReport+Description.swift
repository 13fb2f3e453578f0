import Foundation

extension KNNClassifierReport: CustomStringConvertible {
    /// A compact table: the headline scores, then the confusion matrix (rows true, columns predicted)
    /// with per-class precision, recall and F1.
    public var description: String {
        func fixed(_ x: Double) -> String { String(format: "%.4f", x) }
        func pad(_ s: String, _ width: Int) -> String {
            s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
        }
        var lines: [String] = []
        var head = k > 0 ? "kNN (k=\(k)) on \(sampleCount) samples" : "classification of \(sampleCount) samples"
        if !foldAccuracies.isEmpty { head += ", \(foldAccuracies.count)-fold" }
        lines.append(head)
        lines.append("accuracy \(fixed(accuracy))  macro precision \(fixed(macroPrecision))  "
                     + "macro recall \(fixed(macroRecall))  macro F1 \(fixed(macroF1))")
        if !foldAccuracies.isEmpty {
            lines.append("fold accuracies " + foldAccuracies.map(fixed).joined(separator: " "))
        }
        guard !confusion.isEmpty else {
            lines.append("confusion matrix not shown: \(classes.count) classes, more than \(Self.maxConfusionClasses)")
            return lines.joined(separator: "\n")
        }
        let maxCount = confusion.flatMap { $0 }.max() ?? 0
        let width = max(String(maxCount).count, classes.map { String($0).count }.max() ?? 1, 3) + 1
        var header = pad("true\\pred", 10)
        for c in classes { header += pad(String(c), width) }
        header += "  precision recall     F1"
        lines.append(header)
        for (i, c) in classes.enumerated() {
            var line = pad(String(c), 10)
            for count in confusion[i] { line += pad(String(count), width) }
            line += "  " + pad(fixed(precision[i]), 9) + " " + pad(fixed(recall[i]), 6)
                + " " + pad(fixed(f1[i]), 6)
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
