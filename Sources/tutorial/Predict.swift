import ArgumentParser
import ModelFiles

/// `tutorial predict`: classify sequences with weights saved by `train --save`.
struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify sequences with saved weights, printing one line per input line.",
        discussion: """
            Each input line is one sequence of raw values (0 <= v < max_value, as the generator \
            draws them), separated by commas or spaces: 4617, 4618, 4619. The model scales and pads \
            them as recorded in the weights file.
            """)

    @Option(help: "The weights file (safetensors) that `tutorial train --save` wrote.")
    var weights: String

    @Argument(help: "A file of sequences, one per line; standard input if omitted or -.")
    var file: String?

    @Flag(help: "Print JSON Lines: {\"class\": ..., \"probabilities\": [...]}, one object per input line.")
    var json = false

    /// What `run` prints, one element per line.
    func lines() throws -> [String] {
        try Predictor.lines(weights: weights, input: file, format: json ? .jsonLines : .text)
    }

    func run() throws {
        for line in try lines() { print(line) }
    }
}
