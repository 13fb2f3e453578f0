import Foundation
import LatentCore
import LatentData
import LatentEval
import LatentNeighbours
import LatentFiles
import LatentScript

/// The Fréchet score's feature classifier, trained once per dataset and kept in the `out` folder under
/// `feature-classifiers/NAME-HASH.classifier`: NAME is the dataset's name (made safe for a file name) and HASH
/// a 64-bit hash of its contents (values, scaling, labels), so a changed dataset trains a new classifier.
/// The file is written atomically; one that cannot be read back whole (damaged, truncated, another format) is
/// refused with a sentence and replaced by a freshly trained classifier.
enum FeatureClassifierCache {
    /// Folder inside the `out` setting's folder.
    static let folder = "feature-classifiers"
    /// The classifier's settings (FeatureClassifier.train's defaults, fixed seed): part of what the cache holds.
    static let epochs = 5, seed: UInt64 = 1
    /// Rows it is trained on at most (a seeded subsample of larger data), so a large dataset stays quick.
    static let trainingRows = 60_000

    /// The classifier for the labelled `data`, loaded when cached, else trained and saved. `notes` gets one
    /// line saying which (and why a cached file was refused).
    static func classifier(for data: Dataset, labels: [Int32], session: Session,
                           notes: inout [String]) throws -> FeatureClassifier {
        let hash = data.contentDigest
        let name = "\(fileStem(data.name))-\(String(format: "%016llx", hash)).classifier"
        let path = session.resolvePath(((session.outputFolder as NSString).appendingPathComponent(folder) as NSString).appendingPathComponent(name))
        let shown = (path as NSString).lastPathComponent
        if FileManager.default.fileExists(atPath: path) {
            do {
                let bytes = try ReadableFile.read(path, limit: 1 << 30)
                let c = try FeatureClassifier(bytes: bytes, source: shown)
                guard c.body.inputSize == data.features else {
                    throw EvalError("\(shown) takes \(c.body.inputSize) features, \(data.name) has \(data.features)")
                }
                notes.append("feature classifier for \(data.name) loaded from \(folder)/\(shown)")
                return c
            } catch {
                notes.append("refused the cached feature classifier: \(error); training a new one")
            }
        }
        let t0 = Date()
        var rng = Rng(seed: seed)
        let rows = rng.subsample(data.count, trainingRows)
        let c = try FeatureClassifier.train(data: data.sampleRows(rows), labels: rows.map { labels[$0] }, epochs: epochs, seed: seed)
        try AtomicFile.write(c.bytes(), to: path, createFolder: true)
        notes.append(String(format: "trained the feature classifier on %@ (%d images, %d epochs) in %.1f s; saved as %@/%@",
                            data.name, rows.count, epochs, Date().timeIntervalSince(t0), folder, shown))
        return c
    }

    /// `name` with every character outside letters, digits, '.', '-' and '_' replaced by '_', at most 60 long.
    static func fileStem(_ name: String) -> String {
        let safe = name.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-".unicodeScalars.contains($0) ? Character($0) : "_" }
        let stem = String(safe.prefix(60))
        return stem.isEmpty || stem.hasPrefix(".") ? "data" + stem : stem
    }
}
