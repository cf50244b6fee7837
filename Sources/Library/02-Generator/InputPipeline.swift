import Batches
import NumericCore
import Parameters

/// The notebook's input pipeline, `Dataset.from_generator(...).shuffle(5000).batch(64)`.
///
/// A shuffle buffer works like `tf.data`'s: it is first filled with the
/// generator's first `shuffleBufferSize` sequences; then each draw takes the
/// element at a uniformly random slot and refills that slot with the
/// generator's next sequence. Consecutive sequences from the generator are
/// independent anyway; the buffer is here because the notebook has it.
public struct InputPipeline: Sendable {
    private var source: ToySequences
    private var buffer: [LabeledSequence] = []
    private var random: Xoshiro256
    public let hyperparameters: Hyperparameters

    /// The data stream for `seed`. Data and shuffling use generators derived
    /// from the seed, independent of the one that initialises the weights.
    /// `nearMisses` mixes near misses into the random class (`ToySequences`).
    public init(_ hyperparameters: Hyperparameters, seed: UInt64, nearMisses: Bool = false) {
        self.hyperparameters = hyperparameters
        source = ToySequences(hyperparameters, seed: seed &+ 0x5EED_DA7A, nearMisses: nearMisses)
        random = Xoshiro256(seed: seed &+ 0x5EED_5487)
    }

    // ANCHOR: shuffle
    public mutating func nextSequence() -> LabeledSequence {
        if buffer.isEmpty {
            buffer = (0..<hyperparameters.shuffleBufferSize).map { _ in source.next() }
        }
        let slot = random.int(in: 0...(buffer.count - 1))
        let drawn = buffer[slot]
        buffer[slot] = source.next()
        return drawn
    }

    public mutating func nextBatch() -> Batch {
        let sequences = (0..<hyperparameters.batchSize).map { _ in nextSequence() }
        return Batch(sequences, hyperparameters)
    }
    // ANCHOR_END: shuffle
}
