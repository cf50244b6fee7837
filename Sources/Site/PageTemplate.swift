/// The HTML around a page's content: head, sidebar with the chapter list, previous/next links.
///
/// Kept apart from the rendering so that the look of the site can change
/// here and in `Stylesheet` alone. Every text from a chapter is escaped.
enum PageTemplate {
    static func page(bookTitle: String, navigation: [NavigationEntry], current: Int, body: String) -> String {
        let chapter = navigation[current].chapter
        let title = current == 0 ? bookTitle : "\(chapter.title) · \(bookTitle)"
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>\(escapeHTML(title))</title>
        <link rel="stylesheet" href="style.css">
        </head>
        <body>
        <div class="layout">
        \(sidebar(bookTitle: bookTitle, navigation: navigation, current: current))
        <main class="content">
        <article class="chapter">
        \(body)
        </article>
        \(pager(navigation: navigation, current: current))
        </main>
        </div>
        </body>
        </html>

        """
    }

    /// The book's title and every page, the current one marked for the reader and for screen readers.
    static func sidebar(bookTitle: String, navigation: [NavigationEntry], current: Int) -> String {
        var html = "<nav class=\"sidebar\" aria-label=\"Chapters\">\n"
        html += "<a class=\"book-title\" href=\"index.html\">\(escapeHTML(bookTitle))</a>\n<ol class=\"chapter-list\">\n"
        for (index, entry) in navigation.enumerated() {
            let marker = index == current ? " class=\"current\" aria-current=\"page\"" : ""
            html += "<li><a href=\"\(escapeHTML(entry.pageName))\"\(marker)>\(label(entry))</a></li>\n"
        }
        return html + "</ol>\n</nav>"
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

    /// The table of contents on the index page.
    static func contents(_ chapters: ArraySlice<NavigationEntry>, id: String) -> String {
        var html = "<section class=\"contents\">\n" + headingHTML(level: 2, id: id, innerHTML: "Contents") + "\n<ol>\n"
        for entry in chapters {
            html += "<li><a href=\"\(escapeHTML(entry.pageName))\">\(label(entry))</a></li>\n"
        }
        return html + "</ol>\n</section>\n"
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
