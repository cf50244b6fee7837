import Format
import Foundation
import Notebook
import SafeFiles
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder a site is written to, replaced whole, and only if this tool wrote it.
///
/// The promise: the folder is always either the old site or the new one, and
/// nothing the tool did not write is ever deleted.
///
/// - A site folder holds a marker file, `.tutorial-site`, that lists every
///   file the tool wrote there with its size and SHA-256. A folder is replaced
///   only when it is missing, empty, or marked and holding nothing but those
///   files, byte for byte (and the folders above them). A marker proves
///   nothing by itself: a hand-written, stale or copied one that lists a
///   reader's file does not match that file's bytes. Any other folder (the
///   book itself, `chapters/`, a folder with a reader's own notes in it), a
///   folder with anything in it that cannot be listed or read, and anything
///   that is not a folder is refused with a message that names it and says
///   why. A folder inside a site folder is refused too, since that site is
///   replaced whole.
/// - The new site is written into a temporary folder beside the old one,
///   `.NAME.tutorial-new`, marker first, and swapped with the old folder in one
///   step (`renameat2(RENAME_EXCHANGE)` on Linux, `renamex_np(RENAME_SWAP)`
///   on macOS). Where the system cannot
///   swap, the old folder is renamed to `.NAME.tutorial-old` and the new one
///   into place; a run killed between the two renames leaves the old site
///   there, and the next run puts it back. Temporary folders a killed run left
///   behind are removed by the next run under the same rule as the site;
///   folders of other names (`site.tmp`) are never touched.
/// - Two runs writing sites into one folder take turns (a lock on the folder
///   that holds them): the second waits, says so, and then checks and replaces
///   what the first wrote.
/// - The folder keeps its permissions: a read-only site comes back read-only.
public enum SiteFolder {
    /// The marker file's name, in every folder this tool writes.
    public static let markerName = ".tutorial-site"

    /// Replaces `folder` with a site of exactly `files` (relative path → bytes) and the marker.
    /// `waiting` is told when another run is writing beside it and this one waits for it.
    public static func write(
        _ files: [String: Data], to folder: URL,
        waiting: () -> Void = {}
    ) throws(SiteWriteError) {
        let target = folder.standardizedFileURL
        let display = target.path
        let parent = target.deletingLastPathComponent().path
        let staging = parent + "/." + target.lastPathComponent + ".tutorial-new"
        let retired = parent + "/." + target.lastPathComponent + ".tutorial-old"

        for path in files.keys where !isSafeRelativePath(path) || path == markerName {
            throw SiteWriteError(path: display, reason: "'\(path)' is not a relative path inside the site folder")
        }
        try checkNameLength(display)
        try checkNotInsideASite(target.path)
        try makeFolders(parent)
        let lock: FolderLock
        do {
            lock = try FolderLock(parent, waiting: waiting)
        } catch {
            throw SiteWriteError(path: error.path, reason: error.reason)
        }
        defer { withExtendedLifetime(lock) {} }

        // A run killed between the two renames of the fallback left no site but the old one beside it.
        if !exists(target.path), exists(retired), (try? ownedFolderMode(retired)) != nil {
            guard rename(retired, target.path) == 0 else { throw .posix(display, "cannot put the old site back") }
        }
        let mode = try ownedFolderMode(target.path)
        for leftover in [staging, retired] where exists(leftover) {
            guard (try? ownedFolderMode(leftover)) != nil else {
                throw SiteWriteError(
                    path: leftover,
                    reason: "it is in the way of the site's temporary folder "
                        + "and was not made by tutorial; move it away")
            }
            removeTree(leftover)
        }

        do throws(SiteWriteError) {
            guard mkdir(staging, 0o700) == 0 else {
                throw SiteWriteError.posix(staging, "cannot create the site's temporary folder")
            }
            try writeFile(Data(markerText(for: files).utf8), to: staging + "/" + markerName)
            for (path, data) in files.sorted(by: { $0.key < $1.key }) {
                let file = staging + "/" + path
                try makeFolders((file as NSString).deletingLastPathComponent)
                try writeFile(data, to: file)
            }
            guard chmod(staging, mode) == 0 else {
                throw SiteWriteError.posix(staging, "cannot set the folder's permissions")
            }
        } catch {
            removeTree(staging)
            throw SiteWriteError(path: display, reason: "\(error.reason) (the old site is unchanged)")
        }

        guard exists(target.path) else {
            guard rename(staging, target.path) == 0 else {
                let failure = SiteWriteError.posix(display, "cannot move the new site into place")
                removeTree(staging)
                throw failure
            }
            return
        }
        if exchange(staging, target.path) {
            removeTree(staging)  // the old site, now under the temporary name
            return
        }
        guard rename(target.path, retired) == 0 else {
            let failure = SiteWriteError.posix(display, "cannot move the old site aside")
            removeTree(staging)
            throw failure
        }
        guard rename(staging, target.path) == 0 else {
            let failure = SiteWriteError.posix(display, "cannot move the new site into place")
            _ = rename(retired, target.path)
            removeTree(staging)
            throw failure
        }
        removeTree(retired)
    }

    /// Refuses `folder` now, before any work, when `write` would refuse it later.
    public static func checkReplaceable(_ folder: URL) throws(SiteWriteError) {
        let path = folder.standardizedFileURL.path
        try checkNameLength(path)
        try checkNotInsideASite(path)
        _ = try ownedFolderMode(path)
    }

    /// The site's temporary folders add `.` and `.tutorial-new` to its name; a file name has at most 255 bytes.
    static func checkNameLength(_ path: String) throws(SiteWriteError) {
        let name = (path as NSString).lastPathComponent
        guard name.utf8.count + ".tutorial-new".utf8.count + 1 <= 255 else {
            throw SiteWriteError(
                path: path,
                reason: "the folder's name is too long for its temporary name "
                    + "(at most \(255 - 14) bytes); choose a shorter one")
        }
    }

    /// `path` (relative to `folder`) as the file system reads it: `x/..` is the
    /// folder above where `x` really is, which needs `x` to exist (a link is
    /// followed), never the lexical shortening that would make `missing/../..`
    /// name another folder than the shell's.
    public static func physicalPath(_ path: String, from folder: String) throws(SiteWriteError) -> String {
        let absolute = path.hasPrefix("/") ? path : folder + "/" + path
        var resolved = ""
        for component in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".":
                continue
            case "..":
                let here = resolved.isEmpty ? "/" : resolved
                var info = stat()
                guard stat(here, &info) == 0, info.st_mode & S_IFMT == S_IFDIR,
                    let real = realpath(here, nil)
                else {
                    throw SiteWriteError(
                        path: path, reason: "\(here) is not an existing folder, so '..' after it names nothing")
                }
                defer { free(real) }
                resolved = (String(cString: real) as NSString).deletingLastPathComponent
                if resolved == "/" { resolved = "" }
            default:
                resolved += "/" + component
            }
        }
        return resolved.isEmpty ? "/" : resolved
    }

    /// The marker's text: what the folder is, then every file the tool wrote into it,
    /// as its SHA-256, its size in bytes and its path.
    public static func markerText(for files: [String: Data]) -> String {
        "This folder is written by `tutorial run`, which replaces it whole on every run.\n"
            + "It refuses to unless the folder holds these files and nothing else (SHA-256, bytes, path):\n"
            + files.sorted { $0.key < $1.key }.map { "\(SHA256.hex($0.value)) \($0.value.count) \($0.key)\n" }.joined()
    }

    /// The permissions of `path` when it may be replaced: a missing or empty
    /// folder, or a marked one holding only the files its marker lists, with
    /// the sizes and SHA-256 it records, and the folders above them.
    static func ownedFolderMode(_ path: String) throws(SiteWriteError) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            guard errno == ENOENT else { throw .posix(path, "cannot look at it") }
            return 0o755
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            let kind = info.st_mode & S_IFMT == S_IFLNK ? "a symbolic link" : "a file"
            throw SiteWriteError(path: path, reason: "it is \(kind), not a site folder; choose a folder")
        }
        let mode = info.st_mode & 0o7777
        let present: [SafeFiles.Entry]
        do {
            present = try SafeFiles.listTree(path)
        } catch {
            throw SiteWriteError(
                path: path,
                reason: "\(error.description), so it may hold files that tutorial did not "
                    + "write; choose another folder")
        }
        guard !present.isEmpty else { return mode }
        guard let marker = present.first(where: { $0.path == markerName }), marker.kind == .file else {
            throw SiteWriteError(
                path: path,
                reason: "it holds files that tutorial did not write (no \(markerName) "
                    + "marker); choose an empty or new folder")
        }
        guard let listed = markedFiles(path) else {
            throw SiteWriteError(
                path: path,
                reason: "its \(markerName) marker does not list each file's size and SHA-256 "
                    + "(an older tutorial's, or edited); if the folder holds only a site, delete it yourself")
        }
        var folders: Set<String> = []
        for file in listed.keys {
            var folder = Substring(file)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                folders.insert(String(folder))
            }
        }
        var foreign: [String] = []
        for entry in present where entry.path != markerName {
            switch entry.kind {
            case .folder where folders.contains(entry.path):
                continue
            case .file:
                if let record = listed[entry.path], record.size == entry.size,
                    (try? SafeFiles.sha256(ofFile: path + "/" + entry.path)) == record.sha256
                {
                    continue
                }
            default:
                break
            }
            foreign.append(entry.path)
        }
        guard foreign.isEmpty else {
            let named =
                foreign.prefix(3).map { Format.echoed($0, limit: 80) }.joined(separator: ", ")
                + (foreign.count > 3 ? " and \(foreign.count - 3) more" : "")
            throw SiteWriteError(
                path: path,
                reason: "it holds files that tutorial did not write, or that changed "
                    + "since (\(named)); move them out, the site folder is replaced whole")
        }
        return mode
    }

    /// What the marker in `folder` records: path → size and SHA-256; nil
    /// without a marker or with one that is not in this form.
    static func markedFiles(_ folder: String) -> [String: (size: Int, sha256: String)]? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + markerName) else { return nil }
        var listed: [String: (size: Int, sha256: String)] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst(2) {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit),
                let size = Int(parts[1]), size >= 0, isSafeRelativePath(String(parts[2]))
            else { return nil }
            listed[String(parts[2])] = (size, String(parts[0]))
        }
        return listed
    }

    /// Refuses a folder inside a site folder (one holding a marker): that site is replaced whole.
    static func checkNotInsideASite(_ path: String) throws(SiteWriteError) {
        var folder = (path as NSString).deletingLastPathComponent
        while !folder.isEmpty {
            var info = stat()
            if lstat(folder + "/" + markerName, &info) == 0 {
                throw SiteWriteError(
                    path: path,
                    reason: "it is inside \(folder), a site folder that tutorial replaces "
                        + "whole; choose a folder outside it")
            }
            guard folder != "/" else { break }
            folder = (folder as NSString).deletingLastPathComponent
        }
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Creates `path` and the folders above it that are missing.
    private static func makeFolders(_ path: String) throws(SiteWriteError) {
        guard !exists(path) else { return }
        try makeFolders((path as NSString).deletingLastPathComponent)
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw .posix(path, "cannot create the folder") }
    }

    /// Writes the new file `path` in the site's temporary folder: created
    /// exclusively, never through a link.
    private static func writeFile(_ data: Data, to path: String) throws(SiteWriteError) {
        do {
            let descriptor = try SafeFiles.createExclusive(path, mode: 0o644)
            defer { close(descriptor) }
            try SafeFiles.writeAll(descriptor, data, path: path)
        } catch {
            throw SiteWriteError(path: error.path, reason: error.reason)
        }
    }

    /// Deletes a folder this tool made, making it writable first (it may carry a read-only site's mode).
    private static func removeTree(_ path: String) {
        _ = chmod(path, 0o700)
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Swaps two folders in one step; false where the system cannot.
    private static func exchange(_ first: String, _ second: String) -> Bool {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        // Glibc declares renameat2 only under _GNU_SOURCE, which Swift's Glibc module does not set.
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 1 << 1
        return renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0
        #elseif canImport(Darwin)
        // macOS's swap (renamex_np(2), since macOS 10.12): the same one step.
        return renamex_np(first, second, UInt32(RENAME_SWAP)) == 0
        #else
        return false
        #endif
    }
}

/// Why a site was not written, in one line that names the path.
public struct SiteWriteError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }

    /// `what` failed on `path`, with the system's reason (`errno`) in words.
    static func posix(_ path: String, _ what: String) -> SiteWriteError {
        SiteWriteError(path: path, reason: "\(what): \(String(cString: strerror(errno)))")
    }
}

/// `a/b.html` yes; empty, absolute, `..` or `.` components no.
private func isSafeRelativePath(_ path: String) -> Bool {
    guard !path.isEmpty, !path.hasPrefix("/") else { return false }
    return path.split(separator: "/", omittingEmptySubsequences: false)
        .allSatisfy { !$0.isEmpty && $0 != ".." && $0 != "." }
}
