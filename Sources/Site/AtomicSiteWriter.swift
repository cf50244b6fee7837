import Foundation

/// Writes the site's files so that the folder is always either the old site or the new one, whole.
///
/// Everything goes into a sibling folder `<name>.tmp` first. Only when every
/// file is written is it swapped in: the old folder is renamed to
/// `<name>.tmp-old`, the new one renamed into place, and the old one deleted.
/// A failure while writing deletes the temporary folder and leaves the old
/// site untouched; a leftover temporary folder from an interrupted run is
/// cleared on the next one.
///
/// - Parameter files: relative path → content, as `SiteRenderer.render` returns them.
/// - Throws: `SiteWriteError` for a path that would leave the folder, or the file system's error.
public func writeSiteAtomically(_ files: [String: String], to directory: URL) throws {
    let fileManager = FileManager.default
    let directory = directory.standardizedFileURL
    let staging = directory.deletingLastPathComponent().appendingPathComponent(directory.lastPathComponent + ".tmp")
    let retired = directory.deletingLastPathComponent().appendingPathComponent(directory.lastPathComponent + ".tmp-old")

    for path in files.keys where !isSafeRelativePath(path) {
        throw SiteWriteError(message: "'\(path)' is not a relative path inside the site folder")
    }
    try? fileManager.removeItem(at: staging)
    try? fileManager.removeItem(at: retired)
    do {
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        for (path, content) in files.sorted(by: { $0.key < $1.key }) {
            let url = staging.appendingPathComponent(path)
            try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
    } catch {
        try? fileManager.removeItem(at: staging)
        throw error
    }

    let hadOldSite = fileManager.fileExists(atPath: directory.path)
    if hadOldSite { try fileManager.moveItem(at: directory, to: retired) }
    do {
        try fileManager.moveItem(at: staging, to: directory)
    } catch {
        // Put the old site back rather than leave no site at all.
        if hadOldSite { try? fileManager.moveItem(at: retired, to: directory) }
        try? fileManager.removeItem(at: staging)
        throw error
    }
    if hadOldSite { try fileManager.removeItem(at: retired) }
}

/// A site path the writer refuses, such as `../x.html` or `/etc/x`.
public struct SiteWriteError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// `a/b.html` yes; empty, absolute, `..` or `.` components no.
private func isSafeRelativePath(_ path: String) -> Bool {
    guard !path.isEmpty, !path.hasPrefix("/") else { return false }
    return path.split(separator: "/", omittingEmptySubsequences: false)
        .allSatisfy { !$0.isEmpty && $0 != ".." && $0 != "." }
}
