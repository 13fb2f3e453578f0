import Foundation

extension Dataset {
    /// Most distinct classes a label column may have before it reads as a continuous target.
    public static let maxPlausibleClasses = 1000

    /// A sentence when the labels look like a continuous target rather than classes (text labels that
    /// are all numbers, some not whole, or more distinct classes than `maxPlausibleClasses` and than half
    /// the samples); nil when they look like classes.
    public var labelWarning: String? {
        guard let labels, !labels.isEmpty else { return nil }
        if let names = labelNames, !names.isEmpty {
            let numbers = names.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            if numbers.count == names.count, let fractional = numbers.first(where: { $0 != $0.rounded() }) {
                return "the labels of '\(name)' look continuous: \(names.count) distinct numbers such as \(fractional); "
                    + "expected classes (load with label=none to keep the column as a feature)"
            }
        }
        let distinct = labelNames?.count ?? Set(labels).count
        if distinct > Dataset.maxPlausibleClasses && distinct * 2 > labels.count {
            return "the labels of '\(name)' have \(distinct) distinct classes in \(labels.count) samples; "
                + "they look like a continuous target or an id, not classes (load with label=none to keep the column as a feature)"
        }
        return nil
    }
}
