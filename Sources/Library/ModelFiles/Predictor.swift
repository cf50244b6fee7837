import Batches
import Loss
import Engine
import Format

/// One sequence's answer: the most likely class and the probability of each.
public struct Prediction: Equatable, Sendable {
    /// The index of the most probable class (the first of equals, as `tf.argmax`).
    public var classIndex: Int
    /// The softmax of the logits, one per class, in label order.
    public var probabilities: [Float]
}

/// `tutorial predict` as functions: raw sequences in, classes and
/// probabilities out, formatted one line per sequence.
///
/// The command line only prints what `lines(weights:input:format:)`
/// returns, so the tests run exactly what a reader runs.
public struct Predictor {
    /// How each answer is printed.
    public enum OutputFormat: Sendable {
        /// Aligned for reading: `linear  p(linear)=0.998311  p(random)=0.001689`.
        case text
        /// JSON Lines, for programs: `{"class": "linear", "probabilities": [0.9983109, 0.0016890815]}`,
        /// each probability printed so that it reads back as exactly the same Float.
        case jsonLines
    }

    /// The most sequences that go through the model at once: large enough to
    /// be quick, small enough that a big input needs little memory.
    static let chunkSize = 1000

    public let saved: SavedModel

    /// The weights file, named when the model's answers are not numbers.
    public let weightsPath: String

    public init(_ saved: SavedModel, weightsPath: String = "the model") {
        self.saved = saved
        self.weightsPath = weightsPath
    }

    /// A predictor for the model saved at `path`.
    public init(weights path: String) throws(SavedModelError) {
        self.init(try SavedModel(contentsOf: path), weightsPath: path)
    }

    /// The reader of this model's input: at most `maxLength` values a line, each below `maxValue`.
    public var input: SequenceInput {
        SequenceInput(maxLength: saved.maxLength, maxValue: saved.maxValue)
    }

    /// Everything `tutorial predict` prints, collected: the model at `weights`
    /// applied to the sequences at `input`, one line per sequence, in input
    /// order. Throws `SavedModelError` or `SequenceInputError`, whose
    /// descriptions are one line naming the file.
    public static func lines(weights: String, input: String?, format: OutputFormat) throws -> [String] {
        var lines: [String] = []
        try Predictor(weights: weights).answer(input: input, format: format) { lines += $0 }
        return lines
    }

    /// Classifies the sequences in the file at `input` (standard input if nil
    /// or `-`; a FIFO or a process substitution works too) as they arrive,
    /// handing `output` the answers to each group of lines in input order.
    ///
    /// The input is read as a stream, in bounded memory: whatever has arrived
    /// is answered before the next read waits for more. Lines that arrived
    /// together go through the model as one batch (up to `chunkSize`), so a
    /// file is classified in large batches and an interactive line at once.
    /// A bad line stops the run with its error, after the answers to the
    /// lines before it.
    public func answer(input path: String?, format: OutputFormat, output: ([String]) throws -> Void) throws {
        let source = path.flatMap { $0 == "-" ? nil : $0 } ?? "<stdin>"
        var stream = try InputStream(path: source == "<stdin>" ? nil : source)
        var splitter = LineSplitter()
        var answered = 0
        func answerLines(_ lines: [Line]) throws {
            for start in stride(from: 0, to: lines.count, by: Self.chunkSize) {
                var sequences: [[Double]] = []
                var badLine: SequenceInputError?
                for line in lines[start..<min(start + Self.chunkSize, lines.count)] {
                    do {
                        sequences.append(try input.parse(line, source: source))
                    } catch {
                        badLine = error
                        break
                    }
                }
                // The lines before a bad one are answered first.
                if !sequences.isEmpty {
                    let predictions = predict(sequences)
                    // Finite weights can still overflow (3.4e38 in the dense layer): such an answer is not one.
                    if let bad = predictions.firstIndex(where: { !$0.probabilities.allSatisfy(\.isFinite) }) {
                        throw SavedModelError.nonFiniteOutput(
                            path: weightsPath, source: source,
                            line: lines[start + bad].number)
                    }
                    try output(predictions.map { line($0, format: format) })
                }
                answered += sequences.count
                if let badLine { throw badLine }
            }
        }
        while let bytes = try stream.next(source: source) {
            try answerLines(splitter.append(bytes))
            if splitter.pendingByteCount > InputStream.maxLineByteCount {
                throw SequenceInputError(
                    source: source, line: splitter.lineCount + 1,
                    problem: .lineTooLong(limit: InputStream.maxLineByteCount))
            }
        }
        try answerLines(splitter.finish())
        if answered == 0 { throw SequenceInputError(source: source, line: nil, problem: .noSequences) }
    }

    /// The class and probabilities of each raw sequence.
    public func predict(_ sequences: [[Double]]) -> [Prediction] {
        let classCount = saved.classNames.count
        var predictions: [Prediction] = []
        predictions.reserveCapacity(sequences.count)
        for start in stride(from: 0, to: sequences.count, by: Self.chunkSize) {
            let chunk = sequences[start..<min(start + Self.chunkSize, sequences.count)]
            let batch = Batch(
                scaling: Array(chunk), labels: [Int](repeating: 0, count: chunk.count),
                maxValue: saved.maxValue, maskValue: saved.maskValue, maxLength: saved.maxLength)
            let probabilities = softmax(logits: saved.model.logits(batch), classCount: classCount)
            for row in 0..<chunk.count {
                let p = probabilities[(row * classCount)..<((row + 1) * classCount)]
                predictions.append(Prediction(classIndex: argmax(p), probabilities: Array(p)))
            }
        }
        return predictions
    }

    /// One output line.
    public func line(_ prediction: Prediction, format: OutputFormat) -> String {
        let name = saved.classNames[prediction.classIndex]
        switch format {
        case .text:
            // Names from the file, shown on a terminal: control and format characters (a bidi override) escaped.
            let names = saved.classNames.map { Format.escapingControlCharacters($0) }
            let name = names[prediction.classIndex]
            let width = names.map(\.count).max() ?? 0
            let padded = name + String(repeating: " ", count: width - name.count)
            let probabilities = zip(names, prediction.probabilities).map { "p(\($0))=\(Format.fixed($1))" }
            return ([padded] + probabilities).joined(separator: "  ")
        case .jsonLines:
            let probabilities = prediction.probabilities.map(Format.plain).joined(separator: ", ")
            return "{\"class\": \(Format.jsonString(name)), \"probabilities\": [\(probabilities)]}"
        }
    }
}
