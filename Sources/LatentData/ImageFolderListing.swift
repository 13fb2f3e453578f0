import Foundation

/// The files of an image folder in the ImageFolder convention: with subfolders, each subfolder is a class
/// (its name the class name) holding that class's files, nested folders included; without, the files
/// directly in the folder are one unlabelled set. Names starting with "." (hidden files, `.DS_Store`,
/// `.ipynb_checkpoints`) are left out. Symbolic links to files are read; links to folders are not
/// followed (a link cannot make the walk loop). Order: sorted by path, so loading is deterministic.
struct ImageFolderListing {
    /// One candidate file.
    struct File {
        /// The path to open.
        let path: String
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
        let top = try ImageFolderListing.entries(root, shown: root)
        let folders = top.filter { $0.isFolder }.map(\.name)
        hasClasses = !folders.isEmpty
        if !hasClasses {
            files = top.map { File(path: ImageFolderListing.join(root, $0.name), name: $0.name, classFolder: nil) }
            return
        }
        looseFiles = top.filter { !$0.isFolder }.map(\.name)
        for folder in folders {
            var found: [File] = []
            try ImageFolderListing.walk(ImageFolderListing.join(root, folder), name: folder, classFolder: folder, depth: 0, into: &found)
            if found.isEmpty { emptyClassFolders.append(folder) }
            files += found.sorted { $0.name < $1.name }
        }
    }

    /// Appends the files below `folder` (shown as `name`) to `files`.
    private static func walk(_ folder: String, name: String, classFolder: String, depth: Int, into files: inout [File]) throws {
        guard depth < maxDepth else {
            throw DataError(.unsupported, file: folder, "is nested more than \(maxDepth) folders deep inside its class folder '\(classFolder)'; expected images in class subfolders")
        }
        for entry in try entries(folder, shown: folder) {
            let path = join(folder, entry.name), shown = name + "/" + entry.name
            if entry.isFolder {
                try walk(path, name: shown, classFolder: classFolder, depth: depth + 1, into: &files)
            } else {
                files.append(File(path: path, name: shown, classFolder: classFolder))
            }
        }
    }

    /// The visible entries of `folder`, sorted, each marked as a folder (a real one, not a link) or not.
    private static func entries(_ folder: String, shown: String) throws -> [(name: String, isFolder: Bool)] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw DataError(.unreadable, file: shown, "cannot be listed: \((error as NSError).localizedDescription)")
        }
        return names.filter { !$0.hasPrefix(".") }.sorted().map { name in
            var st = stat()
            let isFolder = lstat(join(folder, name), &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
            return (name, isFolder)
        }
    }

    /// `folder/name`, with one slash between them.
    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
