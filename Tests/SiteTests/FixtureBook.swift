import Foundation
import Notebook
import Site

/// A small book that exercises everything the renderer draws: code, text, a table, a plot, links.
///
/// Its fenced blocks use two made-up directives, `code NAME` and `output NAME`,
/// resolved from the dictionaries below, the way the real runner resolves
/// anchors and captured outputs.
enum FixtureBook {
    static var introduction: SiteChapter {
        chapter(
            0, "00-introduction", "Introduction",
            """
            # Dynamic RNN in Swift

            An LSTM that tells **linear runs** from random sequences. Start with
            [the parameters](01-parameters.html) or jump to [training](06-training.html#the-training-loop).
            """)
    }

    static var chapters: [SiteChapter] {
        [
            chapter(
                1, "01-parameters", "Parameters",
                """
                # Parameters

                Every number the run depends on lives in one struct.

                ```code hyperparameters
                ```

                ```output hyperparameters
                ```
                """),
            chapter(2, "02-generator", "Generator", "# Generator\n\n## Batches\n\nSequences are padded with `-1`.\n"),
            chapter(3, "03-model", "Model", "# Model\n\nSee [batches](02-generator.md#batches).\n"),
            chapter(4, "04-loss", "Loss", "# Loss\n\nCross-entropy.\n"),
            chapter(5, "05-optimization", "Optimization", "# Optimization\n\nAdam.\n"),
            chapter(
                6, "06-training", "Training",
                """
                # Training

                Training repeats one step: a batch goes forward, the loss goes backward,
                and Adam moves every weight. See [the model](03-model.html) and [the loop](#the-training-loop).

                ## The training loop

                ```code training-loop
                ```

                While it runs, the notebook records the loss:

                ```output progress
                ```

                ## Results

                > Accuracy is measured on sequences the model never saw:
                > a **fresh** test set from the same generator.

                ```output accuracy-table
                ```

                ```output curves
                ```

                A block the runner leaves alone:

                ```swift
                let scale = 1.0 / 10_000  // the generator's largest value
                ```

                ```text
                plain <text> stays as it is
                ```
                """)
        ]
    }

    static let sources: [String: String] = [
        "hyperparameters": """
        /// What one run of the tutorial needs to know.
        public struct Hyperparameters: Sendable {
            public var hiddenSize = 32
            public var learningRate: Float = 0.001
            public var name = "dynamic-rnn"
        }
        """,
        "training-loop": """
        for step in 1...hp.trainingSteps {
            let batch = generator.nextBatch(size: hp.batchSize)  // padded with -1
            let loss = model.train(on: batch, optimizer: &adam)
            if step % 100 == 0 { notebook.progress?(ProgressReport(step: step, totalSteps: hp.trainingSteps, loss: loss, accuracy: 0)) }
        }
        """
    ]

    static let outputs: [String: Output] = [
        "hyperparameters": .text("hiddenSize 32\nlearningRate 0.001"),
        "progress": .text(
            "step  100  loss 0.6931  accuracy 50.00%\nstep  200  loss 0.4120  accuracy 81.25%\n"
                + "step 1000  loss 0.0512  accuracy 98.44% <script>alert(1)</script>"),
        "accuracy-table": .table(
            Table(
                header: ["Split", "Loss", "Accuracy"],
                rows: [["train", "0.0512", "98.44%"], ["test", "0.0617", "97.85%"], ["<script>x</script>", "-", "-"]])),
        "curves": .plot(
            Plot(
                title: "Loss and accuracy while training", xLabel: "step", yLabel: "value",
                series: [
                    Series(
                        name: "loss", x: stride(from: 0.0, through: 1000, by: 50).map { $0 },
                        y: stride(from: 0.0, through: 1000, by: 50).map { 0.69 * exp(-$0 / 250) + 0.05 }),
                    Series(
                        name: "accuracy", x: stride(from: 0.0, through: 1000, by: 50).map { $0 },
                        y: stride(from: 0.0, through: 1000, by: 50).map { 1 - 0.5 * exp(-$0 / 200) })
                ]))
    ]

    static let summary: [(String, String)] = [
        ("Training steps", "1,000"), ("Test accuracy", "97.85%"), ("Seed", "<42>")
    ]

    /// Resolves `code NAME` and `output NAME`; other blocks are left alone.
    static func resolve(_ chapter: SiteChapter, _ block: FencedCodeBlock) throws -> Replacement? {
        let words = block.info.split(separator: " ").map(String.init)
        guard words.count == 2 else { return nil }
        switch words[0] {
        case "code":
            guard let source = sources[words[1]] else { throw missing(words[1], chapter, block) }
            return .code(
                IncludedCode(
                    code: source, file: "Sources/\(words[1]).swift", lines: 1...source.split(separator: "\n").count))
        case "output":
            guard let output = outputs[words[1]] else { throw missing(words[1], chapter, block) }
            return .output(output)
        default:
            return nil
        }
    }

    /// The fixture's site, every file as text.
    static func render(
        _ chapters: [SiteChapter] = chapters,
        renderer: SiteRenderer = SiteRenderer(bookTitle: "Dynamic RNN in Swift", resolver: resolve)
    )
        throws -> [String: String]
    {
        try renderer.render(chapters: chapters, introduction: introduction, summary: summary)
            .mapValues { String(decoding: $0, as: UTF8.self) }
    }

    static func chapter(_ number: Int, _ slug: String, _ title: String, _ markdown: String) -> SiteChapter {
        SiteChapter(number: number, slug: slug, title: title, markdown: markdown, sourcePath: "chapters/\(slug).md")
    }

    private static func missing(_ name: String, _ chapter: SiteChapter, _ block: FencedCodeBlock) -> SiteError {
        SiteError(file: chapter.sourcePath, line: block.line, message: "nothing named '\(name)'")
    }
}
