import Foundation

extension SafetensorsFile {
    /// The largest JSON header the reader parses: the tutorial's are under a kilobyte.
    public static let maxHeaderByteCount = 1 << 20

    /// Reads and checks the safetensors file at `path`, which may also be a
    /// FIFO, `/dev/stdin` or a process substitution: it is read as a stream.
    public init(contentsOf path: String) throws(SafetensorsError) {
        try self.init(decoding: try FileAccess.readAll(path), path: path)
    }

    /// Decodes the bytes of a safetensors file; `path` only names it in errors.
    ///
    /// Every number in the file is checked before it is used as a size or an
    /// index, in the order the format is read: the header length against the
    /// file, the header's JSON structure, each tensor's dtype, offsets and
    /// byte count in name order, then that the tensors tile the data section
    /// exactly, without overlaps or holes (the rule the Python library
    /// enforces). Any input gives a file or a `SafetensorsError`, never a trap.
    public init(decoding bytes: [UInt8], path: String) throws(SafetensorsError) {
        guard bytes.count >= 8 else { throw .truncated(path: path, byteCount: bytes.count) }
        let headerLength = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let bytesAfterLength = bytes.count - 8
        guard headerLength <= UInt64(bytesAfterLength) else {
            throw .headerLengthExceedsFile(path: path, headerLength: headerLength, bytesAfterLength: bytesAfterLength)
        }
        // Parsing JSON takes several times its size in memory: the header is bounded before it is read.
        guard headerLength <= UInt64(Self.maxHeaderByteCount) else {
            throw .headerTooLarge(path: path, headerLength: headerLength, limit: Self.maxHeaderByteCount)
        }
        let dataStart = 8 + Int(headerLength)
        let header = try Header(json: bytes[8..<dataStart], path: path)
        let dataByteCount = bytes.count - dataStart

        for entry in header.entries {
            guard entry.dtype == "F32" else {
                throw .unsupportedDtype(path: path, tensor: entry.name, dtype: entry.dtype)
            }
            guard entry.begin <= entry.end else {
                throw .offsetsReversed(path: path, tensor: entry.name, begin: entry.begin, end: entry.end)
            }
            guard entry.end <= UInt64(dataByteCount) else {
                throw .offsetsOutOfRange(
                    path: path, tensor: entry.name, begin: entry.begin, end: entry.end,
                    dataByteCount: dataByteCount)
            }
            let byteCount = entry.end - entry.begin
            let (expected, overflow) = (elementCount(of: entry.shape) ?? Int.max).multipliedReportingOverflow(by: 4)
            guard !overflow, UInt64(expected) == byteCount else {
                throw .sizeMismatch(path: path, tensor: entry.name, shape: entry.shape, byteCount: byteCount)
            }
        }

        // Walk the tensors in data order: each must start where the previous one ended.
        let inDataOrder = header.entries.sorted { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var covered: UInt64 = 0
        var lastName = ""
        for entry in inDataOrder {
            if entry.begin < covered { throw .offsetsOverlap(path: path, tensor: entry.name, other: lastName) }
            if entry.begin > covered { throw .unusedBytes(path: path, begin: covered, end: entry.begin) }
            covered = entry.end
            lastName = entry.name
        }
        guard covered == UInt64(dataByteCount) else {
            throw .unusedBytes(path: path, begin: covered, end: UInt64(dataByteCount))
        }

        // All offsets are now known to lie inside the data section, so they fit in an Int.
        tensors = inDataOrder.map { entry in
            let begin = dataStart + Int(entry.begin)
            let end = dataStart + Int(entry.end)
            return Tensor(name: entry.name, shape: entry.shape, values: littleEndianFloats(bytes[begin..<end]))
        }
        metadata = header.metadata
    }
}

/// The Float32 values stored little-endian in `bytes` (whose count is a multiple of 4).
///
/// Assembling each value from its bytes makes the result the same on any host
/// byte order and needs no aligned pointer into the file's buffer.
private func littleEndianFloats(_ bytes: ArraySlice<UInt8>) -> [Float] {
    var values: [Float] = []
    values.reserveCapacity(bytes.count / 4)
    var index = bytes.startIndex
    while index + 4 <= bytes.endIndex {
        let bits =
            UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8
            | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
        values.append(Float(bitPattern: bits))
        index += 4
    }
    return values
}
