import ArgumentParser
import Foundation
import ModelFiles
import Runner

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

    @Argument(
        help: "A file of sequences, one per line (a FIFO or <(command) works too); standard input if omitted or -.")
    var file: String?

    @Flag(help: "Print JSON Lines: {\"class\": ..., \"probabilities\": [...]}, one object per input line.")
    var json = false

    /// Prints each answer as soon as its line has been read (see `Predictor.answer`).
    func run() throws {
        let predictor = try Predictor(weights: weights)
        try predictor.answer(input: file, format: json ? .jsonLines : .text) { lines in
            try StandardStreams.write(lines.joined(separator: "\n") + "\n")
        }
    }
}
