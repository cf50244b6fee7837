import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
            header[tensor.name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, end]] as [String: Any]
            offset = end
        }
        if !metadata.isEmpty { header[Header.metadataKey] = metadata }

        var json: [UInt8]
        do {
            json = [UInt8](try JSONSerialization.data(withJSONObject: header,
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
                bytes += [UInt8(truncatingIfNeeded: bits), UInt8(truncatingIfNeeded: bits >> 8),
                          UInt8(truncatingIfNeeded: bits >> 16), UInt8(truncatingIfNeeded: bits >> 24)]
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
    /// of one. On failure the temporary file is removed.
    public func write(to path: String) throws(SafetensorsError) {
        let bytes = try encoded(path: path)
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path

        func failure(_ step: String, _ code: Int32) -> SafetensorsError {
            unlink(temporary)
            return .writeFailed(path: path, reason: "\(step): \(String(cString: strerror(code)))")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o666)
        guard descriptor >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { writeToDescriptor(descriptor, $0) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                let code = errno
                close(descriptor)
                throw failure("writing", code)
            }
            written += result
        }
        guard close(descriptor) == 0 else { throw failure("closing", errno) }
        guard rename(temporary, path) == 0 else { throw failure("renaming", errno) }
    }
}

/// POSIX `write(2)`, under a name that the method `write(to:)` does not hide.
private func writeToDescriptor(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int {
    write(descriptor, buffer.baseAddress, buffer.count)
}
