/// A batch as the model consumes it: B sequences, scaled and padded to T.
///
/// `inputs` is B×T, row-major: row b holds sequence b's values divided by
/// `maxValue`, then `maskValue` up to `maxLength`. `lengths` and `labels`
/// have one entry per sequence.
///
/// Training (the generator's sequences) and inference (`predict`'s input
/// lines) both build their batches with `init(scaling:labels:maxValue:maskValue:maxLength:)`,
/// so the model sees a sequence the same way, bit for bit, in both.
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
    @inlinable
    public init(
        scaling sequences: [some Collection<Double>], labels: [Int],
        maxValue: Int, maskValue: Float, maxLength: Int
    ) {
        var inputs = [Float](repeating: maskValue, count: sequences.count * maxLength)
        for (row, sequence) in sequences.enumerated() {
            precondition(sequence.count <= maxLength, "a sequence longer than maxLength")
            for (t, value) in sequence.enumerated() {
                inputs[row * maxLength + t] = scaled(value, maxValue: maxValue)
            }
        }
        self.init(
            inputs: inputs, lengths: sequences.map(\.count), labels: labels,
            maxLength: maxLength)
    }
    // ANCHOR_END: pad
}

// ANCHOR: scaled
/// A raw value as the model sees it: divided by `maxValue` in double
/// precision, then rounded to Float, as numpy computes it before TensorFlow
/// casts it.
@inlinable
public func scaled(_ value: Double, maxValue: Int) -> Float {
    Float(value / Double(maxValue))
}
// ANCHOR_END: scaled
