import Batches
import NumericCore
import Parameters

/// One example: a sequence of raw values and its class.
public struct LabeledSequence: Equatable, Sendable {
    /// Raw values as the generator draws them, integers in `0..<maxValue`.
    public var values: [Int]
    /// 0 for a linear run, 1 for random values.
    public var label: Int

    public init(values: [Int], label: Int) {
        self.values = values
        self.label = label
    }
}

/// The notebook's `toy_sequence_data()`: an endless stream of sequences of
/// two classes, each equally likely.
///
/// - class 0, *linear*: `start, start+1, …, start+length-1`
/// - class 1, *random*: `length` integers drawn uniformly from `0..<maxValue`
///
/// The length is uniform in `minLength...maxLength` and the start uniform in
/// `0...(maxValue - length)` for both classes, exactly as in the notebook.
/// The generator owns its random number generator, so two generators with
/// the same seed produce the same stream.
public struct ToySequences: Sendable {
    public let hyperparameters: Hyperparameters
    private var random: Xoshiro256

    public init(_ hyperparameters: Hyperparameters, seed: UInt64) {
        self.hyperparameters = hyperparameters
        self.random = Xoshiro256(seed: seed)
    }

    // ANCHOR: sample
    public mutating func next() -> LabeledSequence {
        let hp = hyperparameters
        let length = random.int(in: hp.minLength...hp.maxLength)
        let start = random.int(in: 0...(hp.maxValue - length))
        if random.unit() < 0.5 {
            return LabeledSequence(values: Array(start..<(start + length)), label: 0)
        } else {
            let values = (0..<length).map { _ in random.int(in: 0...(hp.maxValue - 1)) }
            return LabeledSequence(values: values, label: 1)
        }
    }
    // ANCHOR_END: sample
}

extension Batch {
    /// The generator's sequences as a batch, scaled and padded as `hp` says.
    /// (`lazy` converts each value to `Double` as `Batch(scaling:)` reads it,
    /// rather than into new arrays first: no allocation, one pass; chapter 7.)
    public init(_ sequences: [LabeledSequence], _ hp: Hyperparameters) {
        self.init(
            scaling: sequences.map { $0.values.lazy.map { Double($0) } },
            labels: sequences.map(\.label),
            maxValue: hp.maxValue, maskValue: hp.maskValue, maxLength: hp.maxLength)
    }
}
