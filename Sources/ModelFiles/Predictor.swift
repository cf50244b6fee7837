import Generator
import Loss
import Engine
import Model
import Notebook

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

    /// How many sequences go through the model at once: large enough to be
    /// quick, small enough that a big input file needs little memory.
    static let chunkSize = 1000

    public let saved: SavedModel

    public init(_ saved: SavedModel) {
        self.saved = saved
    }

    /// A predictor for the model saved at `path`.
    public init(weights path: String) throws(SavedModelError) {
        self.init(try SavedModel(contentsOf: path))
    }

    /// The reader of this model's input: at most `maxLength` values a line, each below `maxValue`.
    public var input: SequenceInput {
        SequenceInput(maxLength: saved.maxLength, maxValue: saved.maxValue)
    }

    /// Everything `tutorial predict` prints: the model at `weights` applied to
    /// the sequences in the file at `input` (standard input if nil or `-`),
    /// one line per sequence, in input order. Throws `SavedModelError` or
    /// `SequenceInputError`, whose descriptions are one line naming the file.
    public static func lines(weights: String, input: String?, format: OutputFormat) throws -> [String] {
        let predictor = try Predictor(weights: weights)
        let sequences = try predictor.input.read(path: input)
        return predictor.predict(sequences).map { predictor.line($0, format: format) }
    }

    /// The class and probabilities of each raw sequence.
    public func predict(_ sequences: [[Double]]) -> [Prediction] {
        let classCount = saved.classNames.count
        var predictions: [Prediction] = []
        predictions.reserveCapacity(sequences.count)
        for start in stride(from: 0, to: sequences.count, by: Self.chunkSize) {
            let chunk = sequences[start..<min(start + Self.chunkSize, sequences.count)]
            let logits = saved.model.forward(batch(chunk))
            let probabilities = softmax(logits: logits, classCount: classCount)
            for row in 0..<chunk.count {
                let p = Array(probabilities[(row * classCount)..<((row + 1) * classCount)])
                predictions.append(Prediction(classIndex: p.firstIndex(of: p.max()!)!, probabilities: p))
            }
        }
        return predictions
    }

    /// Raw sequences as the model's input: each value divided by `maxValue`
    /// in double precision and then rounded to Float (what `scaled` does for
    /// the generator's integers; here values may have decimals), padded with
    /// `maskValue` to `maxLength`. The labels are unknown and set to 0; the
    /// forward pass does not read them.
    public func batch(_ sequences: ArraySlice<[Double]>) -> Batch {
        let (maxLength, divisor) = (saved.maxLength, Double(saved.maxValue))
        var inputs = [Float](repeating: saved.maskValue, count: sequences.count * maxLength)
        for (row, sequence) in sequences.enumerated() {
            precondition(sequence.count <= maxLength, "a sequence longer than maxLength")
            for (t, value) in sequence.enumerated() {
                inputs[row * maxLength + t] = Float(value / divisor)
            }
        }
        return Batch(inputs: inputs, lengths: sequences.map(\.count),
                     labels: [Int](repeating: 0, count: sequences.count), maxLength: maxLength)
    }

    /// One output line.
    public func line(_ prediction: Prediction, format: OutputFormat) -> String {
        let names = saved.classNames
        let name = names[prediction.classIndex]
        switch format {
        case .text:
            let width = names.map(\.count).max() ?? 0
            let padded = name + String(repeating: " ", count: width - name.count)
            let probabilities = zip(names, prediction.probabilities).map { "p(\($0))=\(Format.fixed($1))" }
            return ([padded] + probabilities).joined(separator: "  ")
        case .jsonLines:
            let probabilities = prediction.probabilities.map(Format.plain).joined(separator: ", ")
            return "{\"class\": \(jsonString(name)), \"probabilities\": [\(probabilities)]}"
        }
    }
}

/// `text` as a JSON string literal, quotes and all.
private func jsonString(_ text: String) -> String {
    var literal = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": literal += "\\\""
        case "\\": literal += "\\\\"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            literal += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: literal.unicodeScalars.append(scalar)
        }
    }
    return literal + "\""
}
