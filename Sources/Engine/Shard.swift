import Batches
import Dispatch
import Synchronization
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A part of a batch that one core runs the LSTM on, forward and backward.
///
/// Sequences do not interact in an LSTM: each row of the batch is computed
/// from its own inputs and the shared weights. So a batch can be cut in two
/// and each half run on its own core; only the weight gradients, which sum
/// over the whole batch, have to be added up at the end. Each half keeps its
/// own activations and its own gradient buffer, so the two cores never
/// write to the same memory.
struct Shard {
    /// The batch rows this shard holds.
    var rows: Range<Int>
    var batch: Batch
    var activations = LSTMActivations()
    var scratch = LSTMScratch()
    var gradients: [Float] = []

    /// Batches smaller than this stay whole: cutting them saves less than
    /// handing work to a second core costs.
    static let minimumRowsToSplit = 16

    /// `batch` cut into two halves (or one piece if small), reusing the
    /// buffers of `previous` shards.
    static func split(_ batch: Batch, reusing previous: [Shard]) -> [Shard] {
        let cuts = batch.count >= minimumRowsToSplit ? [0, batch.count / 2, batch.count] : [0, batch.count]
        return (0..<(cuts.count - 1)).map { s in
            let rows = cuts[s]..<cuts[s + 1]
            let part = Batch(inputs: Array(batch.inputs[(rows.lowerBound * batch.maxLength)..<(rows.upperBound * batch.maxLength)]),
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

/// A thread kept for the second core, that waits for work by spinning.
///
/// A training step hands work to the second core twice (the LSTM's forward
/// and backward pass on half the batch), some 4,000 times a second. Waking a
/// sleeping thread through the kernel each time (as `concurrentPerform`
/// does) took 11% of a training run's profile; so this thread does not sleep
/// between hand-offs but watches a counter, and starts the job a median of
/// 0.2 µs after it is handed over (chapter 7). After `spinsBeforeSleeping`
/// checks without work it goes to sleep on a semaphore, and the next hand-off
/// wakes it the slow way.
///
/// Only one caller at a time can use it: a second caller (two models trained
/// at once on two threads) runs both halves itself, and so does a process
/// allowed only one core (`taskset -c 0`), where a spinning thread would
/// only take turns with the one it waits for. Either way each half computes
/// the same thing, so the results are the same bits.
final class SecondCore: @unchecked Sendable {
    static let shared = SecondCore()

    /// Hand-offs requested and finished; the thread runs a job whenever
    /// `requested` is ahead of what it has done.
    private let requested = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    /// Set while a caller owns the thread.
    private let busy = Atomic<Bool>(false)
    /// Set by the thread just before it sleeps on `wake`.
    private let sleeping = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    /// The work of the current hand-off, written before `requested` moves on.
    private var job: (() -> Void)?

    /// How many times the thread checks for work before it sleeps: far
    /// longer than the gaps between a training step's hand-offs.
    private static let spinsBeforeSleeping = 200_000

    /// Whether this process may run on two cores or more.
    private let hasSecondCore = availableCores() >= 2

    private init() {
        if hasSecondCore {
            DispatchQueue(label: "tutorial.second-core", qos: .userInitiated).async { [self] in loop() }
        }
    }

    /// Runs `other` on the second core and `mine` on this thread, and returns when both are done.
    func run(_ other: () -> Void, alongside mine: () -> Void) {
        guard hasSecondCore,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            mine(); other(); return
        }
        withoutActuallyEscaping(other) { other in
            job = other
            let ticket = requested.add(1, ordering: .sequentiallyConsistent).newValue
            if sleeping.exchange(false, ordering: .sequentiallyConsistent) { wake.signal() }
            mine()
            var spins = 0
            while finished.load(ordering: .acquiring) != ticket {
                spins += 1
                if spins % 4096 == 0 { sched_yield() }  // in case the other thread waits for this core
            }
            job = nil
        }
        busy.store(false, ordering: .releasing)
    }

    private func loop() {
        var done = 0
        while true {
            var spins = 0
            while requested.load(ordering: .acquiring) == done && spins < Self.spinsBeforeSleeping {
                spins += 1
                if spins % 4096 == 0 { sched_yield() }
            }
            if requested.load(ordering: .acquiring) == done {
                // Announce the sleep, then check once more: a caller that
                // moved `requested` before seeing `sleeping` would not signal.
                sleeping.store(true, ordering: .sequentiallyConsistent)
                if requested.load(ordering: .sequentiallyConsistent) == done
                    || !sleeping.exchange(false, ordering: .sequentiallyConsistent) {
                    wake.wait()  // the caller saw `sleeping` and signals (or has signalled)
                }
                continue
            }
            done += 1
            job!()
            finished.store(done, ordering: .releasing)
        }
    }
}

/// The number of cores this process may run on (Linux: its affinity mask, so `taskset` counts).
private func availableCores() -> Int {
    ProcessInfo.processInfo.activeProcessorCount
}
