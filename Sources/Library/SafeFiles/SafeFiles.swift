import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations every writer of the tool shares (the site, saved
/// weights, rewritten chapters), each with the care that keeps a reader's
/// files safe:
///
/// - a temporary file is created under a random name, exclusively and never
///   through a symbolic link (`O_CREAT | O_EXCL | O_NOFOLLOW`), so nothing
///   planted at a predictable name can be truncated or followed;
/// - a file is replaced by renaming a finished copy over it, which keeps the
///   old file's permissions; a symbolic link is refused, never replaced;
/// - a folder is listed completely or not at all: an entry that cannot be
///   read makes the listing fail, so an unreadable folder is never taken for an empty one;
/// - writers of one folder take turns (`FolderLock`).
public enum SafeFiles {
    /// Why a file operation failed, in words that name the path.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public init(path: String, reason: String) { (self.path, self.reason) = (path, reason) }
        public var description: String { "\(path): \(reason)" }

        /// `what` failed on `path`, with the system's reason (`errno`) in words.
        public static func posix(_ path: String, _ what: String, _ code: Int32 = errno) -> Failure {
            Failure(path: path, reason: "\(what): \(SafeFiles.message(code))")
        }
    }

    /// `strerror`'s text for `code`, with a lower-case first letter, as the tool's messages have.
    public static func message(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// Twelve random hexadecimal digits, for a temporary name no one can guess.
    public static func randomName() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = String(generator.next() & 0xffff_ffff_ffff, radix: 16)
        return String(repeating: "0", count: 12 - hex.count) + hex
    }

    /// Creates the new file `path` (never an existing one, never through a link) and returns its descriptor.
    public static func createExclusive(_ path: String, mode: mode_t = 0o600) throws(Failure) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .posix(path, "cannot create the file") }
        return descriptor
    }

    /// Writes all of `bytes` to `descriptor`.
    public static func writeAll(_ descriptor: Int32, _ bytes: some Collection<UInt8>, path: String) throws(Failure) {
        let contiguous = Array(bytes)
        var written = 0
        while written < contiguous.count {
            let count = contiguous[written...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw .posix(path, "cannot write the file") }
            written += count
        }
    }

    /// Replaces the regular file `path` (or creates it) with `bytes`, in one step:
    /// a finished copy under a random name beside it is renamed over it. The
    /// file keeps its permissions (a new one gets `newMode`). A symbolic link,
    /// a folder or a device at `path` is refused.
    public static func replaceFile(
        _ path: String, with bytes: some Collection<UInt8>, newMode: mode_t = 0o644,
        temporarySuffix: String = ".tutorial-tmp"
    ) throws(Failure) {
        var info = stat()
        var mode = newMode
        if lstat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: mode = info.st_mode & 0o7777
            case S_IFLNK:
                throw Failure(path: path, reason: "it is a symbolic link; tutorial replaces only regular files")
            default: throw Failure(path: path, reason: "it is not a regular file")
            }
        } else if errno != ENOENT {
            throw .posix(path, "cannot look at it")
        }
        let temporary = temporaryPath(beside: path, suffix: temporarySuffix)
        let descriptor = try createExclusive(temporary)
        do throws(Failure) {
            defer { close(descriptor) }
            try writeAll(descriptor, bytes, path: temporary)
            guard fsync(descriptor) == 0 else { throw .posix(temporary, "cannot write the file") }
            guard fchmod(descriptor, mode) == 0 else { throw .posix(temporary, "cannot set the file's permissions") }
        } catch {
            unlink(temporary)
            throw Failure(path: path, reason: error.reason)
        }
        guard rename(temporary, path) == 0 else {
            let failure = Failure.posix(path, "cannot replace the file")
            unlink(temporary)
            throw failure
        }
    }

    /// `.NAME.RANDOM` + `suffix` in `path`'s folder: a name only this run uses.
    public static func temporaryPath(beside path: String, suffix: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        // A file name has at most 255 bytes: a long name is shortened, the random part keeps it unique.
        let kept = String(decoding: Array(name.utf8.prefix(200)), as: UTF8.self)
        return folder + "." + kept + "." + randomName() + suffix
    }

    /// Whether `name` is a temporary that `temporaryPath(beside:suffix:)` made for `original`.
    public static func isTemporary(_ name: String, of original: String, suffix: String) -> Bool {
        let kept = String(decoding: Array(original.utf8.prefix(200)), as: UTF8.self)
        let prefix = "." + kept + "."
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return false }
        let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
        return middle.count == 12 && middle.allSatisfy(\.isHexDigit)
    }

    /// One entry of a folder's listing.
    public struct Entry: Equatable {
        public enum Kind: Equatable { case file, folder, symbolicLink, other }
        /// The path relative to the folder listed.
        public var path: String
        public var kind: Kind
        public var size: Int
    }

    /// Every entry under `folder`, sorted by path. Fails, naming
    /// the entry, if any folder inside cannot be opened or read: a listing is
    /// complete or it is an error. Symbolic links are listed, not followed.
    public static func listTree(_ folder: String) throws(Failure) -> [Entry] {
        var entries: [Entry] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let absolute = relative.isEmpty ? folder : folder + "/" + relative
            guard let directory = opendir(absolute) else { throw .posix(absolute, "cannot list the folder") }
            var names: [String] = []
            errno = 0
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name != "." && name != ".." { names.append(name) }
            }
            let code = errno
            closedir(directory)
            guard code == 0 else { throw .posix(absolute, "cannot list the folder", code) }
            var folders: [String] = []
            for name in names.sorted() {
                let path = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(folder + "/" + path, &info) == 0 else {
                    throw .posix(folder + "/" + path, "cannot look at it")
                }
                let kind: Entry.Kind =
                    switch info.st_mode & S_IFMT {
                    case S_IFREG: .file
                    case S_IFDIR: .folder
                    case S_IFLNK: .symbolicLink
                    default: .other
                    }
                entries.append(Entry(path: path, kind: kind, size: Int(info.st_size)))
                if kind == .folder { folders.append(path) }
            }
            pending += folders.reversed()
        }
        return entries.sorted { $0.path < $1.path }
    }

    /// The SHA-256 of the regular file `path`, read without following a link.
    public static func sha256(ofFile path: String) throws(Failure) -> String {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw .posix(path, "cannot read the file") }
        defer { close(descriptor) }
        var hash = SHA256()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .posix(path, "cannot read the file") }
            if count == 0 { break }
            hash.update(chunk[..<count])
        }
        return hash.finish().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

/// An exclusive lock on a folder, held while one run writes into it: a
/// second run that wants to write there waits until the first is done
/// (`waiting` is told, so that it can say so), then sees the first run's result.
public final class FolderLock {
    private let descriptor: Int32

    public init(_ folder: String, waiting: () -> Void) throws(SafeFiles.Failure) {
        descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .posix(folder, "cannot open the folder") }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                let failure = SafeFiles.Failure.posix(folder, "cannot lock the folder")
                close(descriptor)
                throw failure
            }
            waiting()
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let failure = SafeFiles.Failure.posix(folder, "cannot lock the folder")
                    close(descriptor)
                    throw failure
                }
            }
        }
    }

    deinit { close(descriptor) }  // closing the descriptor releases the lock
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif
