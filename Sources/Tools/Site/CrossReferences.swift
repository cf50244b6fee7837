import Foundation

/// Numbered figures and equations, and the references prose makes to them.
///
/// Every figure is numbered, per chapter: the second figure of chapter 3 is
/// "Figure 3.2", and its label comes from its file name (`figures/bptt.svg`
/// is `fig-bptt`). A display formula is numbered when its block is labelled,
/// as Quarto and pandoc label it:
///
///     ```math {#eq-lstm-cell}
///     c_t = f \odot c_{t-1} + i \odot g
///     ```
///
/// and shows "(3.1)" at its right. Prose refers to either with `@fig-bptt` or
/// `@eq-lstm-cell`, in any chapter, and the page shows a link reading
/// "Figure 3.2" or "(3.1)". The numbers come from the order of the book, so
/// they are the same on every render; a reference to a label the book does
/// not have stops the build with the chapter file and line.
struct CrossReferences {
    /// What a label stands for: where it is, and what a reference to it reads.
    struct Target: Equatable {
        var page: String
        var id: String
        var text: String
    }

    private(set) var targets: [String: Target] = [:]
    /// Labels placed twice; a reference to one of them is ambiguous.
    private(set) var repeated: Set<String> = []

    mutating func add(label: String, _ target: Target) {
        if targets[label] != nil { repeated.insert(label) } else { targets[label] = target }
    }

    /// The label a fenced block's info string gives it (`math {#eq-lstm}` → `eq-lstm`), nil without one.
    static func label(inInfo info: String) -> Substring? {
        guard let open = info.range(of: "{#"), let close = info[open.upperBound...].firstIndex(of: "}") else {
            return nil
        }
        return info[open.upperBound..<close]
    }

    /// Whether `label` is one prose can refer to: `eq-` and letters, digits, hyphens.
    static func isEquationLabel(_ label: Substring) -> Bool {
        label.hasPrefix("eq-") && label.count > 3
            && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    /// The references in a run of prose: each `@fig-…` or `@eq-…` and where it stands.
    /// A reference starts after a non-word character and ends before the first
    /// character that cannot be in a label (a final hyphen belongs to the sentence).
    static func references(in text: String) -> [(range: Range<String.Index>, label: String)] {
        var found: [(Range<String.Index>, String)] = []
        var index = text.startIndex
        while let at = text[index...].firstIndex(of: "@") {
            let start = text.index(after: at)
            index = start
            if at > text.startIndex {
                let before = text[text.index(before: at)]
                if before.isLetter || before.isNumber || before == "_" || before == "@" { continue }
            }
            let rest = text[start...]
            guard rest.hasPrefix("fig-") || rest.hasPrefix("eq-") else { continue }
            var end = rest.firstIndex { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-")) } ?? text.endIndex
            while end > start, text[text.index(before: end)] == "-" { end = text.index(before: end) }
            let label = String(text[start..<end])
            guard let dash = label.firstIndex(of: "-"), label.index(after: dash) < label.endIndex else { continue }
            found.append((at..<end, label))
            index = end
        }
        return found
    }

    /// `text` as HTML with every reference a link; an unknown or ambiguous label fails with what is wrong.
    func html(for text: String) throws(CrossReferenceProblem) -> String? {
        let found = Self.references(in: text)
        guard !found.isEmpty else { return nil }
        var html = "", last = text.startIndex
        for (range, label) in found {
            guard let target = targets[label] else {
                let kind =
                    label.hasPrefix("fig-")
                    ? "figure (fig- and the file name without .svg)"
                    : "labelled formula (```math {#\(label)})"
                throw CrossReferenceProblem("@\(label) refers to no \(kind) in the book")
            }
            guard !repeated.contains(label) else {
                throw CrossReferenceProblem("@\(label) is ambiguous: the book places '\(label)' more than once")
            }
            html += escapeHTML(String(text[last..<range.lowerBound]))
            html +=
                "<a class=\"xref\" href=\"\(escapeHTML(target.page))#\(escapeHTML(target.id))\">\(escapeHTML(target.text))</a>"
            last = range.upperBound
        }
        return html + escapeHTML(String(text[last...]))
    }
}

/// Why a reference cannot be made, in one line (the caller adds the chapter file and line).
struct CrossReferenceProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
