import Foundation

/// The trained model in the page: a panel where the reader types a sequence
/// and the model of this very run answers.
///
/// A chapter places it with a fenced block whose info string is `model-panel`
/// and whose content is the command that asks the same model in a terminal:
///
///     ```model-panel
///     echo 3 4 5 6 7 | swift run tutorial predict --weights site/model.safetensors
///     ```
///
/// On the page the block becomes a `<section class="model-panel">` holding a
/// link to the weights and that command, which is all a reader without
/// JavaScript gets, and which reads well on GitHub too. With JavaScript,
/// `model-panel.js` adds the live panel above it, and `lstm.js` runs the
/// model. The weights reach the page as `model.js`: the bytes of the
/// safetensors file in base64, assigned to a global, because a classic
/// `<script src>` is the one way a page opened from `file://` can load data
/// (Chromium refuses `fetch` and module scripts there). Both forms hold the
/// same bytes, so they cannot disagree.
public struct PageModel: Equatable, Sendable {
    /// The weights file's name in the site, as a chapter attached it: `model.safetensors`.
    public var fileName: String
    /// The weights, as `tutorial train --save` writes them (safetensors).
    public var safetensors: [UInt8]

    public init(fileName: String, safetensors: [UInt8]) {
        self.fileName = fileName
        self.safetensors = safetensors
    }
}

enum ModelPanel {
    /// The info string of the block that places a panel.
    static let blockInfo = "model-panel"

    /// The scripts the panel needs, in the order they run.
    static let weightsScriptFile = "model.js"
    static let modelScriptFile = "lstm.js"
    static let panelScriptFile = "model-panel.js"

    /// The site files that come with a model: the weights as a script, and the two scripts that use them.
    static func files(for model: PageModel) -> [String: String] {
        [weightsScriptFile: weightsScript(model), modelScriptFile: modelScript, panelScriptFile: panelScript]
    }

    /// `model.js`: the weights file's bytes, base64-encoded, as the global `dynamicRNNModel`.
    static func weightsScript(_ model: PageModel) -> String {
        """
        // The bytes of \(model.fileName), the trained weights, base64-encoded: a page opened
        // from file:// may load a script but not fetch a file. lstm.js decodes them.
        window.dynamicRNNModel = "\(Data(model.safetensors).base64EncodedString())";

        """
    }

    /// The section a `model-panel` block becomes; `command` is the block's content.
    static func html(command: String, model: PageModel) -> String {
        let command = command.hasSuffix("\n") ? String(command.dropLast()) : command
        return """
        <section class="model-panel" aria-label="The trained model">
        <p class="panel-fallback">The weights of this run: <a href="\(escapeHTML(model.fileName))">\
        \(escapeHTML(model.fileName))</a>. In a terminal, from the tutorial's folder:</p>
        <pre class="panel-command"><code>\(escapeHTML(command))</code></pre>
        </section>
        <script src="\(weightsScriptFile)" defer></script>
        <script src="\(modelScriptFile)" defer></script>
        <script src="\(panelScriptFile)" defer></script>

        """
    }
}
