extension DataLoader {
    /// The sentence listing what `load` reads, for messages about files it does not.
    public static let formatsRead = "latent reads CSV/TSV text (.csv, .tsv, .txt), NumPy arrays (.npy), IDX files (MNIST's train-images-idx3-ubyte), "
        + "each optionally gzipped (.gz), folders of PNG/JPEG images, and models written by save (.model)"

    /// Extensions of files people try to load that latent does not read, with how to convert them.
    static let otherFormats: [String: String] = [
        "parquet": "convert it in Python: pandas.read_parquet(\"FILE\").to_csv(\"FILE.csv\", index=False)",
        "feather": "convert it in Python: pandas.read_feather(\"FILE\").to_csv(\"FILE.csv\", index=False)",
        "xlsx": "save the sheet as CSV, or in Python: pandas.read_excel(\"FILE\").to_csv(\"FILE.csv\", index=False)",
        "xls": "save the sheet as CSV, or in Python: pandas.read_excel(\"FILE\").to_csv(\"FILE.csv\", index=False)",
        "json": "convert it in Python: pandas.read_json(\"FILE\").to_csv(\"FILE.csv\", index=False)",
        "h5": "write the array with numpy.save(\"FILE.npy\", array)", "hdf5": "write the array with numpy.save(\"FILE.npy\", array)",
        "npz": "write one array with numpy.save(\"FILE.npy\", array)", "pkl": "write the array with numpy.save or DataFrame.to_csv",
        "pickle": "write the array with numpy.save or DataFrame.to_csv", "mat": "write the array with numpy.save(\"FILE.npy\", array)",
        "md": "it is a text document, not a table", "pdf": "it is a document, not a table", "html": "it is a web page, not a table",
        "doc": "it is a document, not a table", "docx": "it is a document, not a table", "zip": "unpack it first", "tar": "unpack it first",
        "png": "load the folder that holds the images", "jpg": "load the folder that holds the images", "jpeg": "load the folder that holds the images",
        "latent": "it is a script: run it with source \"FILE\"",
    ]

    /// Throws a sentence naming the formats latent reads when `path`'s extension marks a format it does not.
    static func refuseOtherFormats(_ path: String) throws {
        let name = FileBytes.baseName(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return }
        let ext = String(name[name.index(after: dot)...]).lowercased()
        guard let fix = otherFormats[ext] else { return }
        throw DataError(.unsupported, file: path, "is a .\(ext) file, which latent does not read (\(fix.replacingOccurrences(of: "FILE", with: name))); \(formatsRead)")
    }
}
