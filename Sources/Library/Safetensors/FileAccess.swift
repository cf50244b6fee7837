import Foundation
import SafeFiles
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
    /// The largest file the reader accepts: well above any model of this
    /// tutorial (hiddenSize 1024 is 17 MB), far below what could exhaust memory.
    /// A regular file's size is checked before reading; a stream stops here.
    static let maxReadByteCount = 64 << 20

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
        let tooLarge = "larger than \(maxReadByteCount >> 20) MiB, too large for a weights file"
        if status.st_mode & S_IFMT == S_IFREG, status.st_size > maxReadByteCount {
            throw .unreadableFile(path: path, reason: tooLarge)
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .unreadableFile(path: path, reason: message(errno)) }
            if count == 0 { return bytes }
            guard bytes.count + count <= maxReadByteCount else {
                throw .unreadableFile(path: path, reason: tooLarge)
            }
            bytes += chunk[..<count]
        }
    }

    /// Why `path` cannot be replaced by a saved file, or nil if it can: it must
    /// be new or a regular file its owner may write (not a symbolic link,
    /// which a save would replace rather than write through), in an existing
    /// folder where a file can be created.
    ///
    /// Checking creates (and removes) a temporary file of the kind the save
    /// writes, the surest test that the folder takes a new file.
    static func problemReplacing(_ path: String) -> String? {
        guard !path.isEmpty else { return "the path is empty" }
        guard !path.hasSuffix("/") else { return "the path ends in /, which names a folder" }
        var status = stat()
        if lstat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG:
                if status.st_mode & S_IWUSR == 0 {
                    return "the file is read-only (its owner may not write it); make it writable or choose another name"
                }
            case S_IFLNK: return "it is a symbolic link; save to the file it points to, or choose another name"
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
        let probe = SafeFiles.temporaryPath(beside: path, suffix: ".tutorial-tmp")
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return "cannot create a file in \(folder): \(message(errno))" }
        close(descriptor)
        unlink(probe)
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
