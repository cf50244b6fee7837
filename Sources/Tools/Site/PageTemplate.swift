import Foundation

/// The HTML around a page's content: head, sidebar with the chapter list, previous/next links.
///
/// The page itself is `Resources/page.html` and the look `Resources/style.css`,
/// edited as HTML and CSS; this fills the template's `{{name}}` slots. Every
/// text from a chapter is escaped.
enum PageTemplate {
    static func page(
        template: Template, bookTitle: String, repository: String? = nil, navigation: [NavigationEntry], current: Int,
        body: String, contents: String = ""
    ) -> String {
        let chapter = navigation[current].chapter
        let title = current == 0 ? bookTitle : "\(chapter.title) · \(bookTitle)"
        return template.filled([
            "title": escapeHTML(title),
            "sidebar": sidebar(bookTitle: bookTitle, repository: repository, navigation: navigation, current: current),
            "body": body,
            "contents": contents,
            "pager": pager(navigation: navigation, current: current)
        ])
    }

    /// Every chapter on one page (`PrintPage`), under the same sidebar, without previous and next.
    static func printPage(
        template: Template, bookTitle: String, repository: String? = nil, navigation: [NavigationEntry],
        body: String
    ) -> String {
        template.filled([
            "title": escapeHTML("All chapters · \(bookTitle)"),
            "sidebar": sidebar(bookTitle: bookTitle, repository: repository, navigation: navigation, current: nil),
            "body": body,
            "pager": ""
        ])
    }

    /// The book's title and every page (the chapter list, the one place that lists them),
    /// the current one marked for the reader and for screen readers, then the page with all of them,
    /// and the repository when the book names one.
    static func sidebar(bookTitle: String, repository: String? = nil, navigation: [NavigationEntry], current: Int?)
        -> String
    {
        var html = "<nav class=\"sidebar\" aria-label=\"Chapters\">\n"
        html +=
            "<a class=\"book-title\" href=\"index.html\">\(escapeHTML(bookTitle))</a>\n<ol class=\"chapter-list\">\n"
        for (index, entry) in navigation.enumerated() {
            let marker = index == current ? " class=\"current\" aria-current=\"page\"" : ""
            html += "<li><a href=\"\(escapeHTML(entry.pageName))\"\(marker)>\(label(entry))</a></li>\n"
        }
        let attributes =
            current == nil ? "class=\"all-chapters current\" aria-current=\"page\"" : "class=\"all-chapters\""
        html += "</ol>\n<a \(attributes) href=\"\(PrintPage.pageName)\">All chapters on one page</a>\n"
        if let repository { html += "<a class=\"repository\" href=\"\(escapeHTML(repository))\">The source code</a>\n" }
        return html + "</nav>"
    }

    /// Links to the pages before and after, in book order.
    static func pager(navigation: [NavigationEntry], current: Int) -> String {
        var html = "<nav class=\"pager\" aria-label=\"Previous and next chapter\">\n"
        if current > 0 {
            let entry = navigation[current - 1]
            html += "<a class=\"previous\" rel=\"prev\" href=\"\(escapeHTML(entry.pageName))\">"
            html += "<span class=\"direction\">← Previous</span><span class=\"page-title\">\(label(entry))</span></a>\n"
        }
        if current + 1 < navigation.count {
            let entry = navigation[current + 1]
            html += "<a class=\"next\" rel=\"next\" href=\"\(escapeHTML(entry.pageName))\">"
            html += "<span class=\"direction\">Next →</span><span class=\"page-title\">\(label(entry))</span></a>\n"
        }
        return html + "</nav>"
    }

    /// What the run that built the site did, as the caller describes it.
    static func summary(_ items: [(String, String)], id: String) -> String {
        var html = "<section class=\"run-summary\">\n"
        html += headingHTML(level: 2, id: id, innerHTML: "Summary of the run") + "\n<dl>\n"
        for (label, value) in items {
            html += "<div><dt>\(escapeHTML(label))</dt><dd>\(escapeHTML(value))</dd></div>\n"
        }
        return html + "</dl>\n</section>\n"
    }

    /// `"3. Model"`; the introduction goes without a number.
    private static func label(_ entry: NavigationEntry) -> String {
        let title = escapeHTML(entry.chapter.title)
        guard entry.chapter.number > 0 else { return title }
        return "<span class=\"chapter-number\">\(entry.chapter.number).</span> \(title)"
    }
}

/// A text file with `{{name}}` slots, filled in one pass: text put into a slot is never read for slots again.
struct Template {
    /// The text between the slots, and the slots' names: `parts[0] slots[0] parts[1] …`.
    private var parts: [Substring] = []
    private var slots: [String] = []

    init(_ text: String) {
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            parts.append(rest[..<open.lowerBound])
            slots.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        parts.append(rest)
    }

    func filled(_ values: [String: String]) -> String {
        var out = String(parts[0])
        for (slot, part) in zip(slots, parts.dropFirst()) {
            out += values[slot] ?? ""
            out += part
        }
        return out
    }

    /// The site's template `name`, compiled in from `Sources/Tools/Site/Resources/` (see `EmbeddedResources`).
    static func resource(_ name: String) throws -> String {
        guard let text = EmbeddedResources.files[name] else {
            throw SiteError(
                file: "Sources/Tools/Site/Resources/\(name)", line: 0,
                message: "not among the embedded resources; run python3 .ci/embed-resources.py and build again")
        }
        return text
    }
}
