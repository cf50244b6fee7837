import Format
/// Everything that can be wrong with a safetensors file, each case naming the file.
///
/// A weights file comes from outside the program, so every way it can be
/// broken is a value here rather than a crash: the reader only ever returns a
/// `SafetensorsFile` or throws one of these. `description` is the one-line
/// message the command line prints.
public enum SafetensorsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// There is nothing at `path`.
    case missingFile(path: String)
    /// Something is at `path` but it cannot be read (a folder, no permission).
    case unreadableFile(path: String, reason: String)
    /// The file is shorter than the 8 bytes that hold the header length.
    case truncated(path: String, byteCount: Int)
    /// The header length promises more bytes than the file has after it.
    case headerLengthExceedsFile(path: String, headerLength: UInt64, bytesAfterLength: Int)
    /// The JSON header is larger than any weights file of this tutorial needs (a few kilobytes).
    case headerTooLarge(path: String, headerLength: UInt64, limit: Int)
    /// The header is not valid JSON, or not the JSON structure the format prescribes.
    case invalidHeader(path: String, reason: String)
    /// A tensor is stored in a type other than F32, the only one we read.
    case unsupportedDtype(path: String, tensor: String, dtype: String)
    /// A tensor's data ends beyond the data section.
    case offsetsOutOfRange(path: String, tensor: String, begin: UInt64, end: UInt64, dataByteCount: Int)
    /// A tensor's data would end before it begins.
    case offsetsReversed(path: String, tensor: String, begin: UInt64, end: UInt64)
    /// Two tensors claim some of the same bytes.
    case offsetsOverlap(path: String, tensor: String, other: String)
    /// Bytes of the data section that belong to no tensor (the format allows no holes).
    case unusedBytes(path: String, begin: UInt64, end: UInt64)
    /// A tensor's byte count is not 4 × the number of elements its shape holds.
    case sizeMismatch(path: String, tensor: String, shape: [Int], byteCount: UInt64)
    /// A tensor the model needs is not in the file.
    case missingTensor(path: String, tensor: String)
    /// A tensor the model needs has another shape than the model's.
    case wrongShape(path: String, tensor: String, expected: [Int], found: [Int])
    /// A tensor handed to the writer cannot be stored (bad name, values not matching its shape).
    case invalidTensor(path: String, tensor: String, reason: String)
    /// Writing or renaming the file failed; nothing was left at `path`.
    case writeFailed(path: String, reason: String)

    /// The message, one line: names that came from the file (a tensor's, a
    /// metadata key's) have their control and format characters escaped, so a
    /// newline or a bidi override in a crafted file cannot forge a line or reorder text.
    public var description: String { Format.escapingControlCharacters(message) }

    private var message: String {
        switch self {
        case .missingFile(let path):
            return "\(path): no such file"
        case .unreadableFile(let path, let reason):
            return "\(path): cannot be read (\(reason))"
        case .truncated(let path, 0):
            return "\(path): the file is empty (a safetensors file starts with 8 bytes that give its header length)"
        case .truncated(let path, let byteCount):
            return "\(path): truncated: \(byteCount) bytes, fewer than the 8 that hold the header length"
        case .headerTooLarge(let path, let headerLength, let limit):
            return "\(path): a header of \(headerLength) bytes, more than the \(limit >> 20) MiB a weights file's "
                + "metadata may take"
        case .headerLengthExceedsFile(let path, let headerLength, let bytesAfterLength):
            return "\(path): header length \(headerLength) is larger than the \(bytesAfterLength) bytes after it"
        case .invalidHeader(let path, let reason):
            return "\(path): invalid header: \(reason)"
        case .unsupportedDtype(let path, let tensor, let dtype):
            return "\(path): tensor \"\(tensor)\" has dtype \"\(dtype)\"; only F32 is supported"
        case .offsetsOutOfRange(let path, let tensor, let begin, let end, let dataByteCount):
            return "\(path): tensor \"\(tensor)\" data_offsets [\(begin), \(end)] go beyond the"
                + " \(dataByteCount) bytes of data"
        case .offsetsReversed(let path, let tensor, let begin, let end):
            return "\(path): tensor \"\(tensor)\" data_offsets [\(begin), \(end)] end before they begin"
        case .offsetsOverlap(let path, let tensor, let other):
            return "\(path): tensors \"\(other)\" and \"\(tensor)\" overlap in the data section"
        case .unusedBytes(let path, let begin, let end):
            return "\(path): data bytes \(begin)..<\(end) belong to no tensor"
        case .sizeMismatch(let path, let tensor, let shape, let byteCount):
            return "\(path): tensor \"\(tensor)\" has shape \(shape) but \(byteCount) bytes of data"
                + " (F32 needs 4 per element)"
        case .missingTensor(let path, let tensor):
            return "\(path): no tensor \"\(tensor)\""
        case .wrongShape(let path, let tensor, let expected, let found):
            return "\(path): tensor \"\(tensor)\" has shape \(found), expected \(expected)"
        case .invalidTensor(let path, let tensor, let reason):
            return "\(path): cannot write tensor \"\(tensor)\": \(reason)"
        case .writeFailed(let path, let reason):
            return "\(path.isEmpty ? "''" : path): cannot write: \(reason)"
        }
    }
}
