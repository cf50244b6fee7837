import Foundation
import Safetensors
import NumericCore
import TestSupport
import XCTest

/// Random and mutated inputs never crash the reader: it returns a file or
/// throws a `SafetensorsError`, whatever the bytes.
///
/// The mutations start from valid files and change what the reader trusts:
/// single bits anywhere, the header's digits (which keeps the JSON valid and
/// so reaches the offset and shape checks), one tensor's offsets moved
/// together (overlaps and holes), the header length field, and the file's
/// length. The seed is fixed, so the inputs are the same on every run:
/// the first 2000 (which reach every check of the reader) always, then more
/// for as long as the 2-second budget lasts.
final class SafetensorsFuzzTests: XCTestCase {
    func testRandomAndMutatedFilesOnlyReturnOrThrow() throws {
        let small = try SafetensorsFile(
            tensors: [
                Tensor(name: "w", shape: [2, 3], values: [1, 2, 3, 4, 5, 6]),
                Tensor(name: "b", shape: [3], values: [-1, 0, 1])
            ],
            metadata: ["units": "3"]
        ).encoded(path: "small")
        let keras = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.kerasWeights)))
        var rng = Xoshiro256(seed: 6)
        var accepted = 0
        var errorsSeen: [String: Int] = [:]
        var iteration = 0
        while iteration < 2000 {  // a fixed number of cases, the same on every machine
            iteration += 1
            let input = mutated(rng.int(in: 0...3) == 0 ? keras : small, using: &rng)
            do {
                let file = try SafetensorsFile(decoding: input, path: "fuzz")
                accepted += 1
                try assertConsistent(file, iteration: iteration)
            } catch let error as SafetensorsError {
                errorsSeen[caseName(error), default: 0] += 1
            }
        }
        print("fuzz: \(iteration) inputs, \(accepted) accepted, errors: \(errorsSeen.sorted { $0.key < $1.key })")
        XCTAssertGreaterThan(accepted, 0, "some mutations (a changed float value, a metadata byte) stay valid")
        let expected: Set = [
            "truncated", "headerLengthExceedsFile", "invalidHeader", "unsupportedDtype",
            "offsetsOutOfRange", "offsetsReversed", "offsetsOverlap", "sizeMismatch", "unusedBytes"
        ]
        XCTAssertEqual(expected.subtracting(errorsSeen.keys), [], "every check of the reader was reached")
    }

    /// An accepted file holds what its shapes say and survives writing and reading again.
    private func assertConsistent(_ file: SafetensorsFile, iteration: Int) throws {
        for tensor in file.tensors {
            let count = tensor.shape.reduce(1, *)
            XCTAssertEqual(tensor.values.count, count, "input \(iteration), tensor \(tensor.name)")
        }
        let again = try SafetensorsFile(decoding: file.encoded(path: "again"), path: "again")
        XCTAssertEqual(again.metadata, file.metadata, "input \(iteration)")
        XCTAssertEqual(
            again.tensors.map { $0.values.map(\.bitPattern) }, file.tensors.map { $0.values.map(\.bitPattern) },
            "input \(iteration)")
    }

    /// `valid` changed by one to three random edits, or sometimes pure noise.
    private func mutated(_ valid: [UInt8], using rng: inout Xoshiro256) -> [UInt8] {
        if rng.int(in: 0...19) == 0 {
            return (0..<rng.int(in: 0...64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }
        var bytes = rng.int(in: 0...3) == 0 ? movingOneTensor(valid, using: &rng) : valid
        let headerEnd = 8 + Int(valid[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        for _ in 0..<rng.int(in: 1...3) where !bytes.isEmpty {
            let header = 8..<max(8, min(headerEnd, bytes.count))  // what is left of the header
            switch rng.int(in: 0...5) {
            case 0:  // flip one bit anywhere
                bytes[rng.int(in: 0...(bytes.count - 1))] ^= 1 << UInt8(rng.int(in: 0...7))
            case 1:  // flip one bit in the header
                if let index = Array(header).randomElement(using: &rng) {
                    bytes[index] ^= 1 << UInt8(rng.int(in: 0...7))
                }
            case 2:  // replace a digit of the header with another: offsets and shapes change, JSON stays valid
                let digits = header.filter { (48...57).contains(bytes[$0]) }
                if let index = digits.randomElement(using: &rng) { bytes[index] = UInt8(48 + rng.int(in: 0...9)) }
            case 3:  // a new header length: anything, or near the true one
                let length: UInt64 = [
                    rng.next(), 0, .max, UInt64(1) << 63,
                    UInt64(max(0, headerEnd - 8 + rng.int(in: -16...16)))
                ][rng.int(in: 0...4)]
                for k in 0..<8 where k < bytes.count { bytes[k] = UInt8(truncatingIfNeeded: length >> (8 * UInt64(k))) }
            case 4:  // cut the file short
                bytes.removeLast(rng.int(in: 1...bytes.count))
            default:  // a few bytes more at the end
                bytes += (0..<rng.int(in: 1...8)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
        }
        return bytes
    }
}

/// `valid` with both data offsets of one tensor moved by the same multiple of
/// 4 bytes: its size still matches its shape, but it now overlaps a neighbour
/// or leaves a hole, which single-digit edits almost never achieve.
private func movingOneTensor(_ valid: [UInt8], using rng: inout Xoshiro256) -> [UInt8] {
    let headerEnd = 8 + Int(valid[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    let marker = #""data_offsets":["#
    var pieces = String(decoding: valid[8..<headerEnd], as: UTF8.self).components(separatedBy: marker)
    guard pieces.count > 1 else { return valid }
    let chosen = rng.int(in: 1...(pieces.count - 1))
    guard let close = pieces[chosen].firstIndex(of: "]") else { return valid }
    let offsets = pieces[chosen][..<close].split(separator: ",").compactMap { Int($0) }
    guard offsets.count == 2 else { return valid }
    let shift = 4 * rng.int(in: -4...4)
    pieces[chosen] = "\(max(0, offsets[0] + shift)),\(max(0, offsets[1] + shift))" + pieces[chosen][close...]
    let header = [UInt8](pieces.joined(separator: marker).utf8)
    return (0..<8).map { UInt8(truncatingIfNeeded: UInt64(header.count) >> (8 * $0)) } + header + valid[headerEnd...]
}

/// The name of an error's case, such as `truncated`.
private func caseName(_ error: SafetensorsError) -> String {
    Mirror(reflecting: error).children.first?.label ?? "\(error)"
}

extension Array {
    fileprivate func randomElement(using rng: inout Xoshiro256) -> Element? {
        isEmpty ? nil : self[rng.int(in: 0...(count - 1))]
    }
}
