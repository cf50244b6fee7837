import Foundation
import SafeFiles

extension SafetensorsFile {
    /// The bytes of this file in the safetensors format; `path` only names it in errors.
    ///
    /// The output depends on nothing but the tensors and metadata: tensors are
    /// laid out in the order of `tensors`, the header's keys are sorted, and the
    /// header is padded with spaces to a multiple of 8 bytes, as the Python
    /// library does, so that the data section starts aligned.
    public func encoded(path: String) throws(SafetensorsError) -> [UInt8] {
        var header: [String: Any] = [:]
        var offset: UInt64 = 0
        for tensor in tensors {
            func invalid(_ reason: String) -> SafetensorsError {
                .invalidTensor(path: path, tensor: tensor.name, reason: reason)
            }
            guard tensor.name != Header.metadataKey else { throw invalid("the name is reserved for metadata") }
            guard header[tensor.name] == nil else { throw invalid("a second tensor has this name") }
            guard let count = elementCount(of: tensor.shape) else { throw invalid("shape \(tensor.shape) is invalid") }
            guard count == tensor.values.count else {
                throw invalid("shape \(tensor.shape) holds \(count) values, not \(tensor.values.count)")
            }
            let end = offset + UInt64(count) * 4
            header[tensor.name] =
                ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, end]] as [String: Any]
            offset = end
        }
        if !metadata.isEmpty { header[Header.metadataKey] = metadata }

        var json: [UInt8]
        do {
            json = [UInt8](
                try JSONSerialization.data(
                    withJSONObject: header,
                    options: [.sortedKeys, .withoutEscapingSlashes]))
        } catch {
            throw .writeFailed(path: path, reason: "the header cannot be written as JSON")
        }
        json += [UInt8](repeating: UInt8(ascii: " "), count: (8 - json.count % 8) % 8)

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + json.count + Int(offset))
        bytes += (0..<8).map { UInt8(truncatingIfNeeded: UInt64(json.count) >> (8 * $0)) }
        bytes += json
        for tensor in tensors {
            for value in tensor.values {
                let bits = value.bitPattern
                bytes += [
                    UInt8(truncatingIfNeeded: bits), UInt8(truncatingIfNeeded: bits >> 8),
                    UInt8(truncatingIfNeeded: bits >> 16), UInt8(truncatingIfNeeded: bits >> 24)
                ]
            }
        }
        return bytes
    }

    /// Writes this file to `path`, replacing what was there only once the new
    /// file is complete.
    ///
    /// The bytes go to a temporary file in the same folder, which is then
    /// renamed over `path`; a rename within one file system is atomic, so a
    /// reader (or a crash) sees either the old file or the new one, never half
    /// of one. On failure the temporary file is removed. `path` must be new or
    /// a regular file its owner may write (`checkReplaceable`): a device, a
    /// FIFO, a folder or a read-only file is refused, never replaced.
    public func write(to path: String) throws(SafetensorsError) {
        let bytes = try encoded(path: path)
        try Self.checkReplaceable(path)
        do {
            // A finished copy under a random name, created exclusively, renamed over the target: the
            // target keeps its permissions, and nothing planted beside it is followed or truncated.
            try SafeFiles.replaceFile(path, with: bytes)
        } catch {
            throw .writeFailed(path: path, reason: error.reason)
        }
    }

    /// Throws the error `write(to:)` would throw for `path` before writing
    /// anything: `path` must be new or a regular file its owner may write, in
    /// an existing folder where a file can be created.
    ///
    /// `train --save` calls this before training, so that a mistake in the
    /// path costs a second rather than a training run.
    public static func checkReplaceable(_ path: String) throws(SafetensorsError) {
        if let problem = FileAccess.problemReplacing(path) { throw .writeFailed(path: path, reason: problem) }
    }
}
