import Format
import Foundation

/// What the reader searches, and the contents of a page: both read from a page's rendered HTML.
///
/// The index is every heading's section of every page: the heading's text,
/// the page and id it links to, and the section's text without markup
/// (formulas and drawings left out). It goes to the site as `search-index.js`,
/// a script that sets `window.dynamicRNNSearch`, because a page opened from
/// `file://` may load a script but not fetch a file. Built from the pages in
/// book order, it has the same bytes for the same pages.
enum SearchIndex {
    struct Section: Equatable {
        var page: String
        var id: String
        var title: String
        var chapter: String
        var text: String
    }

    /// A heading found in a page's HTML: level, id, text.
    struct Heading: Equatable {
        var level: Int
        var id: String
        var text: String
    }

    private static let headingPattern = try! NSRegularExpression(
        pattern: #"<h([1-6]) id="([^"]*)">(.*?)(?:<a class="anchor"[^>]*>¶</a>)?</h\1>"#,
        options: [.dotMatchesLineSeparators])

    /// The headings of `html`, in order.
    static func headings(in html: String) -> [Heading] {
        let source = html as NSString
        return headingPattern.matches(in: html, range: NSRange(location: 0, length: source.length)).map { match in
            Heading(
                level: Int(source.substring(with: match.range(at: 1)))!,
                id: unescapeHTML(source.substring(with: match.range(at: 2))),
                text: plainText(source.substring(with: match.range(at: 3))))
        }
    }

    /// The sections of one page: from each heading to the next.
    static func sections(page: String, chapter: String, html: String) -> [Section] {
        let source = html as NSString
        let matches = headingPattern.matches(in: html, range: NSRange(location: 0, length: source.length))
        return matches.enumerated().map { index, match in
            let start = match.range.location + match.range.length
            let end = index + 1 < matches.count ? matches[index + 1].range.location : source.length
            return Section(
                page: page, id: unescapeHTML(source.substring(with: match.range(at: 2))),
                title: plainText(source.substring(with: match.range(at: 3))), chapter: chapter,
                text: plainText(source.substring(with: NSRange(location: start, length: end - start))))
        }
    }

    /// `search-index.js`.
    static func script(_ sections: [Section]) -> String {
        var out = "// The search index of the site: every heading's section of every page (built with the site).\n"
        out += "window.dynamicRNNSearch = [\n"
        for section in sections {
            out +=
                "{\"page\":\(Format.jsonString(section.page)),\"id\":\(Format.jsonString(section.id)),\"title\":\(Format.jsonString(section.title)),"
            out += "\"chapter\":\(Format.jsonString(section.chapter)),\"text\":\(Format.jsonString(section.text))},\n"
        }
        return out + "];\n"
    }

    /// "On this page": links to the page's second-level headings, for a page with at least `minimum` of them.
    static func pageContents(_ html: String, minimum: Int = 4) -> String {
        let sections = headings(in: html).filter { $0.level == 2 }
        guard sections.count >= minimum else { return "" }
        var out =
            "<nav class=\"page-contents\" aria-label=\"On this page\">\n<p class=\"page-contents-title\">On this page</p>\n<ol>\n"
        for heading in sections {
            out += "<li><a href=\"#\(escapeHTML(heading.id))\">\(escapeHTML(heading.text))</a></li>\n"
        }
        return out + "</ol>\n</nav>"
    }

    private static let dropped = try! NSRegularExpression(
        pattern: #"<(math|svg|script|style|button)\b.*?</\1>"#, options: [.dotMatchesLineSeparators])
    private static let tag = try! NSRegularExpression(pattern: #"<[^>]*>"#)

    /// The text a reader sees in `html`, one space between words; formulas and drawings left out.
    static func plainText(_ html: String) -> String {
        var text = dropped.stringByReplacingMatches(
            in: html, range: NSRange(location: 0, length: (html as NSString).length),
            withTemplate: " ")
        text = tag.stringByReplacingMatches(
            in: text, range: NSRange(location: 0, length: (text as NSString).length),
            withTemplate: " ")
        return unescapeHTML(text).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func unescapeHTML(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
