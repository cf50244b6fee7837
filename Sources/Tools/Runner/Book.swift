import Foundation
import Notebook
import SafeFiles
import Site

/// What runs a chapter: it demonstrates the chapter's step and writes what
/// the reader should see into the notebook. The caller binds whatever the
/// chapter needs (the hyperparameters, say) when it lists the chapters.
public typealias EntryPoint = (Notebook) throws -> Void

/// A chapter as the table of contents lists it, before its Markdown is read.
public struct ChapterEntry {
    public var number: Int
    /// The file name without `.md`, which also orders the chapters: `03-model`.
    public var slug: String
    /// The chapter module's entry point; `nil` for a chapter of prose only.
    public var entryPoint: EntryPoint?
    /// For a chapter marked expensive, what its outputs depend on: it keeps
    /// them between runs and runs again only when these change (see `Freeze`).
    public var freeze: FreezeInputs?

    public init(number: Int, slug: String, entryPoint: EntryPoint?, freeze: FreezeInputs? = nil) {
        self.number = number
        self.slug = slug
        self.entryPoint = entryPoint
        self.freeze = freeze
    }
}

/// Stage 1, load: the book, its chapters in order, read from the project's root,
/// and what its owner adds to the pipeline (`Pipeline`): the values its prose
/// quotes, the preprocessors that fill them in, its front page, the kinds of
/// block it adds to the site.
///
/// Every later stage works on the loaded chapters; none reads a chapter file again.
public struct Book {
    /// The folder that holds `chapters/`.
    public var root: URL
    public var chapters: [Chapter]
    /// The values the chapters' prose may quote by name (`{{value NAME}}`, see `InlineValues`),
    /// as the book's owner describes its run: the tutorial's hyperparameters, say.
    public var values: [String: String] = [:]
    /// The title and the repository links from `chapters/book.json` (`BookSettings`).
    public var settings = BookSettings()
    /// What changes each chapter's Markdown between its run and its page, in order
    /// (mdBook's preprocessors): by default, the values the prose quotes (`InlineValues`).
    public var preprocessors: [any Preprocessor] = [InlineValues()]
    /// The front page's summary of a run: label/value pairs under the introduction.
    public var frontPage: ([ChapterRun]) throws -> [(String, String)] = { _ in [] }
    /// The kinds of fenced block the book adds to its site (`BlockPlugin`), by kind.
    public var plugins: [String: BlockPlugin.Factory] = [:]

    /// Reads and preprocesses every chapter listed in `contents` from `root/chapters/`.
    ///
    /// A Markdown file in `chapters/` that `contents` does not list is an
    /// error, not silently left out of the book; so is a chapter that is not
    /// UTF-8. Temporary files a killed `--update` left behind are removed.
    public init(root: URL, contents: [ChapterEntry]) throws(BookError) {
        self.root = root
        let folder = root.appendingPathComponent("chapters", isDirectory: true)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        } catch {
            throw BookError(path: folder.path, message: "no chapters folder here")
        }
        // Only a regular file named as `--update` names its copy of one of the book's chapters.
        let chapterFiles = contents.map { $0.slug + ".md" }
        for name in names
        where chapterFiles.contains(where: {
            SafeFiles.isTemporary(name, of: $0, suffix: Update.temporarySuffix)
        }) {
            var info = stat()
            let path = folder.appendingPathComponent(name).path
            if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG { unlink(path) }
        }
        let listed = Set(contents.map { $0.slug + ".md" })
        if let stray = names.first(where: { $0.hasSuffix(".md") && !$0.hasPrefix(".") && !listed.contains($0) }) {
            let known = contents.map(\.slug)
            throw BookError(
                path: "chapters/" + stray,
                message: "not one of the book's chapters ("
                    + (known.count > 2 ? "\(known[0]) … \(known[known.count - 1])" : known.joined(separator: ", "))
                    + "); add it to the book's contents or move it out of chapters/")
        }
        settings = try BookSettings.load(root: root)
        chapters = try contents.map { entry throws(BookError) in
            let file = folder.appendingPathComponent(entry.slug + ".md")
            let data: Data
            switch BookFile.contents(of: file) {
            case .success(let contents): data = contents
            case .failure(let problem):
                throw BookError(file: file, root: root, message: "cannot read the chapter file\(problem.suffix)")
            }
            return try Chapter(entry, contents: data, file: file, root: root)
        }
    }

    /// The chapter numbered `number`, if the book has it.
    public func chapter(_ number: Int) -> Chapter? {
        chapters.first { $0.number == number }
    }

    /// Refuses a site folder that would replace the book or its sources: the root itself or a folder
    /// above it, `chapters/` or `Sources/`, or a folder inside those two.
    public func checkSiteFolder(_ folder: URL) throws(BookError) {
        let target = realPath(folder)
        func isInside(_ path: String, _ folder: String) -> Bool {
            path == folder || folder == "/" || path.hasPrefix(folder + "/")
        }
        if isInside(realPath(root), target) {
            throw BookError(
                path: folder.path, message: "refusing to write the site here: it would replace the book's own folder")
        }
        for protected in ["chapters", "Sources"].map({ root.appendingPathComponent($0) })
        where isInside(target, realPath(protected)) {
            throw BookError(
                path: folder.path,
                message: "refusing to write the site here: it is in the book's \(protected.lastPathComponent)/ folder")
        }
    }

    /// The project's root: `start` or the nearest folder above it that holds `chapters/`.
    public static func locateRoot(from start: URL) throws(BookError) -> URL {
        var folder = start.standardizedFileURL
        while true {
            var isFolder: ObjCBool = false
            let chapters = folder.appendingPathComponent("chapters").path
            if FileManager.default.fileExists(atPath: chapters, isDirectory: &isFolder), isFolder.boolValue {
                return folder
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path {
                throw BookError(
                    path: start.standardizedFileURL.path,
                    message: "no chapters folder here or in any folder above; pass --root PATH")
            }
            folder = parent
        }
    }
}

/// `url`'s path with `..` and symbolic links resolved, as far as the path exists.
func realPath(_ url: URL) -> String {
    let path = url.standardizedFileURL.path
    if let resolved = realpath(path, nil) {
        defer { free(resolved) }
        return String(cString: resolved)
    }
    // A path that does not exist yet: resolve the folder above it.
    let parent = url.standardizedFileURL.deletingLastPathComponent()
    guard parent.path != path else { return path }
    let base = realPath(parent)
    return (base == "/" ? "" : base) + "/" + url.lastPathComponent
}

/// Reading the files a book is made of (chapters, included sources, figures):
/// regular files only (a FIFO would never end), and none larger than
/// `byteLimit`, checked before reading, so a mistaken include of a huge file
/// is a message, not minutes of work and gigabytes of memory.
enum BookFile {
    static let byteLimit = 4 << 20

    /// The bytes of `file`, or why they cannot be read, in words for a message.
    static func contents(of file: URL) -> Result<Data, BookFileProblem> {
        var info = stat()
        guard stat(file.path, &info) == 0 else { return .failure(BookFileProblem(reason: nil)) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            return .failure(BookFileProblem(reason: "it is not a regular file"))
        }
        guard info.st_size <= byteLimit else {
            return .failure(
                BookFileProblem(reason: "it is larger than \(byteLimit >> 20) MiB, too large for a book's file"))
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            return .failure(BookFileProblem(reason: nil))
        }
        return .success(data)
    }

    /// Whether `file`, with `..` and symbolic links resolved, lies inside `root`.
    static func isInside(_ file: URL, root: URL) -> Bool {
        realPath(file).hasPrefix(realPath(root) + "/")
    }
}

struct BookFileProblem: Error {
    /// Why, when more can be said than that the file cannot be read.
    var reason: String?
    /// `: reason`, or nothing.
    var suffix: String { reason.map { ": " + $0 } ?? "" }
}
