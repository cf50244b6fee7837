import Foundation

/// Reads the sequences `predict` classifies: one per line, in raw units.
///
/// A line holds 1 to `maxLength` numbers, separated by commas, spaces or both
/// (`4617, 4618, 4619`, `4617 4618 4619` and `4617,4618,4619` are the same
/// sequence). Values are in the generator's raw units, `0 <= v < maxValue`,
/// before the 1/maxValue scaling the model applies; decimals are accepted as
/// well as integers. The input is strict, because a sequence that is silently
/// shortened or padded would still be classified, just wrongly:
///
/// - an empty (or blank) line is an error, not a separator: every line is one
///   sequence, so line N of the output always answers line N of the input;
/// - a comma with no value on one side (`1,,2`, `1,2,`) is an error;
/// - NaN, infinities and hexadecimal numbers are refused.
///
/// The final newline of the input ends the last line; it does not start an
/// empty one. Windows line ends (`\r\n`) work too. Input with no lines at all is an error too.
public struct SequenceInput: Sendable {
    /// The most values a line may hold: the model's longest sequence.
    public var maxLength: Int
    /// Every value must be below this (and at least 0).
    public var maxValue: Int

    public init(maxLength: Int, maxValue: Int) {
        self.maxLength = maxLength
        self.maxValue = maxValue
    }

    /// The sequences in the file at `path`, or in standard input when `path` is nil or `-`.
    public func read(path: String?) throws(SequenceInputError) -> [[Double]] {
        let source = path.flatMap { $0 == "-" ? nil : $0 } ?? "<stdin>"
        let data: Data
        if source == "<stdin>" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard FileManager.default.fileExists(atPath: source) else {
                throw SequenceInputError(source: source, line: nil, problem: .unreadable("no such file"))
            }
            guard let contents = FileManager.default.contents(atPath: source) else {
                throw SequenceInputError(source: source, line: nil, problem: .unreadable("cannot be read"))
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SequenceInputError(source: source, line: nil, problem: .unreadable("not UTF-8 text"))
        }
        return try parse(text, source: source)
    }

    /// The sequences in `text`; `source` names the file in errors.
    public func parse(_ text: String, source: String) throws(SequenceInputError) -> [[Double]] {
        // "\r\n" is one Character in Swift, so Windows line ends need naming.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard !lines.isEmpty else { throw SequenceInputError(source: source, line: nil, problem: .noSequences) }
        var sequences: [[Double]] = []
        for (index, line) in lines.enumerated() {
            do {
                sequences.append(try parseLine(line))
            } catch {
                throw SequenceInputError(source: source, line: index + 1, problem: error)
            }
        }
        return sequences
    }

    /// The values of one line.
    private func parseLine(_ line: Substring) throws(SequenceInputError.Problem) -> [Double] {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if fields.allSatisfy(\.isEmpty) { throw fields.count == 1 ? .noValues : .missingValue }
        if fields.contains(where: \.isEmpty) { throw .missingValue }
        var values: [Double] = []
        for token in fields.flatMap({ $0.split(whereSeparator: \.isWhitespace) }) {
            values.append(try parseValue(String(token)))
        }
        guard values.count <= maxLength else { throw .tooManyValues(count: values.count, limit: maxLength) }
        return values
    }

    /// One value: a plain decimal number within range.
    private func parseValue(_ token: String) throws(SequenceInputError.Problem) -> Double {
        let unsigned = token.first == "+" || token.first == "-" ? String(token.dropFirst()) : token
        if ["nan", "inf", "infinity"].contains(unsigned.lowercased()) { throw .notFinite(token) }
        guard isDecimal(unsigned), let value = Double(token) else { throw .notANumber(token) }
        guard value >= 0, value < Double(maxValue) else { throw .outOfRange(token, limit: maxValue) }
        return value
    }
}

/// Whether `text` is digits with at most one decimal point (and at least one
/// digit), optionally followed by an exponent: `12`, `12.5`, `.5`, `1e3`.
private func isDecimal(_ text: String) -> Bool {
    var mantissa = Substring(text)
    var exponent: Substring?
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        mantissa = text[..<e]
        var rest = text[text.index(after: e)...]
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        exponent = rest
    }
    let digits = mantissa.filter { $0 != "." }
    let mantissaIsValid = mantissa.filter { $0 == "." }.count <= 1 && !digits.isEmpty
        && digits.allSatisfy { $0.isASCII && $0.isNumber }
    let exponentIsValid = exponent.map { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } } ?? true
    return mantissaIsValid && exponentIsValid
}

/// A problem with the sequences given to `predict`, naming the file and line.
public struct SequenceInputError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Error, Equatable, Sendable {
        case unreadable(String)
        case noSequences
        case noValues
        case missingValue
        case notANumber(String)
        case notFinite(String)
        case outOfRange(String, limit: Int)
        case tooManyValues(count: Int, limit: Int)
    }

    /// The file name, or `<stdin>`.
    public var source: String
    /// The 1-based line, when the problem is on one.
    public var line: Int?
    public var problem: Problem

    public init(source: String, line: Int?, problem: Problem) {
        self.source = source
        self.line = line
        self.problem = problem
    }

    public var description: String {
        let place = line.map { "\(source):\($0)" } ?? source
        switch problem {
        case .unreadable(let reason): return "\(place): \(reason)"
        case .noSequences: return "\(place): no sequences (the input is empty)"
        case .noValues: return "\(place): no values (each line must hold one sequence)"
        case .missingValue: return "\(place): missing value next to a comma"
        case .notANumber(let token): return "\(place): \"\(token)\" is not a number"
        case .notFinite(let token): return "\(place): \"\(token)\" is not a finite number"
        case .outOfRange(let token, let limit):
            return "\(place): \(token) is out of range (values must be at least 0 and below \(limit))"
        case .tooManyValues(let count, let limit):
            return "\(place): \(count) values, more than the model's \(limit)"
        }
    }
}
