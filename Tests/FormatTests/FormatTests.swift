import Foundation
import Format
import XCTest

final class FormatTests: XCTestCase {
    /// The Float fast path prints exactly what C's `%.*f` prints, ties included.
    func testFixedFloatIsCsPrintf() {
        var values: [Float] = [
            0, -0, 0.5, 0.0078125, 1.0 / 3, 0.9999995, -1e-9, 123_456.7, 1e9, -2.5e8, .nan, .infinity
        ]
        values += (0..<512).map { Float($0) / 128 + 0.00390625 }  // exact ties at 2 decimals and more
        var bits: UInt32 = 0x3000_0000  // from about 5e-10 up through 1e9, every 65,537th Float
        while bits < 0x4E80_0000 {
            values.append(Float(bitPattern: bits))
            bits += 65_537
        }
        for value in values {
            for decimals in 0...6 {
                XCTAssertEqual(
                    Format.fixed(value, decimals), String(format: "%.\(decimals)f", Double(value)),
                    "\(value) with \(decimals) decimals")
            }
        }
    }

    /// One rule for a number in a table cell, used by the recorded text and the site.
    func testWhichCellsAreNumbers() {
        for number in ["-0.6931", "10,000", "97.85%", "1e-05", " 3 ", "nan", "+7"] {
            XCTAssert(Format.isNumber(number), number)
        }
        for text in ["", "-", "linear", "1 2", "3 s", "1.2.3"] {
            XCTAssertFalse(Format.isNumber(text), text)
        }
        XCTAssert(Format.isNumericColumn(["0.1", "", "—", "2"]))
        XCTAssertFalse(Format.isNumericColumn(["-", ""]), "placeholders alone are not numbers")
        XCTAssertFalse(Format.isNumericColumn(["0.1", "linear"]))
    }

    func testEchoedEscapesAndShortens() {
        XCTAssertEqual(Format.echoed("a\u{1B}[2J\u{0}b\u{202E}"), #"a\u{1B}[2J\0b\u{202E}"#)
        XCTAssertEqual(
            Format.echoed(String(repeating: "é", count: 50)),
            String(repeating: "é", count: 40) + "… (50 characters)")
        XCTAssertEqual(Format.escapingControlCharacters("one\ntwo\u{7}", keepingLineBreaks: true), "one\ntwo\\u{07}")
    }

    func testBytes() {
        XCTAssertEqual(Format.bytes(512), "512 bytes")
        XCTAssertEqual(Format.bytes(17_000_000), "17 MB")
        XCTAssertEqual(Format.bytes(3_758_096_384_000), "3.8 TB")
    }

    /// The JSON the search index and `predict --json` write: what JSON requires, and what would close a script.
    func testJSONStringsEscapeQuotesControlsAndWhatClosesAScript() throws {
        XCTAssertEqual(Format.jsonString("linear"), "\"linear\"")
        XCTAssertEqual(Format.jsonString("a\"b\\c\nd\te"), #""a\"b\\c\nd\u0009e""#)
        XCTAssertEqual(Format.jsonString("</script>&\u{2028}"), #""\u003c/script\u003e\u0026\u2028""#)
        let text = "quote \" back \\ tab \t bell \u{7} </b> é 😀"
        let decoded = try JSONDecoder().decode(String.self, from: Data(Format.jsonString(text).utf8))
        XCTAssertEqual(decoded, text)
    }
}
