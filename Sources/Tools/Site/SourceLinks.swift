/// Where the book's sources can be read online: a link to the repository in
/// every page's sidebar, and from each listing's caption to the file it shows.
///
/// Both are optional, and the site has no such links without them: the pages
/// never guess an address. The file address is a template, as mdBook's
/// `edit-url-template` is: `{path}` is the file's path from the book's root,
/// `{first}` and `{last}` the first and last line shown, so a code host's
/// own line anchors can be used:
/// `https://github.com/OWNER/REPO/blob/main/{path}#L{first}-L{last}`. A branch
/// name, not a commit, keeps the committed pages the same from commit to commit.
public struct SourceLinks: Equatable, Sendable {
    /// The repository's address, shown in the sidebar.
    public var repository: String?
    /// The address of a shown file, with `{path}`, `{first}` and `{last}` to fill in.
    public var fileTemplate: String?

    public init(repository: String? = nil, fileTemplate: String? = nil) {
        self.repository = repository
        self.fileTemplate = fileTemplate
    }

    /// The placeholders a file template may use.
    public static let placeholders = ["{path}", "{first}", "{last}"]

    /// The address of the lines `code` shows, or nil without a template.
    func url(for code: IncludedCode) -> String? {
        guard let template = fileTemplate else { return nil }
        return template.replacingOccurrences(of: "{path}", with: code.file)
            .replacingOccurrences(of: "{first}", with: String(code.lines.lowerBound))
            .replacingOccurrences(of: "{last}", with: String(code.lines.upperBound))
    }
}
