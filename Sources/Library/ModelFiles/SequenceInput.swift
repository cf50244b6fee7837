import Foundation
import Format

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
/// A line ends at `\n`, at `\r\n` (Windows) or at a lone `\r` (old Macs):
/// two sequences separated by a lone `\r` are two lines, never one. The final
/// line end of the input ends the last line; it does not start an empty one.
/// Input with no lines at all is an error.
public struct SequenceInput: Sendable {
    /// The most values a line may hold: the model's longest sequence.
    public var maxLength: Int
    /// Every value must be below this (and at least 0).
    public var maxValue: Int

    public init(maxLength: Int, maxValue: Int) {
        self.maxLength = maxLength
        self.maxValue = maxValue
    }

    /// All the sequences in `text`; `source` names it in errors.
    public func parse(_ text: String, source: String) throws(SequenceInputError) -> [[Double]] {
        var lines = LineSplitter()
        var sequences: [[Double]] = []
        for line in lines.append(Array(text.utf8)) + lines.finish() {
            sequences.append(try parse(line, source: source))
        }
        guard !sequences.isEmpty else { throw SequenceInputError(source: source, line: nil, problem: .noSequences) }
        return sequences
    }

    /// The sequence on one line.
    func parse(_ line: Line, source: String) throws(SequenceInputError) -> [Double] {
        do {
            return try parseLine(line.bytes)
        } catch {
            throw SequenceInputError(source: source, line: line.number, problem: error)
        }
    }

    /// The values of one line, without its line end.
    ///
    /// First the line's layout (which bytes are values, whether a comma
    /// lacks one), then each value in turn. One pass over bytes, no
    /// substrings: `predict` reads a million lines in seconds.
    private func parseLine(_ line: ArraySlice<UInt8>) throws(SequenceInputError.Problem) -> [Double] {
        if !line.allSatisfy({ $0 < 0x80 }), String(validating: line, as: UTF8.self) == nil {
            throw .notUTF8
        }
        var tokens: [Range<Int>] = []
        var (fieldCount, emptyFields) = (1, 0)
        var tokensInField = 0
        var tokenStart: Int?
        for index in line.startIndex...line.endIndex {
            let byte = index < line.endIndex ? line[index] : UInt8(ascii: ",")
            let isComma = byte == UInt8(ascii: ",")
            guard isComma || isSpace(byte) else {
                if tokenStart == nil { tokenStart = index }
                continue
            }
            if let start = tokenStart {
                tokens.append(start..<index)
                tokensInField += 1
                tokenStart = nil
            }
            if isComma {
                if tokensInField == 0 { emptyFields += 1 }
                if index < line.endIndex { fieldCount += 1 }
                tokensInField = 0
            }
        }
        if tokens.isEmpty { throw fieldCount == 1 ? .noValues : .missingValue }
        if emptyFields > 0 { throw .missingValue }
        var values: [Double] = []
        values.reserveCapacity(tokens.count)
        for token in tokens { values.append(try parseValue(line[token])) }
        // Counted after every value has been read, so that a bad value is named first (as the site's page does).
        guard values.count <= maxLength else { throw .tooManyValues(count: values.count, limit: maxLength) }
        return values
    }

    /// One value: a plain decimal number within range.
    /// Whether the decimal `token` (digits, a point, an exponent) is exactly `n`, compared as digits,
    /// never through a rounded number: `1e4` and `10000.0` are 10000, `9999.99999999999999999999` is not.
    /// The page's reader (lstm.js) compares the same way.
    static func isExactly(_ token: String, _ n: Int) -> Bool {
        var text = Substring(token.lowercased())
        if text.first == "+" { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(of: "e") {
            guard let value = Int(text[text.index(after: e)...]) else { return false }
            exponent = value
            text = text[..<e]
        }
        var fraction = 0
        if let point = text.firstIndex(of: ".") {
            fraction = text.distance(from: point, to: text.endIndex) - 1
            text = text[..<point] + text[text.index(after: point)...]
        }
        let digits = String(text.drop { $0 == "0" })
        let scale = fraction - exponent
        guard abs(scale) < 10_000 else { return false }
        return scale >= 0
            ? digits == "\(n)" + String(repeating: "0", count: scale)
            : digits + String(repeating: "0", count: -scale) == "\(n)"
    }

    private func parseValue(_ bytes: ArraySlice<UInt8>) throws(SequenceInputError.Problem) -> Double {
        let token = String(decoding: bytes, as: UTF8.self)
        guard isDecimal(bytes), let value = Double(token) else {
            let unsigned = token.first == "+" || token.first == "-" ? String(token.dropFirst()) : token
            if ["nan", "inf", "infinity"].contains(unsigned.lowercased()) { throw .notFinite(Format.echoed(token)) }
            throw .notANumber(Format.echoed(token))
        }
        guard value >= 0, value < Double(maxValue) else {
            // 9999.99999999999999999999 is below 10000, but not as a 64-bit number: say so.
            let rounded =
                value == Double(maxValue) && !Self.isExactly(token, maxValue) ? " (it rounds to \(maxValue))" : ""
            throw .outOfRange(Format.echoed(token) + rounded, limit: maxValue)
        }
        return value
    }
}

/// Space and tab (and the rarer vertical tab and form feed) separate values.
private func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (0x09...0x0C).contains(byte) && byte != 0x0A
}

/// Whether `text` is a plain decimal number: an optional sign, digits with at
/// most one decimal point (and at least one digit), optionally followed by an
/// exponent: `12`, `-12.5`, `.5`, `1e3`.
private func isDecimal(_ text: ArraySlice<UInt8>) -> Bool {
    func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    func isSign(_ byte: UInt8?) -> Bool { byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") }
    var rest = isSign(text.first) ? text.dropFirst() : text
    var (digits, points) = (0, 0)
    while let byte = rest.first, isDigit(byte) || byte == UInt8(ascii: ".") {
        if isDigit(byte) { digits += 1 } else { points += 1 }
        rest = rest.dropFirst()
    }
    guard digits > 0, points <= 1 else { return false }
    guard let e = rest.first else { return true }
    guard e == UInt8(ascii: "e") || e == UInt8(ascii: "E") else { return false }
    rest = rest.dropFirst()
    if isSign(rest.first) { rest = rest.dropFirst() }
    return !rest.isEmpty && rest.allSatisfy(isDigit)
}

/// A problem with the sequences given to `predict`, naming the file and line.
public struct SequenceInputError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Error, Equatable, Sendable {
        case unreadable(String)
        case noSequences
        case notUTF8
        case lineTooLong(limit: Int)
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
        case .notUTF8: return "\(place): not UTF-8 text"
        case .lineTooLong(let limit):
            return "\(place): longer than \(Format.grouped(limit)) bytes; is this a file of sequences?"
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
