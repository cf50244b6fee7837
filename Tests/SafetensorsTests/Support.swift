import Safetensors
import XCTest

/// The bytes of a safetensors file built by hand: `header` as given (not
/// padded), `data` after it, and the length field `headerLength` if given,
/// else the header's true length. For making broken files on purpose.
func rawFile(header: String, data: [UInt8] = [], headerLength: UInt64? = nil) -> [UInt8] {
    let json = [UInt8](header.utf8)
    let length = headerLength ?? UInt64(json.count)
    return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + json + data
}

/// Asserts that decoding `bytes` throws exactly `expected`, and shows the message.
func assertDecodingFails(
    _ bytes: [UInt8], with expected: SafetensorsError,
    file: StaticString = #filePath, line: UInt = #line
) {
    do {
        let decoded = try SafetensorsFile(decoding: bytes, path: "bad.safetensors")
        XCTFail("expected \(expected), but decoding gave \(decoded)", file: file, line: line)
    } catch {
        XCTAssertEqual(error, expected, "message: \(error)", file: file, line: line)
    }
}
