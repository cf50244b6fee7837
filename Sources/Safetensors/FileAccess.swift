import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The plain POSIX file operations the reader and writer need, with errors in words.
///
/// Weights may come from a regular file, a FIFO, `/dev/stdin` or a process
/// substitution (`<(cmd)`), so they are read as a stream: `read(2)` until the
/// end, never a size taken in advance. A save replaces only a regular file,
/// and only one its owner may write: we run as root in CI, where
/// `access(W_OK)` says yes to every file, so the owner's write bit is what
/// marks a file read-only.
enum FileAccess {
    /// The largest file the reader accepts: far above any model of this
    /// tutorial (hiddenSize 1024 is 17 MB), far below what could exhaust memory.
    static let maxReadByteCount = 1 << 30

    /// Every byte of the file or stream at `path`.
    static func readAll(_ path: String) throws(SafetensorsError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { throw .missingFile(path: path) }
            throw .unreadableFile(path: path, reason: message(code))
        }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            throw .unreadableFile(path: path, reason: "it is a folder")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .unreadableFile(path: path, reason: message(errno)) }
            if count == 0 { return bytes }
            guard bytes.count + count <= maxReadByteCount else {
                throw .unreadableFile(path: path, reason: "larger than \(maxReadByteCount >> 20) MiB, too large for a weights file")
            }
            bytes += chunk[..<count]
        }
    }

    /// Why `path` cannot be replaced by a saved file, or nil if it can: it must
    /// be new or a regular file its owner may write, in an existing folder
    /// where a file can be created.
    ///
    /// Checking creates (and removes) the writer's temporary file, the
    /// surest test that the folder takes a new file; it also removes a
    /// temporary left by a save that was killed.
    static func problemReplacing(_ path: String) -> String? {
        guard !path.isEmpty else { return "the path is empty" }
        guard !path.hasSuffix("/") else { return "the path ends in /, which names a folder" }
        var status = stat()
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG:
                if status.st_mode & S_IWUSR == 0 {
                    return "the file is read-only (its owner may not write it); make it writable or choose another name"
                }
            case S_IFDIR: return "it is a folder"
            case S_IFCHR, S_IFBLK: return "it is a device, not a regular file"
            case S_IFIFO: return "it is a FIFO (named pipe), not a regular file"
            case S_IFSOCK: return "it is a socket, not a regular file"
            default: return "it is not a regular file"
            }
        } else if errno != ENOENT {
            return message(errno)
        }
        let folder = self.folder(of: path)
        guard stat(folder, &status) == 0 else { return "there is no folder \(folder)" }
        guard status.st_mode & S_IFMT == S_IFDIR else { return "\(folder) is not a folder" }
        do {
            let temporary = try TemporaryFile(beside: path)
            temporary.remove()
        } catch {
            return error.reason
        }
        return nil
    }

    /// The folder that holds `path` (`.` for a bare file name).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `strerror`'s text for `code`, with a lower-case first letter, as our messages have.
    static func message(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}

/// The file a save writes before it renames it over its target: the same
/// short name for every save to one path, so that a save that was killed
/// leaves one temporary, which the next save to that path reuses.
///
/// The name is `.tutorial-` and a hash of the target's file name, so it stays
/// short however long that name is (a file name may have 255 bytes; ours adds
/// nothing to it). A lock on the open file keeps two saves to one path
/// from writing into it at once.
struct TemporaryFile {
    struct Failure: Error {
        var reason: String
    }

    let path: String
    let descriptor: Int32

    init(beside target: String) throws(Failure) {
        let name = target.split(separator: "/").last.map(String.init) ?? target
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, 64 bits
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        let folder = FileAccess.folder(of: target)
        path = (folder == "/" ? "" : folder) + "/.tutorial-" + String(repeating: "0", count: 16 - hex.count) + hex + ".tmp"
        descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw Failure(reason: "cannot create a file in \(folder): \(FileAccess.message(errno))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw Failure(reason: "another process is saving to this path right now")
        }
        guard ftruncate(descriptor, 0) == 0 else {
            let reason = FileAccess.message(errno)
            remove()
            throw Failure(reason: reason)
        }
    }

    /// Writes all of `bytes`, then flushes them to the disk.
    func write(_ bytes: [UInt8]) throws(Failure) {
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { writeToDescriptor(descriptor, $0) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw Failure(reason: "writing: \(FileAccess.message(errno))") }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw Failure(reason: "writing: \(FileAccess.message(errno))") }
    }

    /// Renames the temporary file to `target`, in one step.
    func rename(to target: String) throws(Failure) {
        guard posixRename(path, target) == 0 else { throw Failure(reason: "renaming: \(FileAccess.message(errno))") }
        close(descriptor)
    }

    /// Closes and deletes the temporary file.
    func remove() {
        unlink(path)
        close(descriptor)
    }
}

/// POSIX `write(2)`, under a name that the method `write(_:)` does not hide.
private func writeToDescriptor(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int {
    posixWrite(descriptor, buffer.baseAddress, buffer.count)
}

// The C functions that `TemporaryFile`'s methods of the same names hide.
#if canImport(Glibc)
private let posixWrite = Glibc.write
private let posixRename = Glibc.rename
#elseif canImport(Darwin)
private let posixWrite = Darwin.write
private let posixRename = Darwin.rename
#endif
