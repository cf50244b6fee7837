import Foundation

/// A problem with the book itself: a missing file, a broken directive, an
/// anchor that does not balance.
///
/// It always names where the problem is, `path:line: message`, with the path
/// relative to the book's root when the file lies inside it, so that an
/// editor or a terminal can jump straight to it.
public struct BookError: Error, Equatable, CustomStringConvertible {
    /// The file at fault, as the reader should see it (relative to the root where possible).
    public var path: String
    /// The 1-based line at fault, when there is one.
    public var line: Int?
    /// What is wrong, in one line.
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public init(file: URL, root: URL?, line: Int? = nil, message: String) {
        self.init(path: displayPath(of: file, under: root), line: line, message: message)
    }

    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }
}

/// `file` relative to `root` when it lies inside it (`chapters/03-model.md`),
/// its full path otherwise.
func displayPath(of file: URL, under root: URL?) -> String {
    let path = file.standardizedFileURL.path
    guard let root else { return path }
    let prefix = root.standardizedFileURL.path
    let rootWithSlash = prefix.hasSuffix("/") ? prefix : prefix + "/"
    return path.hasPrefix(rootWithSlash) ? String(path.dropFirst(rootWithSlash.count)) : path
}
