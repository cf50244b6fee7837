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
    /// Whether half of the random class are near misses (`nearMiss`): not
    /// the notebook's data, an experiment of chapter 8's.
    public let nearMisses: Bool
    private var random: Xoshiro256

    public init(_ hyperparameters: Hyperparameters, seed: UInt64, nearMisses: Bool = false) {
        self.hyperparameters = hyperparameters
        self.nearMisses = nearMisses
        self.random = Xoshiro256(seed: seed)
    }

    // ANCHOR: sample
    public mutating func next() -> LabeledSequence {
        let hp = hyperparameters
        let length = random.int(in: hp.minLength...hp.maxLength)
        let start = random.int(in: 0...(hp.maxValue - length))
        if random.unit() < 0.5 {
            return LabeledSequence(values: Array(start..<(start + length)), label: 0)
        } else if nearMisses, random.unit() < 0.5 {
            return LabeledSequence(values: nearMiss(length: length), label: 1)
        } else {
            let values = (0..<length).map { _ in random.int(in: 0...(hp.maxValue - 1)) }
            return LabeledSequence(values: values, label: 1)
        }
    }
    // ANCHOR_END: sample

    // ANCHOR: near-miss
    /// A sequence that is close to a +1 run and is not one, each kind equally
    /// likely: constant, decreasing, steps of 2, 10 or 100, or a +1 run with
    /// one value replaced by a random one. (Steps that do not fit the length
    /// in `0..<maxValue` become constant runs, as does a changed value when
    /// `maxValue` is 1.)
    mutating func nearMiss(length: Int) -> [Int] {
        let top = hyperparameters.maxValue - 1
        let kind = random.int(in: 0...5)
        if kind == 5, top > 0 {
            let start = random.int(in: 0...(top + 1 - length))
            var values = Array(start..<(start + length))
            let at = random.int(in: 0...(length - 1))
            var other = values[at]
            while other == values[at] { other = random.int(in: 0...top) }
            values[at] = other
            return values
        }
        var step = [0, -1, 2, 10, 100, 0][kind]
        if abs(step) * (length - 1) > top { step = 0 }
        let span = step * (length - 1)
        let start = random.int(in: max(0, -span)...min(top, top - span))
        return (0..<length).map { start + $0 * step }
    }
    // ANCHOR_END: near-miss
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
