import Foundation
import LatentFiles

/// The files of an image folder in the ImageFolder convention: with subfolders, each subfolder is a class
/// (its name the class name) holding that class's files, nested folders included; without, the files
/// directly in the folder are one unlabelled set. Names starting with "." (hidden files, `.DS_Store`,
/// `.ipynb_checkpoints`) are left out. Symbolic links to files are read; links to folders are not
/// followed (a link cannot make the walk loop). Order: sorted by path, so loading is deterministic.
struct ImageFolderListing {
    /// One candidate file.
    struct File {
        /// The path to show (names that are not UTF-8 with `\x{XX}` escapes, see `Escaped.fileName`).
        let path: String
        /// The path's bytes as the file system has them, NUL-terminated: what `open` is given.
        let systemPath: [CChar]
        /// The path relative to the folder, for messages (`alice/1.png`).
        let name: String
        /// The class subfolder the file is in; nil without subfolders.
        let classFolder: String?
    }

    /// The candidate files in order: by class folder, then by path within it.
    private(set) var files: [File] = []
    /// True when the folder has subfolders, whose names are the class names.
    private(set) var hasClasses = false
    /// The class subfolders holding no files at all.
    private(set) var emptyClassFolders: [String] = []
    /// With class subfolders, the files directly in the folder (left out: they have no class).
    private(set) var looseFiles: [String] = []

    /// Folders deeper than this below a class folder are refused (the walk must end).
    static let maxDepth = 32

    /// Lists `root`, which must be a folder.
    init(root: String) throws {
        let rootBytes = Array(root.utf8)
        let top = try ImageFolderListing.entries(rootBytes, shown: root)
        let folders = top.filter { $0.isFolder }
        hasClasses = !folders.isEmpty
        if !hasClasses {
            files = top.map { File(path: ImageFolderListing.join(root, $0.name), systemPath: ImageFolderListing.cPath(rootBytes, $0.bytes),
                                   name: $0.name, classFolder: nil) }
            return
        }
        looseFiles = top.filter { !$0.isFolder }.map(\.name)
        for folder in folders {
            var found: [File] = []
            try ImageFolderListing.walk(ImageFolderListing.join(rootBytes, folder.bytes), shown: ImageFolderListing.join(root, folder.name),
                                        name: folder.name, classFolder: folder.name, depth: 0, into: &found)
            if found.isEmpty { emptyClassFolders.append(folder.name) }
            files += found.sorted { $0.name < $1.name }
        }
    }

    /// Appends the files below `folder` (its bytes; `shown` in messages, `name` relative to the root) to `files`.
    private static func walk(_ folder: [UInt8], shown: String, name: String, classFolder: String, depth: Int,
                             into files: inout [File]) throws {
        guard depth < maxDepth else {
            throw DataError(.unsupported, file: shown, "is nested more than \(maxDepth) folders deep inside its class folder '\(classFolder)'; expected images in class subfolders")
        }
        for entry in try entries(folder, shown: shown) {
            let path = join(shown, entry.name), relative = name + "/" + entry.name
            if entry.isFolder {
                try walk(join(folder, entry.bytes), shown: path, name: relative, classFolder: classFolder, depth: depth + 1, into: &files)
            } else {
                files.append(File(path: path, systemPath: cPath(folder, entry.bytes), name: relative, classFolder: classFolder))
            }
        }
    }

    /// The visible entries of `folder` (its path's bytes), sorted by shown name, each with its name's bytes
    /// as the file system has them, its name as text (`Escaped.fileName`: bytes that are not UTF-8 stay
    /// visible as `\x{XX}`, so no file is dropped or garbled for its name), and whether it is a folder
    /// (a real one, not a link). Read with readdir, which hands out names as bytes.
    private static func entries(_ folder: [UInt8], shown: String) throws -> [(bytes: [UInt8], name: String, isFolder: Bool)] {
        guard let dir = opendir(cPath(folder)) else {
            throw DataError(.unreadable, file: shown, "cannot be listed: \(FileError.reason(errno))")
        }
        defer { closedir(dir) }
        var found: [(bytes: [UInt8], name: String, isFolder: Bool)] = []
        while let entry = readdir(dir) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            guard let first = bytes.first, first != UInt8(ascii: ".") else { continue }
            var st = stat()
            let isFolder = lstat(cPath(folder, bytes), &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
            found.append((bytes, Escaped.fileName(bytes), isFolder))
        }
        return found.sorted { $0.name < $1.name }
    }

    /// `folder/name` as bytes, with one slash between them.
    static func join(_ folder: [UInt8], _ name: [UInt8]) -> [UInt8] {
        folder.last == UInt8(ascii: "/") ? folder + name : folder + [UInt8(ascii: "/")] + name
    }

    /// A NUL-terminated path for the C calls: `folder`, or `folder/name`.
    static func cPath(_ folder: [UInt8], _ name: [UInt8]? = nil) -> [CChar] {
        (name.map { join(folder, $0) } ?? folder).map { CChar(bitPattern: $0) } + [0]
    }

    /// `folder/name`, with one slash between them.
    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
