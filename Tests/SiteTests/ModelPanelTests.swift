import Foundation
import XCTest
@testable import Site

/// A `model-panel` block: the section a reader without JavaScript sees, and the scripts that make it live.
final class ModelPanelTests: XCTestCase {
    private let model = PageModel(fileName: "model.safetensors", safetensors: [8, 0, 0, 0, 0, 0, 0, 0, 0xff, 0x7b, 0x22])
    private let training = SiteChapter(number: 6, slug: "06-training", title: "Training", markdown: """
        # Training

        Ask the model:

        ```model-panel
        echo 3 4 5 | tutorial predict --weights site/model.safetensors > "answers"
        ```
        """, sourcePath: "chapters/06-training.md")

    private func render(_ chapters: [SiteChapter], model: PageModel?) throws -> [String: String] {
        let introduction = SiteChapter(number: 0, slug: "00-introduction", title: "Introduction",
                                       markdown: "# Introduction\n", sourcePath: "chapters/00-introduction.md")
        return try SiteRenderer(resolver: { _, _ in nil })
            .render(chapters: chapters, introduction: introduction, summary: [], model: model)
    }

    func testTheBlockBecomesALinkToTheWeightsTheCommandAndTheScripts() throws {
        let page = try XCTUnwrap(render([training], model: model)["06-training.html"])
        XCTAssert(page.contains(#"<section class="model-panel" aria-label="The trained model">"#), page)
        XCTAssert(page.contains(#"The weights of this run: <a href="model.safetensors">model.safetensors</a>."#))
        XCTAssert(page.contains("<pre class=\"panel-command\"><code>echo 3 4 5 | tutorial predict --weights "
                                + "site/model.safetensors &gt; &quot;answers&quot;</code></pre>\n</section>"))
        XCTAssert(page.contains("""
            <script src="model.js" defer></script>
            <script src="lstm.js" defer></script>
            <script src="model-panel.js" defer></script>
            """))
        XCTAssertFalse(page.contains("language-model-panel"), "the block must not also show as code")
    }

    func testTheSiteGetsTheScriptsAndTheStylesOnlyWithAModel() throws {
        let files = try render([training], model: model)
        XCTAssertEqual(files["lstm.js"], ModelPanel.modelScript)
        XCTAssertEqual(files["model-panel.js"], ModelPanel.panelScript)
        XCTAssert(try XCTUnwrap(files["style.css"]).contains(".model-panel {"))
        let plain = SiteChapter(number: 6, slug: "06-training", title: "Training", markdown: "# Training\n",
                                sourcePath: "chapters/06-training.md")
        let without = try render([plain], model: nil)
        XCTAssertNil(without["model.js"])
        XCTAssertNil(without["lstm.js"])
    }

    /// The page's weights are the file's bytes, so the two forms cannot hold different numbers.
    func testTheWeightsScriptHoldsTheFileBytesInBase64() throws {
        let script = try XCTUnwrap(render([training], model: model)["model.js"])
        let line = try XCTUnwrap(script.split(separator: "\n").first { $0.hasPrefix("window.dynamicRNNModel = \"") })
        let base64 = line.dropFirst("window.dynamicRNNModel = \"".count).dropLast("\";".count)
        XCTAssertEqual(Data(base64Encoded: String(base64)).map([UInt8].init), model.safetensors)
    }

    func testAPanelWithoutAModelIsAnErrorNamingItsLine() {
        XCTAssertThrowsError(try render([training], model: nil)) { error in
            XCTAssertEqual(error as? SiteError, SiteError(file: "chapters/06-training.md", line: 5,
                message: "a model panel, but no chapter attached a trained model to show"))
        }
    }

    /// The scripts are loaded from file:// by a classic <script src>: no modules, no fetch, nothing from the network.
    func testTheScriptsLoadNothingAndUseNoModules() {
        for script in [ModelPanel.modelScript, ModelPanel.panelScript] {
            for forbidden in ["fetch(", "import ", "export ", "XMLHttpRequest", "http://", "https://"]
            where !(forbidden == "http://" && script.contains("http://www.w3.org/2000/svg")) {
                XCTAssertFalse(script.contains(forbidden), "a panel script uses \(forbidden)")
            }
        }
    }
}
