import Foundation
import LatentCore
import LatentData
import LatentFiles
import LatentModels

extension CommandRegistry {
    /// `load`, `head`, `sample`, `split`, `concat`, `scale`, `export`.
    func registerDataCommands() {
        register(Command("load", group: "Data", returns: .oneOf([.object(DatasetObject.self), .object(ModelObject.self)]), summary: "Loads a dataset (CSV/TSV, IDX, NPY, a folder of PNG/JPEG images) or a saved model (.model).",
                         details: """
                         The format comes from the file name (.csv .tsv .txt .idx .npy, optionally .gz) or its first bytes.
                         CSV fields may be quoted (RFC 4180). Columns are numbered from 1, as in spreadsheets and messages.
                         Labels: CSV label=auto|first|last|none|NAME|NUMBER (auto: a column named label, class, target or y,
                         else the one column of text); IDX images find their MNIST-named labels file; or give labels="file".
                         columns=[...] picks the feature columns and drop=[...] leaves columns out, by name or number.
                         Missing cells (empty, NA, NaN, null) are refused unless na=drop|mean|median|zero says what to do.
                         An unnamed first column holding 0..n-1 (a pandas index) is dropped with a note. Values are scaled with scale=NUMBER|max|minmax|standard|none (uint8 data stay
                         uint8 in memory; the scaling is applied per batch). scale=auto, the default, maps pixel bytes (IDX, NPY uint8, image folders) to
                         [0, 1] by 255, image rows of a CSV (image=) by their largest value, and standardises a table whose columns' ranges differ 100-fold or
                         more; load says what it did in one line. A file written by 'save' loads as a Model.
                         A folder of PNG and JPEG images loads as uint8 rows (0-255, like IDX; scale=auto maps them to [0, 1]):
                         subfolders are classes named after them (faces/alice/1.png has class "alice"; label=none drops them),
                         files directly in it are unlabelled, in sorted order. Images must share a size, or size=[height, width] resamples them
                         (area average where shrinking, bilinear where enlarging). channels=1|3 makes them gray or RGB (default:
                         1 when every image is gray, else 3; RGB rows hold three planes, red, green, blue). Files that are not
                         PNG/JPEG images, or are damaged, are skipped with a note; strict=true refuses them instead.
                         """,
                         positionals: [Load.path],
                         options: [Load.label, Load.columns, Load.drop, Load.id, Load.na, Load.labels, Load.header, Load.delimiter, Load.scale, Load.image, Load.size, Load.channels, Load.strict, Load.name, Load.quiet],
                         examples: ["faces = load \"faces/\" size=[32, 32] scale=255", "w = load \"t.csv\" id=\"id\"", "plot images (load \"faces/\" size=[32, 32]) to \"faces.png\""]) { args, session in
            let written = try args[Load.path]
            let path = Self.findPath(written, session: session)
            // errors name the file as the user wrote it, not its absolute path
            do { return try Self.load(path, written: written, args: args, session: session) } catch let stop as Interrupted {
                throw stop
            } catch let e as DataError where e.kind == .interrupted {
                throw Interrupted()
            } catch {
                throw CommandError("\(error)".replacingOccurrences(of: path, with: written))
            }
        })
        registerSubsetCommands()
        registerAugmentCommand()
    }

    /// Where `load NAME` reads: NAME itself, or, when that does not exist and NAME has no folder, the file
    /// of that name in the output folder (where `save m "digits.model"` and `export` wrote it).
    static func findPath(_ written: String, session: Session) -> String {
        session.findPath(written)
    }

    static func load(_ path: String, written: String, args: Arguments, session: Session) throws -> Value {
            // the checked reader refuses a FIFO or a device here, before any loader runs; a folder holds images
            if !DataLoader.isFolder(path), try Self.isCheckpoint(path) {
                let (model, labels) = try Checkpoint.loadWithLabels(from: path)
                try session.interrupt.check()   // Ctrl-C while reading: nothing is bound
                let object = ModelObject(model: model, labels: labels)
                if try !args[Load.quiet] { session.print("loaded \(object.summary)") }
                return .object(object)
            }
            var options = LoadOptions()
            options.label = try labelColumn(args)
            options.labelsPath = try args[Load.labels].map { session.resolvePath($0) }
            switch try args[Load.header] {
            case "yes": options.header = .present
            case "no": options.header = .absent
            default: options.header = .auto
            }
            if let d = try args[Load.delimiter] {
                guard d.utf8.count == 1 else { throw args.invalid(Load.delimiter, "must be a single character, got \(Value.quote(d))") }
                options.delimiter = d.utf8.first
            }
            if let shape = try args[Load.image] {
                guard shape.count == 2, shape.allSatisfy({ $0 > 0 }) else { throw args.invalid(Load.image, "must be [height, width]") }
                guard !shape[0].multipliedReportingOverflow(by: shape[1]).overflow else {
                    throw args.invalid(Load.image, "[\(shape[0]), \(shape[1])] has more pixels than can be counted")
                }
                options.imageShape = (shape[0], shape[1])
            }
            if let size = try args[Load.size] {
                guard size.count == 2, size.allSatisfy({ $0 >= 1 && $0 <= 65_535 }) else {
                    throw args.invalid(Load.size, "must be [height, width], each from 1 to 65535 pixels, got \(size)")
                }
                options.imageSize = (size[0], size[1])
            }
            if let c = try args[Load.channels] {
                guard c == 1 || c == 3 else { throw args.invalid(Load.channels, "must be 1 (gray) or 3 (RGB), got \(c)") }
                options.imageChannels = c
            }
            options.strict = try args[Load.strict]
            if args.has(Load.columns) { options.columns = try columnRefs(args, Load.columns) }
            if args.has(Load.drop) { options.dropColumns = try columnRefs(args, Load.drop) }
            if args.has(Load.id) { options.idColumn = try columnRef(args.value(Load.id), args, Load.id) }
            options.missing = try args[Load.na]
            options.name = try args[Load.name]
            options.memoryLimit = memoryLimit
            let interrupt = session.interrupt
            options.shouldStop = { interrupt.isSet }
            if let comm = session.communicator { return try loadShard(path, options: options, args: args, comm: comm, session: session) }
            var notes: [String] = []
            var data = try DataLoader.load(path, options: options, notes: &notes)
            try session.interrupt.check()   // Ctrl-C while reading: nothing is bound
            // notes name files as the user wrote them: the file itself, and partners beside it
            let folder = (path as NSString).deletingLastPathComponent + "/"
            let writtenFolder = (written as NSString).deletingLastPathComponent
            for note in notes {
                session.print("note: " + Escaped.text(note.replacingOccurrences(of: path, with: written)
                    .replacingOccurrences(of: folder, with: writtenFolder.isEmpty ? "" : writtenFolder + "/")))
            }
            if let warning = data.labelWarning { session.printError("warning: \(warning)") }
            data = try scaled(data, args.value(Load.scale), args, imageBytes: DataLoader.readsImageBytes(path), session: session)
            try session.interrupt.check()
            return .object(DatasetObject(data))
    }

    /// `load` on one rank of a data-parallel run: the rank's block of rows. A scale computed from the data
    /// (max, minmax, standard) needs the whole file, which every rank then reads before keeping its block.
    static func loadShard(_ path: String, options: LoadOptions, args: Arguments, comm: Communicator,
                          session: Session) throws -> Value {
        let imageBytes = DataLoader.readsImageBytes(path)
        let how = args.value(Load.scale)
        let statistic = ["max", "minmax", "standard"].contains(how.string ?? "") || (how.string == "auto" && !imageBytes)
        var data: Dataset, shard: Shard
        var notes: [String] = []
        if statistic {
            let whole = try scaled(try DataLoader.load(path, options: options, notes: &notes), how, args,
                                   imageBytes: imageBytes, session: session)
            shard = Shard(rank: comm.rank, ranks: comm.size, total: whole.count)
            data = try whole.subset(Array(shard.rows), name: whole.name)
        } else {
            (data, shard) = try DataLoader.loadShard(path, options: options, rank: comm.rank, ranks: comm.size, notes: &notes)
            data = try scaled(data, how, args, imageBytes: imageBytes, session: session)
        }
        try session.interrupt.check()
        for note in notes { session.print("note: " + Escaped.text(note)) }   // partner files found, as a whole load says
        guard shard.counts.min()! >= 1 else { throw CommandError("\(shard.total) samples cannot be shared by \(comm.size) ranks") }
        return .object(DatasetObject(data, shard: shard))
    }

    func registerSubsetCommands() {
        register(Command("head", group: "Data", dataParallel: .shardedSubset, summary: "The first N samples of a dataset, points of an embedding or generated samples.",
                         details: "On an Embedding or Samples the result lists its rows when printed: coordinates (or latent codes) with labels.",
                         positionals: [Head.data, Head.n],
                         examples: ["h = head d 100", "head d 5", "head e 5", "head g 3"]) { args, _ in
            let n = try args[Head.n]
            guard n >= 1 else { throw args.invalid(Head.n, "must be at least 1") }
            if let rows = args.value(Head.data).object as? LeadingRows { return .object(rows.leadingRows(n)) }
            return .object(DatasetObject(try args.object(Head.data, as: DatasetObject.self).dataset.head(n)))
        })
        register(Command("sample", group: "Data", dataParallel: .shardedSubset, summary: "N samples drawn at random without replacement (seeded).",
                         positionals: [Sample.data, Sample.n],
                         examples: ["s = sample d 100"]) { args, session in
            let n = try args[Sample.n]
            guard n >= 1 else { throw args.invalid(Sample.n, "must be at least 1") }
            return .object(DatasetObject(try args[Sample.data].dataset.sample(n, rng: &session.rng)))
        })
        register(Command("split", group: "Data", dataParallel: .shardedSplit, summary: "Splits a dataset into train and test parts (s.train, s.test).",
                         details: "Stratified by label when the data are labelled. The split is drawn from the session's seed.",
                         positionals: [Split.data],
                         options: [Split.test, Split.stratify],
                         examples: ["p = split d test=0.2", "print p.train.count p.test.count"]) { args, session in
            let f = try args[Split.test]
            guard f > 0 && f < 1 else { throw args.invalid(Split.test, "must be between 0 and 1 (exclusive), got \(formatMetric(f))") }
            let parts = try args[Split.data].dataset
                .split(testFraction: f, rng: &session.rng, stratified: try args[Split.stratify])
            return .object(SplitObject(train: parts.train, test: parts.test))
        })
        register(Command("concat", group: "Data", dataParallel: .shardedConcat, summary: "Joins datasets with the same features, one after another.",
                         positionals: [Concat.parts],
                         examples: ["all = concat tr te"]) { args, _ in
            let parts = try args[Concat.parts].map(\.dataset)
            guard parts.count >= 2 else { throw args.invalid(Concat.parts, "needs at least two datasets") }
            return .object(DatasetObject(try Dataset.concat(parts)))
        })
        register(Command("scale", group: "Data", dataParallel: .shardedScale, summary: "A rescaled view of a dataset (the raw values are shared, not copied).",
                         positionals: [Scale.data, Scale.how],
                         examples: ["z = scale d standard"]) { args, _ in
            .object(DatasetObject(try Self.scaled(try args[Scale.data].dataset, args.value(Scale.how), args)))
        })
        register(Command("export", group: "Data", dataParallel: .rootOnly, summary: "Writes an embedding, samples, a dataset, a model's loss history or a table to CSV or NPY.",
                         details: "The format follows the extension (\(ExportFormats.extensionsText)). Labels go in a first CSV column (as class names when they have them), or beside an .npy as NAME.labels.npy with the names in NAME.classes.csv; load \"NAME.npy\" reads both back.",
                         positionals: [Export.value],
                         options: [Export.to],
                         examples: ["export e to \"emb.csv\"", "export t to \"results.npy\""]) { args, session in
            let path = try session.outputPath(try args[Export.to])
            guard let format = ExportFormats.format(for: path) else {
                throw args.invalid(Export.to, "must end in \(ExportFormats.extensionsText), got \(Value.quote(path))")
            }
            guard let object = args.value(Export.value).object as? Exportable else { throw args.invalid(Export.value, "cannot be exported") }
            do { try format.write(object, to: path) } catch let e as ExportError { throw CommandError(e.message, about: Export.value) }
            session.print("wrote \(Self.displayPath(path, session: session))")
            return .none
        })
    }

    /// True when `path` starts with the checkpoint magic or is named `.model`; throws (naming the file)
    /// when it is missing, unreadable or not a regular file.
    static func isCheckpoint(_ path: String) throws -> Bool {
        let head = try ReadableFile(path).read(offset: 0, count: 8)
        return head == Array("LATENTCK".utf8) || path.hasSuffix(".model")
    }

    /// The most bytes one loaded file may occupy: what the memory guard says is available to the process.
    static var memoryLimit: Int {
        let bytes = MemoryLimit.current.bytes
        return bytes.isFinite && bytes > 0 && bytes < Double(Int.max) ? Int(bytes) : Int.max
    }

    static func labelColumn(_ args: Arguments) throws -> LabelColumn {
        let v = args.value(Load.label)
        if v.isNone && args.isGiven(Load.label) { return .none }    // label=none (the language's none literal)
        if let i = v.int {
            guard i >= 1 else { throw args.invalid(Load.label, "must be a column number from 1 (the first column), got \(i)") }
            return .number(i)
        }
        guard let s = v.string else { throw args.invalid(Load.label, "expects a column name, position or index, got \(v.kindDescription)") }
        switch s {
        case "auto": return .auto
        case "first": return .first
        case "last": return .last
        case "none": return .none
        default: return .name(s)
        }
    }

    /// The columns of `columns=` or `drop=`: names, or numbers from 1.
    static func columnRefs(_ args: Arguments, _ name: Option<Value?>) throws -> [ColumnRef] {
        try (args.value(name).list ?? []).map { try columnRef($0, args, name) }
    }

    /// One column of an option (an item of `columns=` or `drop=`, or `id=`): a name, or a number from 1.
    static func columnRef(_ v: Value, _ args: Arguments, _ name: Option<Value?>) throws -> ColumnRef {
        if let k = v.int {
            guard k >= 1 else { throw args.invalid(name, "numbers columns from 1 (the first column), got \(k)") }
            return .number(k)
        }
        guard let s = v.string else { throw args.invalid(name, "expects column names or numbers, got \(v.kindDescription)") }
        return .name(s)
    }

    /// `data` scaled as `how` says (a number, max, minmax, standard, none, or auto: `Dataset.autoScaled`, whose
    /// sentence `session` prints; `imageBytes`: the data were read from an image format).
    static func scaled(_ data: Dataset, _ how: Value, _ args: Arguments, imageBytes: Bool = false, session: Session? = nil) throws -> Dataset {
        if how.isNone { return try data.unscaled() }   // scale=none, the language's none literal
        if how.string == "auto" {
            let (scaled, note) = try data.autoScaled(imageBytes: imageBytes)
            if let note, session?.communicator?.isRoot ?? true { session?.print(note) }
            return scaled
        }
        if let divisor = how.number {
            guard divisor > 0, divisor.isFinite else { throw CommandError("scale must be a positive number or max, minmax, standard, none") }
            return try data.dividedBy(Float(divisor))
        }
        switch how.string {
        case "max": return try data.dividedByMax()
        case "minmax": return try data.minMaxScaled()
        case "standard": return try data.standardized()
        case "none": return try data.unscaled()
        default:
            throw CommandError("scale expects a number or one of max, minmax, standard, none, got \(how.kindDescription)"
                               + Suggestion.didYouMean(how.string ?? "", in: ["max", "minmax", "standard", "none"]))
        }
    }
}

/// The parameters of `load`.
private enum Load {
    static let path = Positional<String>("path", "the file, or a folder of images")
    static let label = Option<Value>("label", .oneOf([.choice(["auto", "first", "last", "none"]), .int, .string]), default: "auto", "label column: auto, first, last, none, a name or a number (1 is the first column)")
    static let columns = Option<Value?>("columns", .list(.oneOf([.int, .string])), "the feature columns, by name or number (1 is the first)")
    static let drop = Option<Value?>("drop", .list(.oneOf([.int, .string])), "columns to leave out, by name or number (1 is the first)")
    static let id = Option<Value?>("id", .oneOf([.int, .string]), "a column of row IDs, by name or number: kept through subsets, embed, export, head and plots (default: a text column headed id)")
    static let na = Option<MissingValues>("na", default: "error", "missing cells: error, drop (the rows), or fill with the column's mean, median, or zero")
    static let labels = Option<String?>("labels", "a separate labels file (IDX or NPY)")
    static let header = Option<String>("header", .choice(["auto", "yes", "no"]), default: "auto", "whether a CSV's first line is a header")
    static let delimiter = Option<String?>("delimiter", "CSV delimiter (default: detected)")
    static let scale = Option<Value>("scale", .oneOf([.number, .choice(["auto", "max", "minmax", "standard", "none"])]), default: "auto", "NUMBER to divide by, or max, minmax, standard, none; auto: image bytes to [0, 1], a table whose columns differ by orders of magnitude standardised")
    static let image = Option<[Int]?>("image", "image shape [height, width] for plotting (3 x height x width values: RGB planes)")
    static let size = Option<[Int]?>("size", "image folders: resample every image to [height, width]")
    static let channels = Option<Int?>("channels", "image folders: 1 (gray) or 3 (RGB); default 1 when every image is gray, else 3")
    static let strict = Option<Bool>("strict", default: false, "image folders: refuse a file that is not a PNG/JPEG image instead of skipping it")
    static let name = Option<String?>("name", "the dataset's name in summaries")
    static let quiet = Option<Bool>("quiet", default: false, "print nothing when a model loads")
}

/// The parameters of `head`.
private enum Head {
    static let data = Positional<Value>("data", .oneOf([.object(DatasetObject.self), .object(EmbeddingObject.self), .object(SamplesObject.self)]), "the dataset, embedding or samples")
    static let n = Positional<Int>("n", "how many")
}

/// The parameters of `sample`.
private enum Sample {
    static let data = Positional<DatasetObject>("data", "the dataset")
    static let n = Positional<Int>("n", "how many")
}

/// The parameters of `split`.
private enum Split {
    static let data = Positional<DatasetObject>("data", "the dataset")
    static let test = Option<Double>("test", default: 0.2, "fraction of samples in the test part")
    static let stratify = Option<Bool>("stratify", default: true, "keep class proportions")
}

/// The parameters of `concat`.
private enum Concat {
    static let parts = Variadic<DatasetObject>("parts", "two or more datasets")
}

/// The parameters of `scale`.
private enum Scale {
    static let data = Positional<DatasetObject>("data", "the dataset")
    static let how = Positional<Value>("how", .oneOf([.number, .choice(["max", "minmax", "standard", "none"])]), "NUMBER to divide by, or max, minmax, standard, none")
}

/// The parameters of `export`.
private enum Export {
    static let value = Positional<Value>("value", .oneOf([.object(EmbeddingObject.self), .object(SamplesObject.self), .object(DatasetObject.self), .object(ModelObject.self), .object(ResultTable.self)]), "what to write")
    static let to = Option<String>("to", required: true, keyword: true, "the file (\(ExportFormats.extensionsText))")
}
