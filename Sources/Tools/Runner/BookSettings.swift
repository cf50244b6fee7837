import Foundation
import Site

/// The book's own settings, read from `chapters/book.json` when there is one:
///
///     {
///       "title": "Dynamic RNN in Swift",
///       "repository": "https://github.com/OWNER/REPO",
///       "source-file": "https://github.com/OWNER/REPO/blob/main/{path}#L{first}-L{last}"
///     }
///
/// Every key is optional. `title` names the book in every page; `repository`
/// puts a link to it in the sidebar; `source-file` links each listing's
/// caption to the file it shows (`SourceLinks`). Without the last two the
/// site has no links to a repository. An unknown key, a value of the wrong
/// kind or an address that is not http(s) is an error naming the file, so a
/// misspelt key never silently does nothing.
public struct BookSettings: Equatable {
    public var title: String?
    public var sourceLinks = SourceLinks()

    public init(title: String? = nil, sourceLinks: SourceLinks = SourceLinks()) {
        self.title = title
        self.sourceLinks = sourceLinks
    }

    /// Where the settings live, relative to the book's root.
    public static let path = "chapters/book.json"
    static let keys = ["title", "repository", "source-file"]

    /// The settings in `root/chapters/book.json`, or none when the file is absent.
    public static func load(root: URL) throws(BookError) -> BookSettings {
        let file = root.appendingPathComponent(path)
        var info = stat()
        guard lstat(file.path, &info) == 0 else { return BookSettings() }
        switch BookFile.contents(of: file) {
        case .success(let data): return try parse(data)
        case .failure(let problem):
            throw BookError(path: path, message: "cannot read the book's settings\(problem.suffix)")
        }
    }

    /// The settings in `data`, checked.
    public static func parse(_ data: Data) throws(BookError) -> BookSettings {
        func problem(_ message: String) -> BookError { BookError(path: path, message: message) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw problem(
                "not valid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "unreadable"))"
            )
        }
        guard let settings = object as? [String: Any] else { throw problem("expected one JSON object of settings") }
        if let unknown = settings.keys.sorted().first(where: { !keys.contains($0) }) {
            throw problem("unknown setting '\(unknown.prefix(60))'; the settings are \(keys.joined(separator: ", "))")
        }
        func text(_ key: String) throws(BookError) -> String? {
            guard let value = settings[key] else { return nil }
            guard let text = value as? String, !text.isEmpty, !text.contains(where: { $0.isNewline }) else {
                throw problem("'\(key)' must be a non-empty string on one line")
            }
            return text
        }
        func address(_ key: String) throws(BookError) -> String? {
            guard let text = try text(key) else { return nil }
            guard text.hasPrefix("https://") || text.hasPrefix("http://"),
                !text.contains(where: { $0.isWhitespace || "\"<>\\`".contains($0) })
            else {
                throw problem("'\(key)' must be an http(s) address without spaces or quotes")
            }
            return text
        }
        let template = try address("source-file")
        if let template {
            guard template.contains("{path}") else {
                throw problem("'source-file' must contain {path}, the shown file's path")
            }
            var rest = template
            for placeholder in SourceLinks.placeholders { rest = rest.replacingOccurrences(of: placeholder, with: "") }
            if rest.contains("{") || rest.contains("}") {
                throw problem("'source-file' may use only \(SourceLinks.placeholders.joined(separator: ", "))")
            }
        }
        return BookSettings(
            title: try text("title"),
            sourceLinks: SourceLinks(repository: try address("repository"), fileTemplate: template))
    }
}
