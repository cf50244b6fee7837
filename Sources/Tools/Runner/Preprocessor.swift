import Foundation

/// A step that changes a chapter's Markdown after the chapters have run and
/// before its page is rendered, as mdBook's preprocessors do: a book lists its
/// own in `Book.preprocessors`. It gets the text as the previous step left it.
///
/// A preprocessor must keep every line where it was: the runner finds a
/// chapter's code and output blocks by their line, and messages name lines
/// of the chapter file.
public protocol Preprocessor {
    /// `markdown`, the text of `chapter` so far, changed.
    ///
    /// - Throws: `BookError` naming the chapter's file and line, for something it cannot do.
    func run(_ markdown: String, of chapter: Chapter, context: PreprocessorContext) throws(BookError) -> String
}

/// What a preprocessor may read: the values the book names and every chapter's run.
public struct PreprocessorContext {
    /// The values the book gives by name (`Book.values`).
    public var values: [String: String]
    /// The runs of the book's chapters, in order.
    public var runs: [ChapterRun]

    public init(values: [String: String], runs: [ChapterRun]) {
        self.values = values
        self.runs = runs
    }
}
