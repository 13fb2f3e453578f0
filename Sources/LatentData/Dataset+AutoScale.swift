/// `scale=auto`, the default of `load`: the scaling a new user would have to know to give.
extension Dataset {
    /// Ranges (max - min) of non-constant columns further apart than this factor count as differing by
    /// orders of magnitude, and the table is standardised.
    public static let autoStandardiseRatio: Float = 100

    /// The values as `scale=auto` maps them, with one sentence saying what was done (nil: nothing):
    ///
    /// - bytes read from an image format (`imageBytes`: IDX, NPY uint8, a folder of images) are divided by 255
    ///   onto [0, 1], whatever their largest value, so a test set maps as its training set did;
    /// - other image rows (a CSV given `image=`) with values in [0, max], max > 1, are divided by max;
    /// - a table whose non-constant columns' ranges differ by `autoStandardiseRatio` or more is standardised
    ///   (mean 0, standard deviation 1 per column): distances between rows are otherwise the widest column's;
    /// - anything else is kept as it is.
    /// The name stays the file's (an explicit `scale=` adds its suffix, as "digits/16.0").
    public func autoScaled(imageBytes: Bool) throws -> (data: Dataset, note: String?) {
        guard features > 0, count > 0 else { return (self, nil) }
        if imageBytes && isUInt8 {
            return (try dividedBy(255).with(name: name), "scale=auto: pixel bytes divided by 255 (to [0, 1]); scale=none keeps them")
        }
        let st = featureStats()
        let low = st.min.min() ?? 0, high = st.max.max() ?? 0
        if imageShape != nil {
            guard low >= 0, high > 1 else { return (self, nil) }
            return (try dividedBy(high).with(name: name), "scale=auto: image values divided by their largest, \(Self.number(high)) (to [0, 1]); scale=none keeps them")
        }
        let ranges = zip(st.min, st.max).map { $1 - $0 }.filter { $0 > 0 && $0.isFinite }
        guard let widest = ranges.max(), let narrowest = ranges.min(), widest >= Self.autoStandardiseRatio * narrowest else {
            return (self, nil)
        }
        let note = "scale=auto: standardised the \(features) columns (mean 0, standard deviation 1), whose ranges differ "
            + "from \(Self.number(narrowest)) to \(Self.number(widest)); scale=none keeps the raw values"
        return (try standardized().with(name: name), note)
    }

    /// `v` with at most 4 significant digits, for notes.
    static func number(_ v: Float) -> String {
        let d = Double(v)
        if d == d.rounded(), abs(d) < 1e7 { return String(Int(d)) }
        var text = String(format: "%.4g", d)
        if text.contains("e") { return text }
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        return text
    }
}

extension DataLoader {
    /// True when `path` is read in a format that holds images as bytes (a folder of images, IDX, NPY):
    /// `scale=auto` then divides its uint8 values by 255.
    public static func readsImageBytes(_ path: String) -> Bool {
        if isFolder(path) { return true }
        guard let format = (try? format(of: path) ?? sniff(path)) ?? nil else { return false }
        return format == .idx || format == .npy
    }
}
