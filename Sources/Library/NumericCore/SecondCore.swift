import Dispatch
import Synchronization
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thread kept for the second core, that waits for work by spinning.
///
/// A training step hands work to the second core twice (the LSTM's forward
/// and backward pass on half the batch), thousands of times a second. Waking
/// a sleeping thread through the kernel each time (as `concurrentPerform`
/// does) took a tenth of a training run's profile; so this thread does not
/// sleep between hand-offs but watches a counter, and starts the job as soon
/// as it is handed over (chapter 7; docs/performance.md has the measurements).
/// After `spinsBeforeSleeping` checks without work it goes to sleep on a
/// semaphore, and the next hand-off wakes it the slow way.
///
/// Besides the hand-offs, it takes one job at a time *for later*
/// (`runAfterNextJob`): run after the next hand-off, while the caller does
/// work of its own; the training loop makes its next batch this way.
///
/// A hand-off the thread has not *started* by the time the caller has done
/// its own half is taken back: the caller runs it too. That happens when the
/// thread is asleep, or shares its core with another busy program and waits
/// for its turn; without it, a training run beside one busy program took
/// three times as long as on one core alone.
///
/// Only one caller at a time can use it: a second caller (two models trained
/// at once on two threads) runs both halves itself, and so does a process
/// allowed only one core (`taskset -c 0`), where a spinning thread would
/// only take turns with the one it waits for. Either way each job computes
/// the same thing, so the results are the same bits.
public final class SecondCore: @unchecked Sendable {
    public static let shared = SecondCore()

    /// Hand-offs requested and finished; the thread runs a job whenever
    /// `requested` is ahead of what it has done.
    private let requested = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    /// The last hand-off that someone has started: the thread or, taking it
    /// back, the caller. Whoever moves it from ticket - 1 to ticket runs that job.
    private let claimed = Atomic<Int>(0)
    /// Set while a caller owns the thread.
    private let busy = Atomic<Bool>(false)
    /// How many `setAside` calls are running: while any is, every caller runs its halves itself.
    private let setAsideCount = Atomic<Int>(0)
    /// Set by the thread just before it sleeps on `wake`.
    private let sleeping = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    /// The work of the current hand-off, written before `requested` moves on.
    private var job: (() -> Void)?

    /// The job for later and its state: `free`, `waiting` (for the thread to
    /// take it after its next hand-off, or its owner to take it back),
    /// `taken` (running) or `done`. Whoever moves it from `waiting` to
    /// `taken` runs it, so it runs exactly once.
    private let later = Atomic<Int>(Later.free)
    private var laterJob: (() -> Void)?
    private enum Later { static let (free, waiting, taken, done) = (0, 1, 2, 3) }

    /// How many times the thread checks for work before it sleeps: far
    /// longer than the gaps between a training step's hand-offs.
    private static let spinsBeforeSleeping = 200_000

    /// Whether this process may run on two cores or more.
    public let hasSecondCore = availableCores() >= 2

    private init() {
        if hasSecondCore {
            DispatchQueue(label: "tutorial.second-core", qos: .userInitiated).async { [self] in loop() }
        }
    }

    /// Runs `body` with the thread set aside: meanwhile every `run` runs both of
    /// its halves on its caller's thread, and `runAfterNextJob` takes nothing. For
    /// a caller that keeps both cores busy another way, two training runs at a
    /// time, each on a core of its own: with the thread in play, it would take
    /// turns with them. The results are the same bits either way.
    public func setAside<Result>(_ body: () throws -> Result) rethrows -> Result {
        setAsideCount.add(1, ordering: .sequentiallyConsistent)
        defer { setAsideCount.subtract(1, ordering: .sequentiallyConsistent) }
        return try body()
    }

    /// Runs `other` on the second core and `mine` on this thread, and returns when both are done.
    public func run(_ other: () -> Void, alongside mine: () -> Void) {
        guard hasSecondCore, setAsideCount.load(ordering: .sequentiallyConsistent) == 0,
            busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else {
            mine(); other(); return
        }
        withoutActuallyEscaping(other) { other in
            job = other
            let ticket = requested.add(1, ordering: .sequentiallyConsistent).newValue
            if sleeping.exchange(false, ordering: .sequentiallyConsistent) { wake.signal() }
            mine()
            if claimed.compareExchange(
                expected: ticket - 1, desired: ticket,
                ordering: .acquiring
            ).exchanged {
                other()  // the thread has not started it: run it here
            } else {
                waitFor { finished.load(ordering: .acquiring) == ticket }
            }
            job = nil
        }
        busy.store(false, ordering: .releasing)
    }

    /// Hands `work` over to run on the second core after the next `run`
    /// hand-off; `finishLater()` returns once it has run. Returns false, and
    /// takes nothing, if the slot is in use (by another caller) or there is
    /// no second core: then the caller runs `work` itself.
    public func runAfterNextJob(_ work: @escaping () -> Void) -> Bool {
        guard hasSecondCore, setAsideCount.load(ordering: .sequentiallyConsistent) == 0,
            later.compareExchange(expected: Later.free, desired: Later.taken, ordering: .acquiring).exchanged
        else { return false }
        laterJob = work
        later.store(Later.waiting, ordering: .releasing)
        return true
    }

    /// Returns when the job handed over by `runAfterNextJob` has run: taken
    /// back and run on this thread if the second core has not started it.
    /// Only the caller whose `runAfterNextJob` returned true may call it.
    public func finishLater() {
        precondition(later.load(ordering: .acquiring) != Later.free, "finishLater without a job for later")
        if later.compareExchange(expected: Later.waiting, desired: Later.taken, ordering: .acquiring).exchanged {
            laterJob!()
        } else {
            waitFor { later.load(ordering: .acquiring) == Later.done }
        }
        laterJob = nil
        later.store(Later.free, ordering: .releasing)
    }

    /// Spins until `condition` holds, yielding now and then in case the
    /// thread it waits for shares this core.
    private func waitFor(_ condition: () -> Bool) {
        var spins = 0
        while !condition() {
            spins += 1
            if spins % 4096 == 0 { sched_yield() }
        }
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
                    || !sleeping.exchange(false, ordering: .sequentiallyConsistent)
                {
                    wake.wait()  // the caller saw `sleeping` and signals (or has signalled)
                }
                continue
            }
            done += 1
            guard
                claimed.compareExchange(
                    expected: done - 1, desired: done,
                    ordering: .acquiring
                ).exchanged
            else { continue }  // the caller took this one back
            job!()
            finished.store(done, ordering: .releasing)
            // The caller is now busy with work of its own: the job for later, if any.
            if later.compareExchange(expected: Later.waiting, desired: Later.taken, ordering: .acquiring).exchanged {
                laterJob!()
                later.store(Later.done, ordering: .releasing)
            }
        }
    }
}

/// The number of cores this process may run on. On Linux that is its
/// affinity mask (`Cpus_allowed` in /proc/self/status, one bit per core), so
/// `taskset -c 0` counts: Foundation's `activeProcessorCount` counts every
/// core the machine has, whatever the mask.
func availableCores(status: String? = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) -> Int {
    let mask = status?.split(separator: "\n")
        .first { $0.hasPrefix("Cpus_allowed:") }?
        .dropFirst("Cpus_allowed:".count)
    guard let mask else { return ProcessInfo.processInfo.activeProcessorCount }
    let cores = mask.compactMap { $0.hexDigitValue }.reduce(0) { $0 + $1.nonzeroBitCount }
    return cores > 0 ? cores : ProcessInfo.processInfo.activeProcessorCount
}
