/// A small TeX-to-MathML translator: the book's formulas, typeset at build time.
///
/// Browsers draw MathML Core natively (Chromium, Firefox, Safari), so a page
/// with formulas needs no fonts, scripts or network. The translator is ours,
/// rather than an external tool, because the committed site is compared byte
/// for byte: the same formula gives the same bytes on every machine and with
/// every toolchain, and it is there wherever `swift test` runs.
///
/// It knows a deliberate subset of TeX, the one the chapters are written in,
/// and refuses everything else with the line of the formula where it stopped:
///
/// - letters (one `<mi>` each, as TeX reads `ab` as a times b), numbers
///   (`3.14` is one `<mn>`), `+ - = < > ( ) [ ] , . ; : | / ' !`;
/// - `_` and `^` with `{…}` groups; `'` as a prime;
/// - `\frac{}{}`, `\sqrt{}`, `\hat{} \bar{} \tilde{}`;
/// - Greek `\alpha \beta \gamma \delta \epsilon \varepsilon \eta \theta
///   \lambda \mu \sigma \tau \phi \varphi \omega \Delta \Sigma`;
/// - symbols `\partial \nabla \infty` and operators `\odot \cdot \times \le
///   \ge \ne \approx \in \to \leftarrow \ldots \cdots`;
/// - `\sum` and `\prod` with limits; `\log \ln \exp \tanh \max \min` and
///   `\operatorname{…}`;
/// - `\text{…}`, `\mathbf{…}` (Latin letters and digits), `\mathrm{…}`;
/// - `\left` and `\right` with `( ) [ ] |` or `.`;
/// - spacing `\, \; \quad`;
/// - `\begin{aligned} … & … \\ … \end{aligned}` and `\begin{cases}`.
///
/// Plain brackets keep their size, as in TeX; `\left … \right` ones grow
/// with their content.
public enum TeXMath {
    /// `<math>` for `tex`: `display` gives a block (`display="block"`), otherwise an inline formula.
    public static func mathML(_ tex: String, display: Bool) throws(MathError) -> String {
        var parser = TeXParser(tex, display: display)
        let nodes = try parser.parseFormula()
        let open = display ? "<math display=\"block\">" : "<math>"
        return open + joined(nodes) + "</math>"
    }

    /// A display formula as HTML. A formula that is one `aligned` becomes an
    /// HTML table of formulas, each left-hand side right-aligned against its
    /// relation: browsers lay out `mtable` cells by MathML rules, which have no
    /// column alignment (Chromium ignores `columnalign` and `text-align` there).
    /// Any other formula is one `<math display="block">`.
    public static func displayHTML(_ tex: String) throws(MathError) -> String {
        var parser = TeXParser(tex, display: true)
        let nodes = try parser.parseFormula()
        guard nodes.count == 1, let rows = parser.alignedRows, nodes[0].xml.hasPrefix("<mtable class=\"aligned\"")
        else {
            return "<math display=\"block\">" + joined(nodes) + "</math>"
        }
        var html = "<table class=\"math-aligned\" role=\"presentation\">"
        for row in rows {
            html +=
                "<tr>"
                + row.enumerated().map { column, cell in
                    let side = column % 2 == 0 ? "lhs" : "rhs"
                    return "<td class=\"\(side)\"><math displaystyle=\"true\">\(cell)</math></td>"
                }.joined() + "</tr>"
        }
        return html + "</table>"
    }

    /// Nodes one after the other, with TeX's thin space after a function name that is not followed by a bracket.
    static func joined(_ nodes: [MathNode]) -> String {
        var out = ""
        for (index, node) in nodes.enumerated() {
            out += node.xml
            if node.kind == .function, index + 1 < nodes.count, !nodes[index + 1].opensWithBracket {
                out += "<mspace width=\"0.1667em\"></mspace>"
            }
        }
        return out
    }
}

/// A formula the translator cannot typeset: what is wrong, and on which line of the formula (0 for the first).
public struct MathError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var line: Int

    public init(message: String, line: Int) {
        self.message = message
        self.line = line
    }

    public var description: String { message }
}

/// One piece of a formula, as MathML, with what the layout around it needs to know.
struct MathNode {
    enum Kind { case ordinary, largeOperator, limitsFunction, function }
    var xml: String
    var kind: Kind = .ordinary
    /// An opening bracket: a function name before it gets no space.
    var opensWithBracket = false

    /// An operator (`<mo>`) standing alone: a sign after it is unary, unless it closes a bracket.
    var isOperator: Bool { xml.hasPrefix("<mo") }
    var isClosing: Bool { [")</mo>", "]</mo>", "|</mo>"].contains { xml.hasSuffix($0) } }
}

/// A recursive-descent reader of the subset; one instance per formula.
struct TeXParser {
    private let characters: [Character]
    private var position = 0
    private let display: Bool
    /// How many atoms enclose the one being read: bounded, so that a formula
    /// of thousands of nested braces is an error, not a stack overflow.
    private var depth = 0
    static let maximumDepth = 64
    /// The cells of the last `aligned` read, as MathML: what `TeXMath.displayHTML` lays out as a table.
    var alignedRows: [[String]]?

    init(_ tex: String, display: Bool) {
        self.characters = Array(tex)
        self.display = display
    }

    // MARK: Tables of the subset

    static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "eta": "η",
        "theta": "θ", "lambda": "λ", "mu": "μ", "sigma": "σ", "tau": "τ", "phi": "ϕ", "varphi": "φ",
        "omega": "ω"
    ]
    /// Upright single-character identifiers.
    static let uprightSymbols: [String: String] = [
        "Delta": "Δ", "Sigma": "Σ", "partial": "∂", "nabla": "∇", "infty": "∞"
    ]
    static let operators: [String: String] = [
        "odot": "⊙", "cdot": "⋅", "times": "×", "le": "≤", "ge": "≥", "ne": "≠", "approx": "≈", "in": "∈",
        "to": "→", "leftarrow": "←", "ldots": "…", "cdots": "⋯"
    ]
    static let largeOperators: [String: String] = ["sum": "∑", "prod": "∏"]
    static let functions: Set<String> = ["log", "ln", "exp", "tanh"]
    static let limitsFunctions: Set<String> = ["max", "min"]
    static let spaces: [String: String] = [",": "0.1667em", ";": "0.2778em", "quad": "1em"]
    static let accents: [String: String] = ["hat": "^", "bar": "¯", "tilde": "~"]
    /// Characters that are operators as they stand (`-` becomes a true minus sign).
    static let operatorCharacters: [Character: String] = [
        "+": "+", "-": "−", "=": "=", "<": "&lt;", ">": "&gt;", "(": "(", ")": ")", "[": "[", "]": "]",
        ",": ",", ".": ".", ";": ";", ":": ":", "|": "|", "/": "/", "!": "!"
    ]
    static let delimiters: Set<Character> = ["(", ")", "[", "]", "|", "."]

    // MARK: Structure

    /// The whole formula: a row, with nothing left over.
    mutating func parseFormula() throws(MathError) -> [MathNode] {
        let nodes = try parseRow()
        skipSpace()
        guard atEnd else {
            switch peekCommand() {
            case "\\": throw error("'\\\\' (a new line) only works inside \\begin{aligned} or \\begin{cases}")
            case "right": throw error("\\right without a \\left before it")
            case "end": throw error("\\end without a \\begin before it")
            default: break
            }
            if current == "&" { throw error("'&' only works inside \\begin{aligned} or \\begin{cases}") }
            throw error("'\(current)' closes a group that was never opened")
        }
        return nodes
    }

    /// Items up to the end, a `}`, `&`, `\\`, `\right` or `\end` (which the caller deals with).
    mutating func parseRow() throws(MathError) -> [MathNode] {
        var nodes: [MathNode] = []
        while true {
            skipSpace()
            if atEnd || current == "}" || current == "&" { break }
            if let command = peekCommand(), ["\\", "right", "end"].contains(command) { break }
            var item = try parseItem()
            // A sign after a relation, an operator or an opening bracket is unary, as TeX reads it: `= -x`.
            if item.xml == "<mo>−</mo>" || item.xml == "<mo>+</mo>", let previous = nodes.last, previous.isOperator,
                !previous.isClosing
            {
                item.xml = item.xml.replacingOccurrences(of: "<mo>", with: "<mo form=\"prefix\">")
            }
            nodes.append(item)
        }
        return nodes
    }

    /// An atom with its subscript, superscript and primes.
    mutating func parseItem() throws(MathError) -> MathNode {
        let base = try parseAtom()
        var lower: String?, upper: String?
        var primes = 0
        while true {
            skipSpace()
            guard !atEnd else { break }
            if current == "'" {
                guard upper == nil else { throw error("a prime after a superscript: write x'^{2}") }
                position += 1
                primes += 1
            } else if current == "^" || current == "_" {
                let isSuper = current == "^"
                position += 1
                let argument = try parseScriptArgument(isSuper ? "^" : "_")
                if isSuper {
                    guard upper == nil else { throw error("two superscripts on one base: group them with {…}") }
                    upper = argument
                } else {
                    guard lower == nil else { throw error("two subscripts on one base: group them with {…}") }
                    lower = argument
                }
            } else {
                break
            }
        }
        // A prime is a raised glyph of its own: it follows the base (and its subscript) rather than
        // becoming a superscript, which would raise it twice; with a superscript it opens that.
        let prime = primes > 0 ? "<mo lspace=\"0\" rspace=\"0\">" + String(repeating: "′", count: primes) + "</mo>" : ""
        if primes > 0, let sup = upper { upper = "<mrow>" + prime + sup + "</mrow>" }
        let trailingPrime = upper == nil ? prime : ""
        guard lower != nil || upper != nil else {
            return primes > 0 ? MathNode(xml: "<mrow>" + base.xml + prime + "</mrow>", kind: base.kind) : base
        }
        let underOver = base.kind == .largeOperator || (base.kind == .limitsFunction && display)
        let xml: String
        switch (lower, upper, underOver) {
        case let (sub?, sup?, true): xml = "<munderover>\(base.xml)\(sub)\(sup)</munderover>"
        case let (sub?, nil, true): xml = "<munder>\(base.xml)\(sub)</munder>"
        case let (nil, sup?, true): xml = "<mover>\(base.xml)\(sup)</mover>"
        case let (sub?, sup?, false): xml = "<msubsup>\(base.xml)\(sub)\(sup)</msubsup>"
        case let (sub?, nil, false): xml = "<msub>\(base.xml)\(sub)</msub>"
        case let (nil, sup?, false): xml = "<msup>\(base.xml)\(sup)</msup>"
        case (nil, nil, _): xml = base.xml
        }
        let kind: MathNode.Kind = base.kind == .limitsFunction ? .function : base.kind
        return MathNode(xml: trailingPrime.isEmpty ? xml : "<mrow>" + xml + trailingPrime + "</mrow>", kind: kind)
    }

    /// What follows `^` or `_`: a group, or a single character or command.
    mutating func parseScriptArgument(_ marker: String) throws(MathError) -> String {
        skipSpace()
        guard !atEnd else { throw error("'\(marker)' at the end of the formula: what goes there?") }
        if current == "}" || current == "^" || current == "_" || current == "&" {
            throw error("'\(marker)' needs something after it")
        }
        if current.isASCIIDigit {
            position += 1
            return "<mn>\(characters[position - 1])</mn>"
        }
        return try parseAtom().xml
    }

    /// One letter, number, operator, group or command.
    mutating func parseAtom() throws(MathError) -> MathNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw error("the formula nests groups, fractions or roots more than \(Self.maximumDepth) deep")
        }
        skipSpace()
        guard !atEnd else { throw error("the formula ends where something was expected") }
        let character = current
        if character == "{" {
            position += 1
            let nodes = try parseRow()
            try expect("}", "a '{' that is never closed")
            return MathNode(xml: row(nodes))
        }
        if character.isASCIILetter {
            position += 1
            return MathNode(xml: "<mi>\(character)</mi>")
        }
        if character.isASCIIDigit {
            var number = ""
            while !atEnd, current.isASCIIDigit || (current == "." && next?.isASCIIDigit == true && !number.isEmpty) {
                number.append(current)
                position += 1
            }
            return MathNode(xml: "<mn>\(number)</mn>")
        }
        if let mo = Self.operatorCharacters[character] {
            position += 1
            // Plain brackets keep their size, as in TeX; `|` and `/` are ordinary symbols there, without spacing.
            let fixed =
                "()[]".contains(character)
                ? " stretchy=\"false\""
                : "|/".contains(character) ? " stretchy=\"false\" lspace=\"0\" rspace=\"0\"" : ""
            return MathNode(xml: "<mo\(fixed)>\(mo)</mo>", opensWithBracket: character == "(" || character == "[")
        }
        if character == "\\" {
            return try parseCommand()
        }
        if character == "}" { throw error("'}' closes a group that was never opened") }
        if character == "'" { throw error("a prime needs something before it") }
        throw error("'\(character)' is not in the book's TeX subset")
    }

    mutating func parseCommand() throws(MathError) -> MathNode {
        let start = position
        guard let name = readCommand() else { throw error("a lone '\\' at the end of the formula") }
        if let letter = Self.greek[name] { return MathNode(xml: "<mi>\(letter)</mi>") }
        if let symbol = Self.uprightSymbols[name] { return MathNode(xml: "<mi mathvariant=\"normal\">\(symbol)</mi>") }
        if let mo = Self.operators[name] { return MathNode(xml: "<mo>\(mo)</mo>") }
        if let mo = Self.largeOperators[name] { return MathNode(xml: "<mo>\(mo)</mo>", kind: .largeOperator) }
        if Self.functions.contains(name) { return MathNode(xml: "<mi>\(name)</mi>", kind: .function) }
        if Self.limitsFunctions.contains(name) { return MathNode(xml: "<mi>\(name)</mi>", kind: .limitsFunction) }
        if let width = Self.spaces[name] { return MathNode(xml: "<mspace width=\"\(width)\"></mspace>") }
        if let accent = Self.accents[name] {
            let base = try parseArgument(name)
            return MathNode(xml: "<mover accent=\"true\">\(base)<mo stretchy=\"false\">\(accent)</mo></mover>")
        }
        switch name {
        case "frac":
            let numerator = try parseArgument(name), denominator = try parseArgument(name)
            return MathNode(xml: "<mfrac>\(numerator)\(denominator)</mfrac>")
        case "sqrt":
            skipSpace()
            if !atEnd, current == "[" { throw error("\\sqrt[n]{…} (an n-th root) is not in the book's TeX subset") }
            return MathNode(xml: "<msqrt>\(try parseArgument(name))</msqrt>")
        case "text":
            // MathML trims the spaces at the ends of a token, which TeX keeps (`\text{if }`): no-break spaces stay.
            var text = try readText(name, keepSpaces: true)
            let leading = text.prefix { $0 == " " }.count, trailing = text.reversed().prefix { $0 == " " }.count
            if leading == text.count {
                text = String(repeating: "\u{A0}", count: leading)
            } else {
                text =
                    String(repeating: "\u{A0}", count: leading) + text.dropFirst(leading).dropLast(trailing)
                    + String(repeating: "\u{A0}", count: trailing)
            }
            return MathNode(xml: "<mtext>\(escapeHTML(text))</mtext>")
        case "operatorname", "mathrm":
            let text = try readText(name, keepSpaces: false)
            guard !text.isEmpty, text.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit }) else {
                throw error("\\\(name){…} takes letters and digits, not '\(text)'")
            }
            let variant = text.count == 1 ? " mathvariant=\"normal\"" : ""
            return MathNode(xml: "<mi\(variant)>\(text)</mi>", kind: name == "operatorname" ? .function : .ordinary)
        case "mathbf":
            let text = try readText(name, keepSpaces: false)
            var xml = ""
            for character in text {
                guard let bold = Self.bold(character) else {
                    throw error("\\mathbf{…} takes Latin letters and digits, not '\(character)'")
                }
                xml += character.isASCIIDigit ? "<mn>\(bold)</mn>" : "<mi>\(bold)</mi>"
            }
            guard !xml.isEmpty else { throw error("\\mathbf{} is empty") }
            return MathNode(xml: text.count == 1 ? xml : "<mrow>\(xml)</mrow>")
        case "left":
            return try parseFenced()
        case "begin":
            return try parseEnvironment()
        case "right": throw error("\\right without a \\left before it")
        case "end": throw error("\\end without a \\begin before it")
        case "\\": throw error("'\\\\' (a new line) only works inside \\begin{aligned} or \\begin{cases}")
        default:
            position = start
            throw error("\\\(name) is not in the book's TeX subset")
        }
    }

    /// `\left( … \right)`: brackets that grow with what they enclose.
    mutating func parseFenced() throws(MathError) -> MathNode {
        let open = try readDelimiter("left")
        let inner = try parseRow()
        skipSpace()
        guard peekCommand() == "right" else {
            throw error(
                atEnd || current == "}" ? "\\left\(open) without its \\right" : "\\left\(open) must close before this")
        }
        _ = readCommand()
        let close = try readDelimiter("right")
        func fence(_ delimiter: Character, _ form: String) -> String {
            delimiter == "." ? "" : "<mo fence=\"true\" form=\"\(form)\" stretchy=\"true\">\(delimiter)</mo>"
        }
        return MathNode(
            xml: "<mrow>" + fence(open, "prefix") + TeXMath.joined(inner) + fence(close, "postfix") + "</mrow>",
            opensWithBracket: open != ".")
    }

    /// `\begin{aligned}` (columns right, left, right, …: the `&` sits before the relation)
    /// or `\begin{cases}` (value, condition; a brace on the left).
    mutating func parseEnvironment() throws(MathError) -> MathNode {
        let name = try readText("begin", keepSpaces: false)
        guard name == "aligned" || name == "cases" else {
            throw error("\\begin{\(name)} is not in the book's TeX subset (aligned and cases are)")
        }
        var rows: [[[MathNode]]] = [[]]
        while true {
            let cell = try parseRow()
            rows[rows.count - 1].append(cell)
            skipSpace()
            guard !atEnd else { throw error("\\begin{\(name)} without \\end{\(name)}") }
            if current == "&" {
                position += 1
                continue
            }
            if current == "}" { throw error("'}' closes a group that was never opened") }
            let command = readCommand()
            if command == "\\" {
                rows.append([])
                continue
            }
            if command == "end" {
                let end = try readText("end", keepSpaces: false)
                guard end == name else { throw error("\\begin{\(name)} ends with \\end{\(end)}") }
                break
            }
            throw error("\\right without a \\left before it")
        }
        // A trailing `\\` leaves an empty last row; TeX ignores it, and so do we.
        if let last = rows.last, last.count == 1, last[0].isEmpty, rows.count > 1 { rows.removeLast() }
        if name == "aligned" {
            alignedRows = rows.map { row in
                row.enumerated().map { column, cell in (column % 2 == 1 ? "<mrow></mrow>" : "") + TeXMath.joined(cell) }
            }
        }
        var table = "<mtable class=\"\(name)\" displaystyle=\"true\">"
        for row in rows {
            table += "<mtr>"
            for (column, cell) in row.enumerated() {
                // `{}=`: a relation that opens a right-hand cell keeps its spacing, as in TeX.
                let lead = name == "aligned" && column % 2 == 1 ? "<mrow></mrow>" : ""
                table += "<mtd>" + lead + TeXMath.joined(cell) + "</mtd>"
            }
            table += "</mtr>"
        }
        table += "</mtable>"
        if name == "cases" {
            table = "<mrow><mo fence=\"true\" form=\"prefix\" stretchy=\"true\">{</mo>" + table + "</mrow>"
        }
        return MathNode(xml: table)
    }

    // MARK: Reading

    /// The argument of `\frac`, `\sqrt` or an accent: a group, or one character or command.
    mutating func parseArgument(_ command: String) throws(MathError) -> String {
        skipSpace()
        guard !atEnd, current != "}" else { throw error("\\\(command) needs an argument: \\\(command){…}") }
        if current.isASCIIDigit {
            position += 1
            return "<mn>\(characters[position - 1])</mn>"
        }
        return try parseAtom().xml
    }

    /// The braced text after `\text`, `\mathrm` and the like, read literally.
    mutating func readText(_ command: String, keepSpaces: Bool) throws(MathError) -> String {
        skipSpace()
        guard !atEnd, current == "{" else { throw error("\\\(command) needs a braced argument: \\\(command){…}") }
        position += 1
        var text = ""
        while !atEnd, current != "}" {
            if current == "\\" || current == "{" || current == "$" {
                throw error("\\\(command){…} takes plain text, not '\(current)'")
            }
            if current == "\n" { throw error("\\\(command){…} must end on the line it starts") }
            if keepSpaces || !current.isWhitespace { text.append(current) }
            position += 1
        }
        try expect("}", "\\\(command){ is never closed")
        return text
    }

    mutating func readDelimiter(_ command: String) throws(MathError) -> Character {
        skipSpace()
        guard !atEnd, Self.delimiters.contains(current) else {
            throw error("\\\(command) takes one of ( ) [ ] | or .")
        }
        position += 1
        return characters[position - 1]
    }

    /// The command's name after a backslash: a run of letters, or one other character (`\,`, `\\`).
    mutating func readCommand() -> String? {
        guard !atEnd, current == "\\", position + 1 < characters.count else { return nil }
        position += 1
        if current.isASCIILetter {
            var name = ""
            while !atEnd, current.isASCIILetter {
                name.append(current)
                position += 1
            }
            return name
        }
        position += 1
        return String(characters[position - 1])
    }

    /// The command at the current position, without moving.
    mutating func peekCommand() -> String? {
        let saved = position
        defer { position = saved }
        return readCommand()
    }

    mutating func expect(_ character: Character, _ message: String) throws(MathError) {
        skipSpace()
        guard !atEnd, current == character else { throw error(message) }
        position += 1
    }

    mutating func skipSpace() {
        while !atEnd, current.isWhitespace { position += 1 }
    }

    var atEnd: Bool { position >= characters.count }
    var current: Character { characters[position] }
    var next: Character? { position + 1 < characters.count ? characters[position + 1] : nil }

    /// An error at the current position, with its line in the formula.
    func error(_ message: String) -> MathError {
        MathError(message: message, line: characters[..<min(position, characters.count)].filter { $0 == "\n" }.count)
    }

    /// The mathematical bold letter or digit (U+1D400 …) for an ASCII one.
    static func bold(_ character: Character) -> String? {
        guard let ascii = character.asciiValue else { return nil }
        let scalar: UInt32
        switch ascii {
        case 65...90: scalar = 0x1D400 + UInt32(ascii - 65)
        case 97...122: scalar = 0x1D41A + UInt32(ascii - 97)
        case 48...57: scalar = 0x1D7CE + UInt32(ascii - 48)
        default: return nil
        }
        return Unicode.Scalar(scalar).map { String(Character($0)) }
    }

    /// A list of nodes as one MathML element.
    func row(_ nodes: [MathNode]) -> String {
        nodes.count == 1 ? nodes[0].xml : "<mrow>" + TeXMath.joined(nodes) + "</mrow>"
    }
}

private extension Character {
    var isASCIILetter: Bool { isASCII && isLetter }
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// Formulas on the page.
enum MathHTML {
    /// A ```` ```math ```` block as display math; a formula outside the subset
    /// fails with the chapter file and the line in it where the translator stopped.
    static func display(_ chapter: SiteChapter, _ block: FencedCodeBlock) throws -> String {
        do {
            return "<div class=\"math-display\">\(try TeXMath.displayHTML(block.literal))</div>"
        } catch {
            throw SiteError(
                file: chapter.sourcePath, line: block.line + 1 + error.line, message: "math: \(error.message)")
        }
    }
}
