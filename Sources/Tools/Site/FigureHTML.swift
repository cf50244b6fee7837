/// Figures: SVG drawings under `chapters/figures/`, placed inline so that they follow the page's theme.
///
/// A chapter places a figure with an image alone in its paragraph, a caption as its title:
///
///     ![The LSTM cell: four gates and the cell path.](figures/lstm-cell.svg "The LSTM cell at one timestep.")
///
/// On a code host that is an ordinary image; on the site the file's SVG is put
/// into the page itself (an `<img>` could not see the page's colours), in a
/// `<figure>` with the caption as its `<figcaption>`. The drawing must carry its
/// own text alternative (`role="img"` and a `<title>`, a `<desc>` for the
/// details), and its colours come from classes and CSS variables with fallbacks,
/// so that it reads in either theme, in the page and on its own.
enum FigureHTML {
    /// Where figures live, relative to the chapter files.
    static let folder = "figures/"

    /// Whether an image's URL names one of the book's figures.
    static func isFigure(_ url: String) -> Bool {
        url.hasPrefix(folder) && url.hasSuffix(".svg") && !url.contains("..")
    }

    /// `lstm-cell` for `figures/lstm-cell.svg`.
    static func name(of url: String) -> String {
        String(url.dropFirst(folder.count).dropLast(".svg".count))
    }

    /// The drawing's SVG, ready to go into a page: without an XML declaration, checked for a text alternative.
    static func inlineSVG(_ source: String, name: String) throws(FigureProblem) -> String {
        var svg = Substring(source)
        if svg.hasPrefix("<?xml"), let end = svg.range(of: "?>") { svg = svg[end.upperBound...] }
        svg = svg.drop(while: \.isWhitespace)
        guard svg.hasPrefix("<svg"), let openEnd = svg.firstIndex(of: ">") else {
            throw FigureProblem("\(name) is not an SVG drawing (it must start with <svg>)")
        }
        let openTag = svg[..<openEnd]
        guard openTag.contains("role=\"img\""), svg.contains("<title") else {
            throw FigureProblem(
                "\(name) has no text alternative: give its <svg> role=\"img\" and a <title> (and a <desc>)")
        }
        while svg.last?.isWhitespace == true { svg = svg.dropLast() }
        return String(svg)
    }

    /// The figure as the page shows it, its number ("3.2") before the caption.
    static func html(svg: String, caption: String, id: String, number: String) -> String {
        "<figure class=\"diagram\" id=\"\(escapeHTML(id))\">\n\(svg)\n<figcaption><span class=\"figure-label\">Figure "
            + "\(escapeHTML(number)).</span> \(escapeHTML(caption))</figcaption>\n</figure>"
    }
}

/// Why a figure cannot be placed, in one line (the caller adds the chapter file and line).
struct FigureProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Reads a figure's file, named as the chapter names it (`figures/lstm-cell.svg`); nil when there is none.
public typealias FigureLoader = (_ chapter: SiteChapter, _ path: String) -> String?
