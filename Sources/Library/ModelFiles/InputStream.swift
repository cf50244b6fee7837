import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file or standard input read as a stream: each `next` returns what has
/// arrived, waiting only when nothing has.
///
/// `read(2)` on a pipe or a terminal returns as soon as some bytes are there,
/// so `predict` answers a line typed by hand at once, while a file comes in
/// large chunks. A FIFO, `/dev/stdin` and a process substitution (`<(cmd)`)
/// are files of this kind, and read the same way.
struct InputStream: ~Copyable {
    /// The most bytes one read takes.
    static let chunkByteCount = 1 << 16
    /// The longest line accepted: a line of 1000 values (the largest
    /// `maxLength`) with generous spacing fits many times over.
    static let maxLineByteCount = 1 << 20

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer = [UInt8](repeating: 0, count: chunkByteCount)

    /// The file at `path`, or standard input if `path` is nil.
    init(path: String?) throws(SequenceInputError) {
        guard let path else {
            (descriptor, ownsDescriptor) = (STDIN_FILENO, false)
            return
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "no such file" : "cannot be read: \(String(cString: strerror(errno)))"
            throw SequenceInputError(source: path, line: nil, problem: .unreadable(reason))
        }
        (self.descriptor, ownsDescriptor) = (descriptor, true)
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// The next bytes, or nil at the end of the input.
    mutating func next(source: String) throws(SequenceInputError) -> [UInt8]? {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 { return Array(buffer[..<count]) }
            if count == 0 { return nil }
            if errno == EINTR { continue }
            let reason = errno == EISDIR ? "it is a folder" : "cannot be read: \(String(cString: strerror(errno)))"
            throw SequenceInputError(source: source, line: nil, problem: .unreadable(reason))
        }
    }
}
