import Foundation
import Site
@testable import TutorialBook
import XCTest

/// A `model-panel` block: the section a reader without JavaScript sees, and the scripts that make it live.
final class ModelPanelTests: XCTestCase {
    private let weights = Data([8, 0, 0, 0, 0, 0, 0, 0, 0xff, 0x7b, 0x22])

    private func chapter(_ block: String) -> SiteChapter {
        SiteChapter(
            number: 6, slug: "06-training", title: "Training",
            markdown: """
                # Training

                Ask the model:

                \(block)
                """, sourcePath: "chapters/06-training.md")
    }

    private let panel = """
        ```model-panel model.safetensors
        echo 3 4 5 | tutorial predict --weights site/model.safetensors > "answers"
        ```
        """

    private func render(_ chapters: [SiteChapter], files: [String: Data]) throws -> [String: Data] {
        let introduction = SiteChapter(
            number: 0, slug: "00-introduction", title: "Introduction",
            markdown: "# Introduction\n", sourcePath: "chapters/00-introduction.md")
        var renderer = SiteRenderer(bookTitle: "Dynamic RNN in Swift", resolver: { _, _ in nil })
        renderer.plugins[ModelPanels.kind] = { ModelPanels(siteFiles: $0) }
        return try renderer.render(chapters: chapters, introduction: introduction, summary: [], extraFiles: files)
    }

    private func text(_ files: [String: Data], _ name: String) throws -> String {
        String(decoding: try XCTUnwrap(files[name], "no \(name)"), as: UTF8.self)
    }

    func testTheBlockBecomesALinkToTheWeightsTheCommandAndTheScripts() throws {
        let page = try text(render([chapter(panel)], files: ["model.safetensors": weights]), "06-training.html")
        XCTAssert(page.contains(#"<section class="model-panel" aria-label="The trained model">"#), page)
        XCTAssert(page.contains(#"The weights of this run: <a href="model.safetensors">model.safetensors</a>."#))
        XCTAssert(
            page.contains(
                "<pre class=\"panel-command\"><code>echo 3 4 5 | tutorial predict --weights "
                    + "site/model.safetensors &gt; &quot;answers&quot;</code></pre>\n</section>"))
        XCTAssert(
            page.contains(
                """
                <script src="model-weights.js" defer></script>
                <script src="lstm.js" defer></script>
                <script src="model-panel.js" defer></script>
                """))
        XCTAssertFalse(page.contains("language-model-panel"), "the block must not also show as code")
    }

    func testTheSiteGetsTheScriptsOnlyWithAPanel() throws {
        let files = try render([chapter(panel)], files: ["model.safetensors": weights])
        XCTAssertEqual(files["model.safetensors"], weights)
        XCTAssert(try text(files, "lstm.js").contains("window.dynamicRNN = {"))
        XCTAssert(try text(files, "model-panel.js").contains(#"document.querySelectorAll(".model-panel")"#))
        XCTAssert(try text(files, "style.css").contains(".model-panel {"))
        let without = try render([chapter("No panel.")], files: ["model.safetensors": weights])
        XCTAssertEqual(Set(without.keys).intersection(["model-weights.js", "lstm.js", "model-panel.js"]), [])
    }

    /// The page's weights are the file's bytes, so the two forms cannot hold different numbers.
    func testTheWeightsScriptHoldsTheFileBytesInBase64() throws {
        let script = try text(render([chapter(panel)], files: ["model.safetensors": weights]), "model-weights.js")
        let prefix = "window.dynamicRNNModel = \""
        let line = try XCTUnwrap(script.split(separator: "\n").first { $0.hasPrefix(prefix) })
        XCTAssertEqual(Data(base64Encoded: String(line.dropFirst(prefix.count).dropLast("\";".count))), weights)
    }

    func testAPanelNeedsWeightsTheSiteHasAndNamesOneFile() {
        let cases: [(String, [String: Data], String)] = [
            (
                panel, [:],
                "a model panel with the weights 'model.safetensors', which the site does not have; "
                    + "does a chapter attach them?"
            ),
            (
                "```model-panel\necho\n```", ["model.safetensors": weights],
                "a model panel names its weights file and nothing else: ```model-panel model.safetensors"
            ),
            (
                panel + "\n\n```model-panel other.safetensors\n```",
                ["model.safetensors": weights, "other.safetensors": weights],
                "a second model on the page: its panels must all name 'model.safetensors'"
            )
        ]
        for (block, files, message) in cases {
            XCTAssertThrowsError(try render([chapter(block)], files: files)) { error in
                XCTAssertEqual((error as? SiteError)?.message, message)
                XCTAssertEqual((error as? SiteError)?.file, "chapters/06-training.md")
            }
        }
    }

    func testTheWeightsScriptIsNamedAfterTheWeightsFile() {
        XCTAssertEqual(ModelPanels.weightsScript(for: "model.safetensors"), "model-weights.js")
        XCTAssertEqual(ModelPanels.weightsScript(for: "run.3.safetensors"), "run.3-weights.js")
        XCTAssertEqual(ModelPanels.weightsScript(for: "weights"), "weights-weights.js")
    }

    /// The scripts are loaded from file:// by a classic <script src>: no modules, no fetch, nothing from the network.
    func testTheScriptsLoadNothingAndUseNoModules() throws {
        for name in ModelPanels.scripts {
            let script = try XCTUnwrap(EmbeddedResources.files[name])
            for forbidden in [
                "fetch(", "import(", "\nimport ", "\nexport ", "XMLHttpRequest", "https://", "createElement(\"script\")"
            ] {
                XCTAssertFalse(script.contains(forbidden), "\(name) uses \(forbidden)")
            }
            let urls = script.components(separatedBy: "http://").dropFirst()
            XCTAssert(
                urls.allSatisfy { $0.hasPrefix("www.w3.org/2000/svg") },
                "\(name) names a URL other than SVG's namespace")
        }
    }
}
