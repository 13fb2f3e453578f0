import Foundation
import LatentCore
import LatentFiles

extension DataLoader {
    /// True when `path` names a folder (or a link to one).
    public static func isFolder(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Reads a folder of PNG and JPEG images (see `ImageFolderListing` for which files and labels):
    /// class subfolders give labels and class names (in sorted order), files directly in the folder make
    /// an unlabelled set (as does `options.label == .none`). Each image is decoded (libpng, libjpeg-turbo), made gray or RGB
    /// (`options.imageChannels`, by default 1 when every image is gray, else 3), resampled to
    /// `options.imageSize` when given (`ImageResize`; otherwise every image must have the first one's
    /// size) and stored as uint8 values 0-255, like IDX images: one row per image, `channels` planes of
    /// `height x width` (CHW), with the image shape recorded. Files that are not PNG/JPEG images or are
    /// damaged are skipped with a note (refused, naming the file, under `options.strict`); a header
    /// declaring a size that cannot be held is refused before anything is allocated from it.
    public static func loadImageFolder(_ path: String, options: LoadOptions = LoadOptions(), notes: inout [String]) throws -> Dataset {
        let listing = try ImageFolderListing(root: path)
        var skipped = ImageFolderSkips(strict: options.strict)
        let limit = options.memoryLimit
        let stop = options.shouldStop

        // 1. headers (from each file's first 64 KB when they hold it): which files are images, their sizes and colour
        let headers = eachInParallel(listing.files, stop: stop) { file -> Result<ImageHeader, ImageFileProblem> in
            Result { try readHeader(file, limit: limit) }.mapError { $0 as? ImageFileProblem ?? .refused($0) }
        }
        try checkStop(stop, path)
        var found: [(file: ImageFolderListing.File, header: ImageHeader)] = []
        for (file, outcome) in zip(listing.files, headers) {
            switch outcome {
            case .success(let header): found.append((file, header))
            case .failure(let problem): try skipped.record(problem, file)
            }
        }
        let images = found
        guard let first = images.first else {
            throw DataError(.missingFile, file: path,
                            "is a folder; expected a file, or a folder of PNG or JPEG images, but it holds none\(skipped.summary.map { " (\($0))" } ?? "")")
        }
        let (height, width): (Int, Int)
        if let size = options.imageSize {
            guard (1...ImageHeader.maxSide).contains(size.height), (1...ImageHeader.maxSide).contains(size.width) else {
                throw DataError.argument("size [\(size.height), \(size.width)] for \(path): expected a height and width from 1 to \(ImageHeader.maxSide) pixels")
            }
            (height, width) = size
        } else {
            (height, width) = (first.header.height, first.header.width)
            if let other = images.first(where: { $0.header.height != height || $0.header.width != width }) {
                throw DataError(.countMismatch, file: path,
                                "holds images of different sizes: \(first.file.name) is \(height)x\(width), \(other.file.name) is \(other.header.height)x\(other.header.width) (height x width); give size=[height, width] to resample them to one size")
            }
        }
        let channels = options.imageChannels ?? (images.allSatisfy { $0.header.channels == 1 } ? 1 : 3)
        guard channels == 1 || channels == 3 else {
            throw DataError.argument("channels \(channels) for \(path): expected 1 (gray) or 3 (RGB)")
        }
        let features = height * width * channels
        let (total, overflow) = images.count.multipliedReportingOverflow(by: features)
        guard !overflow, total <= limit else {
            throw DataError(.sizeMismatch, file: path,
                            "holds \(images.count) images of \(height)x\(width)x\(channels) values, more than the memory limit of \(limit) bytes")
        }

        // 2. pixels, each image decoded into its own row; rows of files that fail now are closed up after
        var storage = [UInt8](repeating: 0, count: total)
        let decoded: [Result<(converted: Bool, resampled: Bool), ImageFileProblem>] = storage.withUnsafeMutableBufferPointer { rows in
            let base = rows.baseAddress!
            return eachInParallel(images.indices, stop: stop) { k in
                Result {
                    try decodeImage(images[k].file, header: images[k].header, limit: limit,
                                    height: height, width: width, channels: channels, into: base + k * features)
                }.mapError { $0 as? ImageFileProblem ?? .refused($0) }
            }
        }
        try checkStop(stop, path)
        var kept: [ImageFolderListing.File] = []
        var resampled = 0, converted = 0
        try storage.withUnsafeMutableBufferPointer { rows in
            for (k, outcome) in decoded.enumerated() {
                switch outcome {
                case .success(let done):
                    if kept.count != k { (rows.baseAddress! + kept.count * features).update(from: rows.baseAddress! + k * features, count: features) }
                    kept.append(images[k].file)
                    if done.converted { converted += 1 }
                    if done.resampled { resampled += 1 }
                case .failure(let problem):
                    try skipped.record(problem, images[k].file)
                }
            }
        }
        guard !kept.isEmpty else {
            throw DataError(.emptyFile, file: path, "holds no PNG or JPEG images that could be decoded (\(skipped.summary ?? ""))")
        }
        storage.removeSubrange((kept.count * features)...)

        // labels from the class folders that hold images, numbered in sorted order
        var labels: [Int32]? = nil, classNames: [String]? = nil
        if listing.hasClasses && options.label != .none {
            let names = Array(Set(kept.compactMap(\.classFolder))).sorted()
            let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
            labels = kept.map { index[$0.classFolder!]! }
            classNames = names
            let empty = Set(listing.files.compactMap(\.classFolder)).subtracting(names).sorted() + listing.emptyClassFolders
            if !empty.isEmpty {
                notes.append("\(ImageFolderSkips.list(empty.sorted().map { $0 + "/" })) \(empty.count == 1 ? "holds" : "hold") no images and \(empty.count == 1 ? "is not a class" : "are not classes")")
            }
        }
        if !listing.looseFiles.isEmpty {
            notes.append("left out \(count(listing.looseFiles.count, "file")) directly in the folder (\(ImageFolderSkips.list(listing.looseFiles))): with class subfolders, only the images inside them are read")
        }
        notes += skipped.notes
        if converted > 0 {
            notes.append(channels == 1 ? "made \(count(converted, "colour image")) gray (BT.601 luma)"
                                       : "repeated \(count(converted, "gray image")) into RGB")
        }
        if resampled > 0 {
            notes.append("resampled \(resampled) of \(kept.count) images to \(height)x\(width) (area average where shrinking, bilinear where enlarging)")
        }
        var name = options.name ?? FileBytes.baseName(path)
        if name.isEmpty || name == "/" { name = "images" }
        return try Dataset(name: name, count: kept.count, features: features, storage: .uint8(storage),
                           labels: labels, labelNames: classNames, imageShape: (height, width),
                           ids: kept.map(\.name))   // each row's file, as the folder lists it ("alice/1.png")
    }

    /// `body` for every element of `items`, spread over the thread team, the results in order. Once
    /// `stop` says so, the remaining elements are not run and get `.refused(interrupted)`.
    private static func eachInParallel<C: RandomAccessCollection, T>(
        _ items: C, stop: (@Sendable () -> Bool)?,
        _ body: (C.Element) -> Result<T, ImageFileProblem>) -> [Result<T, ImageFileProblem>] where C.Index == Int {
        let interrupted = Result<T, ImageFileProblem>.failure(.refused(DataError(.interrupted, "interrupted")))
        var results = [Result<T, ImageFileProblem>](repeating: interrupted, count: items.count)
        results.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!, first = items.startIndex
            Parallel.forRanges(items.count, minCount: 8, align: 1) { _, part in
                for i in part {
                    if stop?() == true { return }
                    (base + i).pointee = body(items[first + i])
                }
            }
        }
        return results
    }

    /// The checked header of an image file, read from its first 64 KB, or from the whole file when the
    /// header goes on beyond them (large metadata before the image).
    private static func readHeader(_ file: ImageFolderListing.File, limit: Int) throws -> ImageHeader {
        let prefix = 1 << 16
        let (head, format, size) = try readImageFile(file, limit: limit, count: prefix)
        func parse(_ bytes: [UInt8]) throws -> ImageHeader {
            do { return try ImageDecoder.header(bytes, format: format, file: file.path, memoryLimit: limit) } catch let e as ImageDecodeError {
                throw ImageFileProblem.damaged(format, e.reason)
            }
        }
        do { return try parse(head) } catch ImageFileProblem.damaged where size > prefix {
            return try parse(try readImageFile(file, limit: limit).0)
        }
    }

    /// Decodes an image file whose checked header is `header` into `out` as `channels` planes of
    /// `height x width`; says whether it had to be converted or resampled.
    private static func decodeImage(_ file: ImageFolderListing.File, header: ImageHeader, limit: Int,
                                    height: Int, width: Int, channels: Int,
                                    into out: UnsafeMutablePointer<UInt8>) throws -> (converted: Bool, resampled: Bool) {
        let (bytes, _, _) = try readImageFile(file, limit: limit)
        var image: DecodedImage
        do { image = try ImageDecoder.decode(bytes, header: header) } catch let e as ImageDecodeError {
            throw ImageFileProblem.damaged(header.format, e.reason)
        }
        let converted = image.channels != channels, resampled = image.height != height || image.width != width
        // Colour changes and resampling commute (both act on each channel alone); gray is made RGB after
        // resampling, so that a large gray image is never tripled at its own size, only at the dataset's
        // (which the memory check of the whole dataset covers).
        if converted && channels < image.channels { image = image.converted(to: channels) }
        if resampled { image = ImageResize.resample(image, height: height, width: width) }
        if converted && channels > image.channels { image = image.converted(to: channels) }
        image.writePlanes(to: out)
        return (converted, resampled)
    }

    /// The first `count` bytes (all when nil) of an image file, its format and its size; throws
    /// `ImageFileProblem` when it cannot be read or is not a PNG/JPEG image.
    private static func readImageFile(_ file: ImageFolderListing.File, limit: Int, count: Int? = nil) throws -> ([UInt8], ImageFormat, Int) {
        let bytes: [UInt8], size: Int
        do {
            // the size fstat reports, read at once (an image file does not grow while it is read)
            (bytes, size) = try FileBytes.checked(file.path) {
                let f = try ReadableFile(file.path, systemPath: file.systemPath)
                guard f.size <= limit else {
                    throw FileError(.tooLarge, path: file.path, "is larger than the \(limit) bytes that can be held in memory")
                }
                return (try f.read(offset: 0, count: min(count ?? f.size, f.size)), f.size)
            }
        } catch let e as DataError {
            throw ImageFileProblem.unreadable(e.detail)
        }
        guard let format = ImageFormat.sniff(bytes) else { throw ImageFileProblem.notImage }
        return (bytes, format, size)
    }

    private static func checkStop(_ stop: (@Sendable () -> Bool)?, _ path: String) throws {
        if stop?() == true { throw DataError(.interrupted, file: path, "reading the images was interrupted") }
    }

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}

/// Why a file of an image folder is not loaded.
enum ImageFileProblem: Error {
    /// It cannot be read (permissions, not a regular file): the reader's sentence.
    case unreadable(String)
    /// Its first bytes are neither PNG's nor JPEG's.
    case notImage
    /// Its decoder rejects it: the decoder's sentence.
    case damaged(ImageFormat, String)
    /// It must stop the load (a header declaring a size that cannot be held, Ctrl-C).
    case refused(Error)
}

/// The files an image-folder load left out, and why; under `strict` the first one is refused instead.
struct ImageFolderSkips {
    let strict: Bool
    private var notImages: [String] = []
    private var damaged: [(name: String, reason: String)] = []

    init(strict: Bool) { self.strict = strict }

    /// Records `problem` of `file`: a skip, or under `strict` (and for a refusal) the error.
    mutating func record(_ problem: ImageFileProblem, _ file: ImageFolderListing.File) throws {
        let refusal = "strict=true refuses it, without it the file is skipped"
        switch problem {
        case .refused(let error):
            throw error
        case .notImage:
            if strict {
                throw DataError(.unsupported, file: file.path,
                                "is not a PNG or JPEG image (expected a file starting with the PNG signature or FF D8 FF); \(refusal)")
            }
            notImages.append(file.name)
        case .damaged(let format, let reason):
            if strict { throw DataError(.malformed, file: file.path, "is a damaged \(format.rawValue) image (\(reason)); \(refusal)") }
            damaged.append((file.name, reason))
        case .unreadable(let reason):
            if strict { throw DataError(.unreadable, file: file.path, "\(reason); \(refusal)") }
            damaged.append((file.name, reason))
        }
    }

    /// One sentence per kind of skip, for the load's notes.
    var notes: [String] {
        var out: [String] = []
        if !notImages.isEmpty {
            out.append("skipped \(notImages.count) file\(notImages.count == 1 ? " that is not a PNG/JPEG image" : "s that are not PNG/JPEG images"): \(ImageFolderSkips.list(notImages))")
        }
        if !damaged.isEmpty {
            let shown = damaged.prefix(3).map { "\($0.name) (\($0.reason))" }
            out.append("skipped \(damaged.count) damaged or unreadable file\(damaged.count == 1 ? "" : "s"): \(shown.joined(separator: ", "))\(damaged.count > 3 ? " and \(damaged.count - 3) more" : "")")
        }
        return out
    }

    /// The notes as one clause, or nil when nothing was skipped.
    var summary: String? { notes.isEmpty ? nil : notes.joined(separator: "; ") }

    /// Up to five names, then how many more.
    static func list(_ names: [String]) -> String {
        names.prefix(5).joined(separator: ", ") + (names.count > 5 ? " and \(names.count - 5) more" : "")
    }
}
