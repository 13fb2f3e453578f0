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
    /// an unlabelled set. Each image is decoded (libpng, libjpeg-turbo), made gray or RGB
    /// (`options.imageChannels`, by default 1 when every image is gray, else 3), resampled to
    /// `options.imageSize` when given (`ImageResize`; otherwise every image must have the first one's
    /// size) and stored as uint8 values 0-255, like IDX images: one row per image, `channels` planes of
    /// `height x width` (CHW), with the image shape recorded. Files that are not PNG/JPEG images or are
    /// damaged are skipped with a note (refused, naming the file, under `options.strict`); a header
    /// declaring a size that cannot be held is refused before anything is allocated from it.
    public static func loadImageFolder(_ path: String, options: LoadOptions = LoadOptions(), notes: inout [String]) throws -> Dataset {
        let listing = try ImageFolderListing(root: path)
        var skipped = ImageFolderSkips(root: path, strict: options.strict)
        let limit = options.memoryLimit

        // 1. headers: which files are images, their sizes and colour
        var images: [(file: ImageFolderListing.File, header: ImageHeader)] = []
        for file in listing.files {
            try checkStop(options, path)
            guard let (bytes, format) = try readImageFile(file, limit: limit, skipped: &skipped) else { continue }
            do {
                images.append((file, try ImageDecoder.header(bytes, format: format, file: file.path, memoryLimit: limit)))
            } catch let e as ImageDecodeError {
                try skipped.damaged(file, format: format, reason: e.reason)
            }
        }
        guard let first = images.first else {
            throw DataError(.emptyFile, file: path, "holds no PNG or JPEG images\(skipped.summary.map { " (\($0))" } ?? "")")
        }
        let (height, width): (Int, Int)
        if let size = options.imageSize {
            (height, width) = size
        } else {
            (height, width) = (first.header.height, first.header.width)
            if let other = images.first(where: { $0.header.height != height || $0.header.width != width }) {
                throw DataError(.countMismatch, file: path,
                                "holds images of different sizes: \(first.file.name) is \(height)x\(width), \(other.file.name) is \(other.header.height)x\(other.header.width) (height x width); give size=[height, width] to resample them to one size")
            }
        }
        let channels = options.imageChannels ?? (images.allSatisfy { $0.header.channels == 1 } ? 1 : 3)
        let features = height * width * channels
        let (total, overflow) = images.count.multipliedReportingOverflow(by: features)
        guard !overflow, total <= limit else {
            throw DataError(.sizeMismatch, file: path,
                            "holds \(images.count) images of \(height)x\(width)x\(channels) values, more than the memory limit of \(limit) bytes")
        }

        // 2. pixels, decoded into one row each (a file that fails now is skipped and its row reused)
        var storage = [UInt8](repeating: 0, count: total)
        var kept: [ImageFolderListing.File] = []
        var resampled = 0, converted = 0
        try storage.withUnsafeMutableBufferPointer { rows in
            for (file, header) in images {
                try checkStop(options, path)
                guard let (bytes, _) = try readImageFile(file, limit: limit, skipped: &skipped) else { continue }
                var image: DecodedImage
                do { image = try ImageDecoder.decode(bytes, header: header) } catch let e as ImageDecodeError {
                    try skipped.damaged(file, format: header.format, reason: e.reason)
                    continue
                }
                if image.channels != channels { image = image.converted(to: channels); converted += 1 }
                if image.height != height || image.width != width {
                    image = ImageResize.resample(image, height: height, width: width)
                    resampled += 1
                }
                image.writePlanes(to: rows.baseAddress! + kept.count * features)
                kept.append(file)
            }
        }
        guard !kept.isEmpty else {
            throw DataError(.emptyFile, file: path, "holds no PNG or JPEG images that could be decoded (\(skipped.summary ?? ""))")
        }
        storage.removeSubrange((kept.count * features)...)

        // labels from the class folders that hold images, numbered in sorted order
        var labels: [Int32]? = nil, classNames: [String]? = nil
        if listing.hasClasses {
            let names = Array(Set(kept.compactMap(\.classFolder))).sorted()
            let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
            labels = kept.map { index[$0.classFolder!]! }
            classNames = names
            let empty = Set(listing.files.compactMap(\.classFolder)).subtracting(names).sorted() + listing.emptyClassFolders
            if !empty.isEmpty {
                notes.append("\(ImageFolderSkips.list(empty.sorted().map { $0 + "/" })) \(empty.count == 1 ? "holds" : "hold") no images and \(empty.count == 1 ? "is not a class" : "are not classes")")
            }
            if !listing.looseFiles.isEmpty {
                notes.append("left out \(count(listing.looseFiles.count, "file")) directly in the folder (\(ImageFolderSkips.list(listing.looseFiles))): with class subfolders, only the images inside them are read")
            }
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
                           labels: labels, labelNames: classNames, imageShape: (height, width))
    }

    /// The bytes and format of an image file, or nil (recorded in `skipped`) when it cannot be read or
    /// is not a PNG/JPEG image.
    private static func readImageFile(_ file: ImageFolderListing.File, limit: Int,
                                      skipped: inout ImageFolderSkips) throws -> ([UInt8], ImageFormat)? {
        let bytes: [UInt8]
        do {
            // the size fstat reports, read at once (an image file does not grow while it is read)
            bytes = try FileBytes.checked(file.path) {
                let f = try ReadableFile(file.path)
                guard f.size <= limit else {
                    throw FileError(.tooLarge, path: file.path, "is larger than the \(limit) bytes that can be held in memory")
                }
                return try f.read(offset: 0, count: f.size)
            }
        } catch let e as DataError {
            try skipped.unreadable(file, reason: e.detail)
            return nil
        }
        guard let format = ImageFormat.sniff(bytes) else {
            try skipped.notImage(file)
            return nil
        }
        return (bytes, format)
    }

    private static func checkStop(_ options: LoadOptions, _ path: String) throws {
        if options.shouldStop?() == true { throw DataError(.interrupted, file: path, "reading the images was interrupted") }
    }

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}

/// The files an image-folder load left out, and why; under `strict` the first one is refused instead.
struct ImageFolderSkips {
    let root: String
    let strict: Bool
    private var notImages: [String] = []
    private var damaged: [(name: String, reason: String)] = []

    init(root: String, strict: Bool) {
        self.root = root
        self.strict = strict
    }

    /// A file that is not a PNG or JPEG image (by its first bytes).
    mutating func notImage(_ file: ImageFolderListing.File) throws {
        if strict {
            throw DataError(.unsupported, file: file.path,
                            "is not a PNG or JPEG image (expected a file starting with the PNG signature or FF D8 FF); strict=true refuses it, without it the file is skipped")
        }
        notImages.append(file.name)
    }

    /// An image its decoder rejects.
    mutating func damaged(_ file: ImageFolderListing.File, format: ImageFormat, reason: String) throws {
        if strict {
            throw DataError(.malformed, file: file.path, "is a damaged \(format.rawValue) image (\(reason)); strict=true refuses it, without it the file is skipped")
        }
        damaged.append((file.name, reason))
    }

    /// A file that cannot be read (permissions, not a regular file).
    mutating func unreadable(_ file: ImageFolderListing.File, reason: String) throws {
        if strict { throw DataError(.unreadable, file: file.path, "\(reason); strict=true refuses it, without it the file is skipped") }
        damaged.append((file.name, reason))
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
