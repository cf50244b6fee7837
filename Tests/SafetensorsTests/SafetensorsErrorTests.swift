import Foundation
import Safetensors
import TestSupport
import XCTest

/// Each way a weights file can be broken gives its own error, with a message naming the file.
final class SafetensorsErrorTests: XCTestCase {
    let bad = "bad.safetensors"
    let oneFloat: [UInt8] = [0, 0, 0x80, 0x3F]  // 1.0

    func testMissingFile() {
        let path = "/no/such/weights.safetensors"
        XCTAssertThrowsError(try SafetensorsFile(contentsOf: path)) { error in
            XCTAssertEqual(error as? SafetensorsError, .missingFile(path: path))
            XCTAssertEqual("\(error)", "/no/such/weights.safetensors: no such file")
        }
    }

    func testAFolderIsNotAFile() throws {
        let path = try temporaryFolder(self).path
        XCTAssertThrowsError(try SafetensorsFile(contentsOf: path)) { error in
            XCTAssertEqual(error as? SafetensorsError, .unreadableFile(path: path, reason: "it is a folder"))
        }
    }

    func testFileShorterThanTheLengthFieldIsTruncated() {
        for count in 0..<8 {
            assertDecodingFails([UInt8](repeating: 0, count: count), with: .truncated(path: bad, byteCount: count))
        }
        XCTAssertEqual(
            "\(SafetensorsError.truncated(path: bad, byteCount: 3))",
            "bad.safetensors: truncated: 3 bytes, fewer than the 8 that hold the header length")
    }

    func testHeaderLengthLargerThanTheFile() {
        let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        let valid = rawFile(header: header, data: oneFloat)
        XCTAssertNoThrow(try SafetensorsFile(decoding: valid, path: bad), "the unedited file is valid")
        let available = valid.count - 8
        for length in [UInt64(available + 1), 1 << 32, UInt64(Int.max), .max] {
            assertDecodingFails(
                rawFile(header: header, data: oneFloat, headerLength: length),
                with: .headerLengthExceedsFile(path: bad, headerLength: length, bytesAfterLength: available))
        }
    }

    func testInvalidJSON() {
        for header in [#"{"a": "#, "", #"{"a": 1} trailing"#, "\u{FF}"] {
            XCTAssertThrowsError(try SafetensorsFile(decoding: rawFile(header: header), path: bad)) { error in
                guard case .invalidHeader(bad, let reason)? = error as? SafetensorsError else {
                    return XCTFail("\(header): expected an invalid header, got \(error)")
                }
                // Foundation's own words follow, such as "(Unexpected end of file around character 6.)".
                XCTAssertTrue(reason.hasPrefix("not valid JSON"), "\(header): \(reason)")
            }
        }
    }

    func testWrongJSONStructure() {
        let cases: [(String, String)] = [
            (#"[1, 2]"#, "not a JSON object"),
            (#"{"a": 4}"#, #"tensor "a" is not an object"#),
            (#"{"a": {"shape": [1], "data_offsets": [0, 4]}}"#, #"tensor "a" has no string "dtype""#),
            (#"{"a": {"dtype": 32, "shape": [1], "data_offsets": [0, 4]}}"#, #"tensor "a" has no string "dtype""#),
            (
                #"{"a": {"dtype": "F32", "data_offsets": [0, 4]}}"#,
                #"tensor "a" has no "shape" array of non-negative integers"#
            ),
            (
                #"{"a": {"dtype": "F32", "shape": [1.5], "data_offsets": [0, 4]}}"#,
                #"tensor "a" has no "shape" array of non-negative integers"#
            ),
            (
                #"{"a": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}"#,
                #"tensor "a" has no "shape" array of non-negative integers"#
            ),
            (
                #"{"a": {"dtype": "F32", "shape": [true], "data_offsets": [0, 4]}}"#,
                #"tensor "a" has no "shape" array of non-negative integers"#
            ),
            (
                #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0]}}"#,
                #"tensor "a" has no "data_offsets" pair of non-negative integers"#
            ),
            (
                #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4, 8]}}"#,
                #"tensor "a" has no "data_offsets" pair of non-negative integers"#
            ),
            (
                #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [-4, 0]}}"#,
                #"tensor "a" has no "data_offsets" pair of non-negative integers"#
            ),
            (
                #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": ["0", "4"]}}"#,
                #"tensor "a" has no "data_offsets" pair of non-negative integers"#
            ),
            (
                #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 18446744073709551616]}}"#,
                #"tensor "a" has no "data_offsets" pair of non-negative integers"#
            ),
            (#"{"__metadata__": ["x"]}"#, #""__metadata__" is not an object"#),
            (#"{"__metadata__": {"units": 32}}"#, #"metadata "units" is not a string"#)
        ]
        for (header, reason) in cases {
            assertDecodingFails(
                rawFile(header: header, data: oneFloat), with: .invalidHeader(path: bad, reason: reason))
        }
    }

    func testDtypeOtherThanF32IsRefused() {
        for dtype in ["F16", "BF16", "F64", "I32", "U8", "BOOL", "f32"] {
            let header = #"{"a": {"dtype": "\#(dtype)", "shape": [1], "data_offsets": [0, 4]}}"#
            assertDecodingFails(
                rawFile(header: header, data: oneFloat),
                with: .unsupportedDtype(path: bad, tensor: "a", dtype: dtype))
        }
        XCTAssertEqual(
            "\(SafetensorsError.unsupportedDtype(path: bad, tensor: "a", dtype: "F16"))",
            #"bad.safetensors: tensor "a" has dtype "F16"; only F32 is supported"#)
    }

    func testOffsetsOutOfRange() {
        let header = #"{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}"#
        assertDecodingFails(
            rawFile(header: header, data: oneFloat),
            with: .offsetsOutOfRange(path: bad, tensor: "a", begin: 0, end: 8, dataByteCount: 4))
        let huge =
            #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [18446744073709551611, 18446744073709551615]}}"#
        assertDecodingFails(
            rawFile(header: huge, data: oneFloat),
            with: .offsetsOutOfRange(path: bad, tensor: "a", begin: .max - 4, end: .max, dataByteCount: 4))
    }

    func testOffsetsReversed() {
        let header = #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 0]}}"#
        assertDecodingFails(
            rawFile(header: header, data: oneFloat),
            with: .offsetsReversed(path: bad, tensor: "a", begin: 4, end: 0))
    }

    func testOffsetsOverlap() {
        let header =
            #"{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},"#
            + #" "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}"#
        assertDecodingFails(
            rawFile(header: header, data: oneFloat + oneFloat + oneFloat),
            with: .offsetsOverlap(path: bad, tensor: "b", other: "a"))
    }

    func testBytesThatBelongToNoTensor() {
        let gap = #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}"#
        assertDecodingFails(
            rawFile(header: gap, data: oneFloat + oneFloat), with: .unusedBytes(path: bad, begin: 0, end: 4))
        let trailing = #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}"#
        assertDecodingFails(
            rawFile(header: trailing, data: oneFloat + [1, 2]),
            with: .unusedBytes(path: bad, begin: 4, end: 6))
    }

    func testByteCountNotMatchingTheShape() {
        let header = #"{"a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 4]}}"#
        assertDecodingFails(
            rawFile(header: header, data: oneFloat),
            with: .sizeMismatch(path: bad, tensor: "a", shape: [2, 3], byteCount: 4))
        // A shape whose element count overflows can match no byte count.
        let overflowing = #"{"a": {"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [0, 0]}}"#
        assertDecodingFails(
            rawFile(header: overflowing),
            with: .sizeMismatch(path: bad, tensor: "a", shape: [1 << 32, 1 << 32], byteCount: 0))
        XCTAssertEqual(
            "\(SafetensorsError.sizeMismatch(path: bad, tensor: "a", shape: [2, 3], byteCount: 4))",
            #"bad.safetensors: tensor "a" has shape [2, 3] but 4 bytes of data (F32 needs 4 per element)"#)
    }

    func testAnEmptyHeaderObjectIsAValidFileWithoutTensors() throws {
        let file = try SafetensorsFile(decoding: rawFile(header: "{}  "), path: bad)
        XCTAssertEqual(file, SafetensorsFile(tensors: [], metadata: [:]))
    }
}
