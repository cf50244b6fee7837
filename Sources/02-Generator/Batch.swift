import Parameters

/// A batch as the model consumes it: B sequences, scaled and padded to T.
///
/// `inputs` is B×T, row-major: row b holds sequence b's values divided by
/// `maxValue`, then `maskValue` up to `maxLength`. `lengths` and `labels`
/// have one entry per sequence.
public struct Batch: Equatable, Sendable {
    public var inputs: [Float]
    public var lengths: [Int]
    public var labels: [Int]
    /// T, the padded length of every row.
    public let maxLength: Int

    public var count: Int { lengths.count }

    public init(inputs: [Float], lengths: [Int], labels: [Int], maxLength: Int) {
        precondition(inputs.count == lengths.count * maxLength && labels.count == lengths.count)
        self.inputs = inputs
        self.lengths = lengths
        self.labels = labels
        self.maxLength = maxLength
    }

    // ANCHOR: pad
    /// Scales and pads sequences of raw values, as the notebook does with
    /// `np.arange(...) / max_value` and `np.pad(..., constant_values=masking_val)`.
    public init(_ sequences: [LabeledSequence], _ hp: Hyperparameters) {
        var inputs = [Float](repeating: hp.maskValue, count: sequences.count * hp.maxLength)
        for (row, sequence) in sequences.enumerated() {
            precondition(sequence.values.count <= hp.maxLength, "a sequence over maxLength")
            for (t, value) in sequence.values.enumerated() {
                inputs[row * hp.maxLength + t] = scaled(value, hp)
            }
        }
        self.init(inputs: inputs, lengths: sequences.map(\.values.count),
                  labels: sequences.map(\.label), maxLength: hp.maxLength)
    }
    // ANCHOR_END: pad
}

// ANCHOR: scaled
/// A raw value as the model sees it: divided by `maxValue` in double
/// precision, then rounded to Float, as numpy computes it before TensorFlow
/// casts it.
public func scaled(_ value: Int, _ hp: Hyperparameters) -> Float {
    Float(Double(value) / Double(hp.maxValue))
}
// ANCHOR_END: scaled
