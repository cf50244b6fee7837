import Foundation
import Site

/// The named regions of a source file, marked mdBook style:
///
///     // ANCHOR: forward
///     func forward(...) { ... }
///     // ANCHOR_END: forward
///
/// A chapter includes a region by name, so the code it shows is the code
/// that runs. The whole file is checked when it is read: an anchor that ends
/// without starting, starts without ending, is nested inside itself or is
/// defined twice is an error naming the file and line, because such a file
/// would silently show the reader the wrong code.
public struct AnchoredSource {
    /// The file's lines, without line terminators.
    let lines: [String]
    /// Each anchor's region: the indices of the lines between its markers.
    let regions: [String: Range<Int>]
    /// The lines that are markers (of any anchor): they never reach the page.
    let markerLines: Set<Int>
    /// The file as error messages name it.
    let path: String

    /// Reads and checks `file`. `root` only shortens the paths in error messages.
    public init(file: URL, root: URL? = nil) throws(BookError) {
        let text: String
        switch BookFile.contents(of: file) {
        case .success(let data):
            guard let decoded = String(bytes: data, encoding: .utf8) else {
                throw BookError(file: file, root: root, message: "cannot read the included file: it is not UTF-8")
            }
            text = decoded
        case .failure(let problem):
            throw BookError(file: file, root: root, message: "cannot read the included file\(problem.suffix)")
        }
        try self.init(text: text, path: displayPath(of: file, under: root))
    }

    /// Parses source text; `path` names the file in error messages.
    public init(text: String, path: String) throws(BookError) {
        let lines = SourceText(text).lines
        var open: [String: Int] = [:]
        var regions: [String: Range<Int>] = [:]
        var markers = Set<Int>()
        for (index, line) in lines.enumerated() {
            guard let marker = Self.marker(in: line) else { continue }
            markers.insert(index)
            let lineNumber = index + 1
            func fail(_ message: String) -> BookError { BookError(path: path, line: lineNumber, message: message) }
            switch marker {
            case .start(let name):
                if let outer = open[name] {
                    throw fail("ANCHOR: \(name) starts again inside itself (opened at line \(outer + 1))")
                }
                if let earlier = regions[name] {
                    // A region starts on the line after its marker, so its 0-based
                    // start index is the marker's 1-based line number.
                    throw fail("anchor '\(name)' is defined twice (first at line \(earlier.lowerBound))")
                }
                open[name] = index
            case .end(let name):
                guard let start = open.removeValue(forKey: name) else {
                    throw fail("ANCHOR_END: \(name) without a matching ANCHOR: \(name)")
                }
                regions[name] = (start + 1)..<index
            }
        }
        if let (name, start) = open.min(by: { $0.value < $1.value }) {
            throw BookError(
                path: path, line: start + 1, message: "ANCHOR: \(name) is never closed by ANCHOR_END: \(name)")
        }
        self.lines = lines
        self.regions = regions
        self.markerLines = markers
        self.path = path
    }

    /// The code of anchor `name`, or of the whole file when `name` is nil, and the lines it comes from:
    /// without marker lines (also other anchors' markers inside the region),
    /// dedented so that its least indented line starts at column 1.
    public func code(anchor name: String?) throws(BookError) -> IncludedCode {
        let range: Range<Int>
        if let name {
            guard let region = regions[name] else {
                let known = regions.keys.sorted().joined(separator: ", ")
                throw BookError(
                    path: path,
                    message: "no anchor '\(name)'"
                        + (known.isEmpty ? " (the file has no anchors)" : " (anchors: \(known))"))
            }
            range = region
        } else {
            range = lines.indices
        }
        let shown = range.filter { !markerLines.contains($0) }.map { lines[$0] }
        return IncludedCode(
            code: Self.dedent(shown).joined(separator: "\n"), file: path,
            lines: (range.lowerBound + 1)...max(range.lowerBound + 1, range.upperBound))
    }

    enum Marker: Equatable {
        case start(String)
        case end(String)
    }

    /// The anchor marker on `line`, if it is one: `// ANCHOR: name` or `// ANCHOR_END: name`.
    static func marker(in line: String) -> Marker? {
        let trimmed = line.trimmingWhitespace
        for (keyword, make) in [("// ANCHOR: ", Marker.start), ("// ANCHOR_END: ", Marker.end)] {
            if trimmed.hasPrefix(keyword) {
                return make(trimmed.dropFirst(keyword.count).trimmingWhitespace)
            }
        }
        return nil
    }

    /// Removes the indent that all non-blank lines share; blank lines become empty.
    static func dedent(_ lines: [String]) -> [String] {
        let indents = lines.filter { !$0.trimmingWhitespace.isEmpty }
            .map { $0.prefix { $0 == " " || $0 == "\t" }.count }
        let common = indents.min() ?? 0
        return lines.map { $0.trimmingWhitespace.isEmpty ? "" : String($0.dropFirst(common)) }
    }
}
