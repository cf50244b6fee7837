import Foundation
import Site

/// The trained model in the page: a panel where the reader types a sequence
/// and the model of this very run answers.
///
/// A chapter places it with a fenced block of kind `model-panel` that names
/// the weights file (one the site has, such as a file a chapter attached)
/// and holds the command that asks the same model in a terminal:
///
///     ```model-panel model.safetensors
///     echo 3 4 5 6 7 | swift run tutorial predict --weights site/model.safetensors
///     ```
///
/// On the page the block becomes a `<section class="model-panel">` with a
/// link to the weights and that command: all a reader without JavaScript
/// gets, and what the block shows on a code host too. With JavaScript,
/// `model-panel.js` adds the live panel to it and `lstm.js` runs the model.
///
/// The weights reach the page as a script, `model-weights.js` for
/// `model.safetensors`: the file's bytes in base64, assigned to a global. A
/// classic `<script src>` is the one way a page opened from `file://` can
/// load data (Chromium refuses `fetch` and module scripts there), and since
/// both forms hold the same bytes they cannot hold different numbers.
/// `lstm.js` reads one model per page: the panels of a page name one file.
final class ModelPanels: BlockPlugin {
    /// The kind of block that places a panel.
    static let kind = "model-panel"
    /// The scripts every page with a panel loads after its weights, from the book's resources.
    static let scripts = ["lstm.js", "model-panel.js"]

    /// The site's files, in which the weights must be.
    private let siteFiles: [String: Data]
    /// The weights file the panels rendered so far name, by page (chapter file).
    private var weightsByPage: [String: String] = [:]

    init(siteFiles: [String: Data]) {
        self.siteFiles = siteFiles
    }

    /// The script that holds the weights file `name`: `model.safetensors` → `model-weights.js`.
    static func weightsScript(for name: String) -> String {
        let base = name.split(separator: ".", omittingEmptySubsequences: false).dropLast().joined(separator: ".")
        return (base.isEmpty ? name : base) + "-weights.js"
    }

    /// The section a `model-panel` block becomes. A `BlockRenderer`.
    func render(_ chapter: SiteChapter, _ block: FencedCodeBlock) throws -> String {
        let words = block.info.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        func failure(_ message: String) -> SiteError {
            SiteError(file: chapter.sourcePath, line: block.line, message: message)
        }
        guard words.count == 2 else {
            throw failure("a model panel names its weights file and nothing else: ```model-panel model.safetensors")
        }
        let weights = words[1]
        guard siteFiles[weights] != nil else {
            throw failure(
                "a model panel with the weights '\(weights)', which the site does not have; "
                    + "does a chapter attach them?")
        }
        if let other = weightsByPage[chapter.sourcePath], other != weights {
            throw failure("a second model on the page: its panels must all name '\(other)'")
        }
        weightsByPage[chapter.sourcePath] = weights
        let command = block.literal.hasSuffix("\n") ? String(block.literal.dropLast()) : block.literal
        let scripts = ([Self.weightsScript(for: weights)] + Self.scripts)
            .map { "<script src=\"\(escapeHTML($0))\" defer></script>\n" }.joined()
        return """
            <section class="model-panel" aria-label="The trained model">
            <p class="panel-fallback">The weights of this run: <a href="\(escapeHTML(weights))">\
            \(escapeHTML(weights))</a>. In a terminal, from the tutorial's folder:</p>
            <pre class="panel-command"><code>\(escapeHTML(command))</code></pre>
            </section>

            """ + scripts
    }

    /// The scripts the rendered panels load: each weights file as a script, `lstm.js` and `model-panel.js`.
    func files() -> [String: Data] {
        guard !weightsByPage.isEmpty else { return [:] }
        var files: [String: Data] = [:]
        for name in Set(weightsByPage.values) {
            let script = """
                // The bytes of \(name), the trained weights, in base64: a page opened from
                // file:// may load a script but not fetch a file. lstm.js decodes them.
                window.dynamicRNNModel = "\(siteFiles[name]!.base64EncodedString())";

                """
            files[Self.weightsScript(for: name)] = Data(script.utf8)
        }
        for name in Self.scripts { files[name] = Data(EmbeddedResources.files[name]!.utf8) }
        return files
    }
}
