@testable import Runner
import XCTest

/// The syntax of the two directives, inside a block's info string and text.
final class DirectiveTests: XCTestCase {
    func testIncludeWithAndWithoutAnchor() throws {
        XCTAssertEqual(
            try Directive.parse(info: "swift", literal: "{{#include ../Sources/Library/03-Model/LSTM.swift:forward}}"),
            .include(path: "../Sources/Library/03-Model/LSTM.swift", anchor: "forward"))
        XCTAssertEqual(
            try Directive.parse(info: "swift", literal: "  {{#include ../Sources/A.swift}}\n"),
            .include(path: "../Sources/A.swift", anchor: nil))
    }

    func testOutputNamesItsOutput() throws {
        XCTAssertEqual(try Directive.parse(info: "output loss-curve", literal: "anything"), .output(name: "loss-curve"))
    }

    func testOrdinaryBlocksAreNotDirectives() throws {
        XCTAssertNil(try Directive.parse(info: "swift", literal: "let x = 1"))
        XCTAssertNil(try Directive.parse(info: "", literal: "{{#include A.swift}}"))
        XCTAssertNil(try Directive.parse(info: "text", literal: "output"))
    }

    func testMalformedDirectivesSayWhatIsExpected() {
        func message(_ info: String, _ literal: String) -> String? {
            do {
                _ = try Directive.parse(info: info, literal: literal)
                return nil
            } catch {
                return error.message
            }
        }
        XCTAssertEqual(message("output", ""), "an output block needs a name: ```output <name>")
        XCTAssertEqual(message("output a b", ""), "an output block takes one name, not 'a b'")
        XCTAssertEqual(
            message("swift", "{{#include A.swift}}\nlet x = 1"),
            "an include block holds the {{#include …}} line and nothing else")
        XCTAssertEqual(
            message("swift", "{{#include A.swift"),
            "an include reads {{#include PATH}} or {{#include PATH:ANCHOR}}, not '{{#include A.swift'")
        XCTAssertEqual(
            message("swift", "{{#include A.swift:}}"),
            "an include reads {{#include PATH:ANCHOR}}, not '{{#include A.swift:}}'")
    }
}
