import Batches
import NumericCore

/// The pipeline's batches, each made while the model trains on the one
/// before: tf.data's `prefetch(1)`, with which the notebook's pipeline ends.
///
/// The next batch is handed to the second core to make after its next job
/// (`SecondCore.runAfterNextJob`), which is the LSTM's forward pass on half
/// the batch: it then makes the batch while this thread computes the loss
/// and the Dense layer's gradients, work it would otherwise wait through.
/// The batches are the pipeline's own, in its order; only where they are
/// made changes, so training gives the same bits with or without it.
// ANCHOR: prefetch
public final class Prefetched {
    /// The pipeline and the batch it made last, in a box the second core's job can hold.
    private final class Next {
        var pipeline: InputPipeline
        var batch: Batch?
        init(_ pipeline: InputPipeline) { self.pipeline = pipeline }
        func make() { batch = pipeline.nextBatch() }
    }
    private let next: Next
    private var handedOver = false

    public init(_ pipeline: InputPipeline) {
        next = Next(pipeline)
        makeNext()
    }

    public func nextBatch() -> Batch {
        if handedOver { SecondCore.shared.finishLater() }
        let batch = next.batch!
        makeNext()
        return batch
    }

    private func makeNext() {
        let next = next
        handedOver = SecondCore.shared.runAfterNextJob { next.make() }
        if !handedOver { next.make() }  // no second core: made here, now
    }

    deinit {
        if handedOver { SecondCore.shared.finishLater() }
    }

    /// A stream whose next batch is already made (for `copy()`, below).
    private init(made next: Next) {
        self.next = next
    }
}
// ANCHOR_END: prefetch

extension Prefetched {
    /// A second stream that goes on from where this one stands: the same
    /// batches this one will give, from a copy of its pipeline. How a
    /// training run is forked (chapter 8).
    public func copy() -> Prefetched {
        if handedOver {
            SecondCore.shared.finishLater()
            handedOver = false
        }
        let copy = Next(next.pipeline)
        copy.batch = next.batch
        return Prefetched(made: copy)
    }

}
