import Foundation
import SafeFiles
import Notebook

/// What the outputs of a chapter marked expensive depend on.
///
/// As with Quarto's `freeze`, an expensive chapter keeps the outputs of its
/// last run and is run again only when one of its inputs changed:
///
/// - the bytes of `paths`: files, folders whose files all count, or
///   `file:anchor`, the region of a file between its anchor markers (the
///   compiler settings of a package manifest, say);
/// - `settings`, anything else the run depends on (the hyperparameters);
/// - which outputs the chapter's Markdown shows (the names of its output
///   blocks). Its prose never changes an output, so editing a sentence does
///   not make a chapter run again.
public struct FreezeInputs: Sendable {
    public var paths: [String]
    public var settings: String

    public init(paths: [String], settings: String) {
        self.paths = paths
        self.settings = settings
    }
}

/// The outputs of expensive chapters, kept between runs in
/// `chapters/_freeze/<slug>.json` together with the fingerprint of the
/// inputs they were made from. The file is committed with the chapter, so a
/// fresh clone has them too; `tutorial --update` and `tutorial` refresh it
/// whenever they run the chapter with the recorded hyperparameters and its
/// outputs match its recording.
public enum Freeze {
    /// Where `chapter`'s frozen outputs live.
    public static func file(for chapter: Chapter, root: URL) -> URL {
        root.appendingPathComponent("chapters/_freeze/\(chapter.slug).json")
    }

    /// The fingerprint of `chapter`'s inputs now; nil for a chapter not marked expensive.
    ///
    /// SHA-256 over the settings, the output names, and each input file's
    /// path, size and bytes, in path order.
    public static func fingerprint(_ chapter: Chapter, root: URL) throws(BookError) -> String? {
        guard let inputs = chapter.freeze else { return nil }
        var hash = Fingerprint()
        hash.add("settings", inputs.settings)
        let names = chapter.blocks.compactMap { block -> String? in
            if case .output(let name) = block.directive { name } else { nil }
        }
        hash.add("outputs", names.joined(separator: "\n"))
        for input in inputs.paths where input.contains(":") {
            let (path, anchor) = (String(input.prefix { $0 != ":" }), String(input.drop { $0 != ":" }.dropFirst()))
            let region = try AnchoredSource(file: root.appendingPathComponent(path), root: root).code(anchor: anchor)
            hash.add("region", input)
            hash.add(Data(region.code.utf8))
        }
        for path in try inputFiles(inputs.paths.filter { !$0.contains(":") }, root: root) {
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else {
                throw BookError(path: path, message: "cannot read this input of chapter \(chapter.number)'s freeze")
            }
            hash.add("file", path)
            hash.add(data)
        }
        return hash.hex
    }

    /// The files under `paths`, relative to `root`, sorted; hidden files (an
    /// editor's swap file, `.DS_Store`) are left out.
    static func inputFiles(_ paths: [String], root: URL) throws(BookError) -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isFolder)
            else {
                throw BookError(path: path, message: "an input of a frozen chapter does not exist")
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent(path).path)
            while let relative = enumerator?.nextObject() as? String {
                guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
                let full = path + "/" + relative
                var isSubfolder: ObjCBool = false
                _ = FileManager.default.fileExists(
                    atPath: root.appendingPathComponent(full).path, isDirectory: &isSubfolder)
                if !isSubfolder.boolValue { files.append(full) }
            }
        }
        return files.sorted()
    }

    /// `chapter`'s frozen outputs as a run, when it is marked expensive and
    /// its inputs are what they were when the outputs were kept; nil when it
    /// has to run (not expensive, never kept, inputs changed, or a file that
    /// does not read back).
    public static func thaw(_ chapter: Chapter, root: URL) throws(BookError) -> ChapterRun? {
        guard let fingerprint = try fingerprint(chapter, root: root),
            let data = FileManager.default.contents(atPath: file(for: chapter, root: root).path),
            let kept = try? JSONDecoder().decode(Kept.self, from: data),
            kept.fingerprint == fingerprint
        else { return nil }
        return ChapterRun(thawing: chapter, outputs: kept.outputs)
    }

    /// Keeps `run`'s outputs as `chapter`'s frozen outputs, with the
    /// fingerprint of its inputs now. Does nothing for a chapter not marked
    /// expensive, or one that attached files for the site: those are not
    /// kept, so such a chapter always runs.
    public static func keep(_ run: ChapterRun, of chapter: Chapter, root: URL) throws {
        guard run.failure == nil, run.attachments.isEmpty, let fingerprint = try fingerprint(chapter, root: root) else {
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(Kept(fingerprint: fingerprint, outputs: run.outputs))
        let file = file(for: chapter, root: root)
        if FileManager.default.contents(atPath: file.path) == data { return }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try SafeFiles.replaceFile(file.path, with: data)
    }

    /// What the freeze file holds.
    struct Kept: Codable {
        var fingerprint: String
        var outputs: [NamedOutput]
    }
}

/// SHA-256 over labelled, length-prefixed fields.
struct Fingerprint {
    private var hash = SHA256()

    /// A labelled, length-prefixed field, so that no two different inputs run together into the same bytes.
    mutating func add(_ label: String, _ text: String) {
        hash.update(Array("\(label) \(text.utf8.count)\n".utf8))
        hash.update(Array(text.utf8))
    }

    mutating func add(_ data: Data) {
        hash.update(Array("bytes \(data.count)\n".utf8))
        hash.update(data)
    }

    /// The digest in hexadecimal.
    var hex: String {
        var copy = hash
        return copy.finishHex()
    }
}
