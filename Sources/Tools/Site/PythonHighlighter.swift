/// The notebook's Python cells as HTML with `<span class="hl-…">` around the tokens it knows.
///
/// A small scanner, not a parser: enough for the notebook's cells, which the
/// chapters quote to show what the Swift code reproduces. It knows
///
/// - comments (`# …` to the end of the line): `hl-comment`;
/// - strings, with an optional prefix (`r`, `b`, `f`, `rb`, …), in single,
///   double or triple quotes, backslash escapes included: `hl-string`;
/// - numbers (`42`, `0.001`, `1e-7`, `0x1F`, `1_000`): `hl-number`;
/// - Python's keywords (`def`, `for`, `import`, `None`, …): `hl-keyword`;
/// - a name right before `(` (a call or definition): `hl-function`;
/// - a name that starts with a capital letter (a class, by convention): `hl-type`;
/// - decorators (`@tf.function`): `hl-attribute`;
/// - operators and punctuation: `hl-operator`.
///
/// Everything else (other names, whitespace) is plain text. The same classes
/// as Swift's, so the two languages share the theme's colours.
enum PythonHighlighter {
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
        "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield"
    ]

    static func html(for source: String) -> String {
        let characters = Array(source)
        var out = ""
        var i = 0
        func span(_ kind: String, _ text: String) { out += "<span class=\"hl-\(kind)\">\(escapeHTML(text))</span>" }
        func isNameStart(_ c: Character) -> Bool { c == "_" || (c.isASCII && c.isLetter) }
        func isName(_ c: Character) -> Bool { isNameStart(c) || (c.isASCII && c.isNumber) }
        while i < characters.count {
            let c = characters[i]
            if c == "#" {
                var end = i
                while end < characters.count, characters[end] != "\n" { end += 1 }
                span("comment", String(characters[i..<end]))
                i = end
            } else if let end = stringEnd(characters, from: i) {
                span("string", String(characters[i..<end]))
                i = end
            } else if c.isASCII && c.isNumber
                || (c == "." && i + 1 < characters.count && characters[i + 1].isASCII
                    && characters[i + 1].isNumber && !(i > 0 && isName(characters[i - 1])))
            {
                var end = i + 1
                while end < characters.count {
                    let d = characters[end]
                    if isName(d) || d == "." { end += 1; continue }
                    if (d == "-" || d == "+"), "eE".contains(characters[end - 1]),
                        !String(characters[i..<end]).hasPrefix("0x")
                    {
                        end += 1; continue
                    }
                    break
                }
                span("number", String(characters[i..<end]))
                i = end
            } else if c == "@", i + 1 < characters.count, isNameStart(characters[i + 1]) {
                var end = i + 1
                while end < characters.count, isName(characters[end]) || characters[end] == "." { end += 1 }
                span("attribute", String(characters[i..<end]))
                i = end
            } else if isNameStart(c) {
                var end = i
                while end < characters.count, isName(characters[end]) { end += 1 }
                let name = String(characters[i..<end])
                var next = end
                while next < characters.count, characters[next] == " " { next += 1 }
                if keywords.contains(name) {
                    span("keyword", name)
                } else if next < characters.count, characters[next] == "(" {
                    span("function", name)
                } else if name.first?.isUppercase == true {
                    span("type", name)
                } else {
                    out += escapeHTML(name)
                }
                i = end
            } else if "+-*/%=<>!&|^~:,.;()[]{}".contains(c) {
                span("operator", String(c))
                i += 1
            } else {
                out += escapeHTML(String(c))
                i += 1
            }
        }
        return out
    }

    /// Where a string literal starting at `start` ends (one past its closing quote), or nil if none starts there.
    static func stringEnd(_ characters: [Character], from start: Int) -> Int? {
        var i = start
        // An optional prefix of up to two letters: r, b, f, u, rb, br, fr, rf (any case).
        while i < characters.count, i - start < 2, "rRbBfFuU".contains(characters[i]) { i += 1 }
        guard i < characters.count, characters[i] == "\"" || characters[i] == "'" else { return nil }
        if i > start, start > 0,
            characters[start - 1].isLetter || characters[start - 1].isNumber || characters[start - 1] == "_"
        {
            return nil
        }
        let quote = characters[i]
        let triple = i + 2 < characters.count && characters[i + 1] == quote && characters[i + 2] == quote
        i += triple ? 3 : 1
        while i < characters.count {
            if characters[i] == "\\" { i += 2; continue }
            if !triple && characters[i] == "\n" { return i }
            if characters[i] == quote {
                if !triple { return i + 1 }
                if i + 2 < characters.count && characters[i + 1] == quote && characters[i + 2] == quote { return i + 3 }
            }
            i += 1
        }
        return characters.count
    }
}
