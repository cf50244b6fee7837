import Batches
import NumericCore

/// A part of a batch that one core runs the LSTM on, forward and backward.
///
/// Sequences do not interact in an LSTM: each row of the batch is computed
/// from its own inputs and the shared weights. So a batch can be cut in two
/// and each half run on its own core; only the weight gradients, which sum
/// over the whole batch, have to be added up at the end. Each half keeps its
/// own activations, and the second half its own gradient buffer while the
/// first writes into the model's, so the two cores never write to the same
/// memory.
struct Shard {
    /// The batch rows this shard holds.
    var rows: Range<Int>
    var batch: Batch
    var activations = LSTMActivations()
    var scratch = LSTMScratch()
    /// Shard 1's gradients, while shard 0 adds its own straight into the
    /// model's (see `LSTMClassifier.backward`); unused in shard 0.
    var gradients: [Float] = []
    /// What inference keeps instead of `activations` (see `LSTMLayer.infer`).
    var inference = LSTMInferenceBuffers()

    /// Batches smaller than this stay whole: cutting them saves less than
    /// handing work to a second core costs.
    static let minimumRowsToSplit = 16

    /// `batch` cut into two halves (or one piece if small), reusing the
    /// buffers of `previous` shards.
    static func split(_ batch: Batch, reusing previous: [Shard]) -> [Shard] {
        let cuts = batch.count >= minimumRowsToSplit ? [0, batch.count / 2, batch.count] : [0, batch.count]
        return (0..<(cuts.count - 1)).map { s in
            let rows = cuts[s]..<cuts[s + 1]
            let part = Batch(
                inputs: Array(batch.inputs[(rows.lowerBound * batch.maxLength)..<(rows.upperBound * batch.maxLength)]),
                lengths: Array(batch.lengths[rows]), labels: Array(batch.labels[rows]),
                maxLength: batch.maxLength)
            var shard = s < previous.count ? previous[s] : Shard(rows: rows, batch: part)
            (shard.rows, shard.batch) = (rows, part)
            return shard
        }
    }

    /// Runs `body` on every shard: the first on this thread, the second (if
    /// there is one) on the other core, at the same time.
    static func inParallel(_ shards: inout [Shard], _ body: (inout Shard) -> Void) {
        if shards.count == 1 { return body(&shards[0]) }
        precondition(shards.count == 2, "a batch is cut in at most two shards")
        shards.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            SecondCore.shared.run({ body(&base[1]) }, alongside: { body(&base[0]) })
        }
    }
}

/// The rows of the larger shard a batch of `batchSize` sequences is cut
/// into: what one core's matrix products multiply at a timestep where every
/// sequence is still running (`tutorial bench` times that shape).
public func largestShardRows(batchSize: Int) -> Int {
    batchSize >= Shard.minimumRowsToSplit ? batchSize - batchSize / 2 : batchSize
}
