import Foundation
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
///   file the tool wrote there. A folder is replaced only when it is missing,
///   empty, or marked and holding nothing but the files its marker lists. Any
///   other folder (the book itself, `chapters/`, a folder with a reader's own
///   notes in it) and anything that is not a folder is refused with a message
///   that names it and says why. A reader's file inside the site is never
///   deleted: the tool refuses, and the reader moves the file out.
/// - The new site is written into a temporary folder beside the old one,
///   `.NAME.tutorial-new`, marker first, and swapped with the old folder in one
///   step (`renameat2(RENAME_EXCHANGE)` on Linux, `renamex_np(RENAME_SWAP)`
///   on macOS). Where the system cannot
///   swap, the old folder is renamed to `.NAME.tutorial-old` and the new one
///   into place; a run killed between the two renames leaves the old site
///   there, and the next run puts it back. Temporary folders a killed run left
///   behind are recognised by their marker and removed by the next run;
///   folders of other names (`site.tmp`) are never touched.
/// - The folder keeps its permissions: a read-only site comes back read-only.
public enum SiteFolder {
    /// The marker file's name, in every folder this tool writes.
    public static let markerName = ".tutorial-site"

    /// Replaces `folder` with a site of exactly `files` (relative path → bytes) and the marker.
    public static func write(_ files: [String: Data], to folder: URL) throws(SiteWriteError) {
        let target = folder.standardizedFileURL
        let display = target.path
        let parent = target.deletingLastPathComponent().path
        let staging = parent + "/." + target.lastPathComponent + ".tutorial-new"
        let retired = parent + "/." + target.lastPathComponent + ".tutorial-old"

        for path in files.keys where !isSafeRelativePath(path) || path == markerName {
            throw SiteWriteError(path: display, reason: "'\(path)' is not a relative path inside the site folder")
        }
        // A run killed between the two renames of the fallback left no site but the old one beside it.
        if !exists(target.path), exists(retired), isMarkedOrEmpty(retired) {
            guard rename(retired, target.path) == 0 else { throw .posix(display, "cannot put the old site back") }
        }
        let mode = try replaceableFolderMode(target.path)
        for leftover in [staging, retired] where exists(leftover) {
            guard isMarkedOrEmpty(leftover) else {
                throw SiteWriteError(path: leftover, reason: "it is in the way of the site's temporary folder "
                                     + "and was not made by tutorial; move it away")
            }
            removeTree(leftover)
        }

        do throws(SiteWriteError) {
            try makeFolders(parent)
            guard mkdir(staging, 0o700) == 0 else { throw SiteWriteError.posix(staging, "cannot create the site's temporary folder") }
            try writeFile(Data(markerText(listing: files.keys).utf8), to: staging + "/" + markerName)
            for (path, data) in files.sorted(by: { $0.key < $1.key }) {
                let file = staging + "/" + path
                try makeFolders((file as NSString).deletingLastPathComponent)
                try writeFile(data, to: file)
            }
            guard chmod(staging, mode) == 0 else { throw SiteWriteError.posix(staging, "cannot set the folder's permissions") }
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
        _ = try replaceableFolderMode(folder.standardizedFileURL.path)
    }

    /// The marker's text: what the folder is, then every file the tool wrote into it.
    public static func markerText(listing paths: some Sequence<String>) -> String {
        "This folder is written by `tutorial run`, which replaces it whole on every run.\n"
            + "It refuses to when the folder holds anything but these files:\n"
            + paths.sorted().map { $0 + "\n" }.joined()
    }

    /// The permissions of `path` when it may be replaced: a missing or empty
    /// folder, or a marked one holding only what its marker lists.
    static func replaceableFolderMode(_ path: String) throws(SiteWriteError) -> mode_t {
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
        guard let present = try? listing(path), !present.isEmpty else { return mode }
        guard let listed = markedFiles(path) else {
            throw SiteWriteError(path: path, reason: "it holds files that tutorial did not write (no \(markerName) "
                                 + "marker); choose an empty or new folder")
        }
        let foreign = present.filter { !listed.contains($0) && $0 != markerName }
        guard foreign.isEmpty else {
            let named = foreign.prefix(3).joined(separator: ", ") + (foreign.count > 3 ? " and \(foreign.count - 3) more" : "")
            throw SiteWriteError(path: path, reason: "it holds files that tutorial did not write (\(named)); "
                                 + "move them out, the site folder is replaced whole")
        }
        return mode
    }

    /// The files (and the folders above them) the marker in `folder` lists; nil without a marker.
    static func markedFiles(_ folder: String) -> Set<String>? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + markerName) else { return nil }
        var listed: Set<String> = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst(2) {
            var path = Substring(line)
            listed.insert(String(path))
            while let slash = path.lastIndex(of: "/") {
                path = path[..<slash]
                listed.insert(String(path))
            }
        }
        return listed
    }

    /// Every file and folder under `folder`, as relative paths.
    static func listing(_ folder: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: folder).sorted()
    }

    static func isMarkedOrEmpty(_ folder: String) -> Bool {
        markedFiles(folder) != nil || (try? listing(folder))?.isEmpty == true
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

    private static func writeFile(_ data: Data, to path: String) throws(SiteWriteError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .posix(path, "cannot create the file") }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let count = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        guard written else { throw .posix(path, "cannot write the file") }
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

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

/// `a/b.html` yes; empty, absolute, `..` or `.` components no.
private func isSafeRelativePath(_ path: String) -> Bool {
    guard !path.isEmpty, !path.hasPrefix("/") else { return false }
    return path.split(separator: "/", omittingEmptySubsequences: false)
        .allSatisfy { !$0.isEmpty && $0 != ".." && $0 != "." }
}
