import Foundation

/// Every chapter on one page, in book order, as mdBook's print page: for reading
/// straight through, searching with the browser, and printing to PDF.
///
/// Each chapter's content goes into a `<section>` whose id is the chapter's slug,
/// and every id inside it gets the slug as a prefix (`03-model--masking`), so the
/// page's ids stay unique although every chapter has, say, a "Try it" section.
/// Links follow: `#masking` within the chapter and `03-model.html#masking` from
/// elsewhere become `#03-model--masking`, a link to a page becomes a link to its
/// section, and the SVG references (`url(#…)`, `aria-labelledby`) move with their ids.
enum PrintPage {
    static let pageName = "print.html"

    /// The page's body: a table of contents, then one section per chapter.
    /// `pages` pairs each page name with its chapter's title and content HTML.
    static func body(_ pages: [(pageName: String, slug: String, title: String, html: String)]) -> String {
        let slugs = Dictionary(pages.map { ($0.pageName, $0.slug) }, uniquingKeysWith: { first, _ in first })
        return contents(pages.map { ($0.slug, $0.title) }) + "\n"
            + pages.map { page in
                "<section class=\"print-chapter\" id=\"\(escapeHTML(page.slug))\">\n"
                    + prefixed(page.html, slug: page.slug, pages: slugs) + "\n</section>"
            }.joined(separator: "\n")
    }

    /// The list of chapters, each a link to its section: on paper, the book's table of contents.
    static func contents(_ chapters: [(slug: String, title: String)]) -> String {
        var html = "<nav class=\"print-contents\" aria-label=\"Contents\">\n<h1 id=\"contents\">Contents</h1>\n<ol>\n"
        for chapter in chapters {
            html += "<li><a href=\"#\(escapeHTML(chapter.slug))\">\(escapeHTML(chapter.title))</a></li>\n"
        }
        return html + "</ol>\n</nav>"
    }

    /// `html` with its ids, and the links and references to them, prefixed with `slug--`.
    static func prefixed(_ html: String, slug: String, pages: [String: String]) -> String {
        var out = html
        out = replace(#"(\sid=")([^"]*)""#, in: out) { "\($0[1])\(slug)--\($0[2])\"" }
        out = replace(#"url\(#([^)]*)\)"#, in: out) { "url(#\(slug)--\($0[1]))" }
        out = replace(#"(aria-(?:labelledby|describedby)=")([^"]*)""#, in: out) { match in
            match[1] + match[2].split(separator: " ").map { "\(slug)--\($0)" }.joined(separator: " ") + "\""
        }
        out = replace(##"href="([^"#:]*)(#[^"]*)?""##, in: out) { match in
            let page = match[1], fragment = match[2].isEmpty ? nil : String(match[2].dropFirst())
            if page.isEmpty, let fragment { return "href=\"#\(slug)--\(fragment)\"" }
            guard let target = pages[page] else { return match[0] }
            return fragment.map { "href=\"#\(target)--\($0)\"" } ?? "href=\"#\(target)\""
        }
        return out
    }

    /// Every match of `pattern` replaced by what `transform` makes of its groups (group 0: the whole match).
    private static func replace(_ pattern: String, in text: String, _ transform: ([String]) -> String) -> String {
        let expression = try! NSRegularExpression(pattern: pattern)
        let source = text as NSString
        var out = ""
        var last = 0
        for match in expression.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            out += source.substring(with: NSRange(location: last, length: match.range.location - last))
            let groups = (0..<match.numberOfRanges).map { index -> String in
                let range = match.range(at: index)
                return range.location == NSNotFound ? "" : source.substring(with: range)
            }
            out += transform(groups)
            last = match.range.location + match.range.length
        }
        return out + source.substring(from: last)
    }
}
