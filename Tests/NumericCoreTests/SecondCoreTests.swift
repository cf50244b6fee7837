import Dispatch
import Foundation
import XCTest
@testable import NumericCore

/// The thread that runs the second half of every batch: each hand-off runs
/// both halves exactly once, whether the thread was spinning, asleep, or
/// owned by another caller.
final class SecondCoreTests: XCTestCase {
    /// Runs `count` hand-offs that each add i to both halves' totals.
    func handOffs(_ count: Int) -> [Int] {
        var totals = [0, 0]
        totals.withUnsafeMutableBufferPointer { t in
            for i in 0..<count {
                SecondCore.shared.run({ t[1] += i }, alongside: { t[0] += i })
            }
        }
        return totals
    }

    func testEveryHandOffRunsBothHalves() {
        let n = 20_000
        XCTAssertEqual(handOffs(n), [n * (n - 1) / 2, n * (n - 1) / 2])
    }

    /// After a pause the thread has gone to sleep; the next hand-off wakes it.
    func testAHandOffWakesTheSleepingThread() {
        XCTAssertEqual(handOffs(10), [45, 45])
        Thread.sleep(forTimeInterval: 0.05)
        XCTAssertEqual(handOffs(10), [45, 45])
    }

    /// A hand-off the thread cannot start (here it is stuck in a job for
    /// later; in real life, waiting for its turn on a busy core) is taken back
    /// and run by the caller, instead of waiting for the thread.
    func testAHandOffTheThreadCannotStartIsTakenBack() throws {
        let release = DispatchSemaphore(value: 0)
        guard SecondCore.shared.runAfterNextJob({ _ = release.wait(timeout: .now() + 10) }) else {
            throw XCTSkip("no second core here: both halves always run on the caller's thread")
        }
        // The thread runs this hand-off's half, then the job for later, which blocks it. On a busy
        // machine the thread may be slow to start; the caller's half waits for it, so that the
        // caller does not take this first hand-off back (then the thread would be free, not blocked).
        let caller = pthread_self()
        let threadStarted = DispatchSemaphore(value: 0)
        var firstRanOn: pthread_t?
        SecondCore.shared.run(
            {
                firstRanOn = pthread_self(); threadStarted.signal()
            },
            alongside: { _ = threadStarted.wait(timeout: .now() + 5) })
        if let firstRanOn, pthread_equal(firstRanOn, caller) != 0 {
            release.signal()
            SecondCore.shared.finishLater()
            throw XCTSkip("the second core's thread did not start within 5 s on this busy machine")
        }
        var ranOn: [pthread_t] = []
        let started = Date()
        SecondCore.shared.run({ ranOn.append(pthread_self()) }, alongside: {})
        let seconds = Date().timeIntervalSince(started)
        release.signal()
        SecondCore.shared.finishLater()
        XCTAssertEqual(ranOn.count, 1, "the half ran exactly once")
        XCTAssertTrue(
            ranOn.first.map { pthread_equal($0, caller) != 0 } ?? false,
            "the half ran on the caller's thread")
        XCTAssertLessThan(seconds, 5, "the caller did not wait for the blocked thread")
        XCTAssertEqual(handOffs(1_000), [499_500, 499_500], "the thread takes hand-offs again")
    }

    /// Four callers at once (models trained on several threads): one
    /// owns the thread at a time, the others run both halves themselves.
    func testCallersAtOnceEachGetTheirOwnResults() {
        final class Results: @unchecked Sendable { var totals = [[Int]](repeating: [], count: 4) }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 4) { caller in
            var totals = [0, 0]
            totals.withUnsafeMutableBufferPointer { t in
                for i in 0..<(5_000 + caller) {
                    SecondCore.shared.run({ t[1] += i }, alongside: { t[0] += i })
                }
            }
            results.totals[caller] = totals  // each caller its own element
        }
        for caller in 0..<4 {
            let n = 5_000 + caller
            XCTAssertEqual(results.totals[caller], [n * (n - 1) / 2, n * (n - 1) / 2], "caller \(caller)")
        }
    }
}

/// The job for later: it runs exactly once, on the second core after the
/// next hand-off or on the caller's thread when it asks for it first.
final class SecondCoreLaterJobTests: XCTestCase {
    final class Counter: @unchecked Sendable { var runs = 0 }

    func testTheJobRunsOnceAfterTheNextHandOff() {
        for _ in 0..<2_000 {
            let counter = Counter()
            let handedOver = SecondCore.shared.runAfterNextJob { counter.runs += 1 }
            var halves = [0, 0]
            halves.withUnsafeMutableBufferPointer { h in
                SecondCore.shared.run({ h[1] += 1 }, alongside: { h[0] += 1 })
            }
            if handedOver {
                SecondCore.shared.finishLater()
            } else {
                counter.runs += 1  // what a caller does when the slot is refused
            }
            XCTAssertEqual(counter.runs, 1)
            XCTAssertEqual(halves, [1, 1])
        }
    }

    /// With no hand-off after it, `finishLater` takes the job back and runs it.
    func testFinishLaterRunsAJobNobodyTook() throws {
        let counter = Counter()
        guard SecondCore.shared.runAfterNextJob({ counter.runs += 1 }) else {
            throw XCTSkip("no second core here: every job for later is refused")
        }
        XCTAssertEqual(counter.runs, 0, "not run before a hand-off or finishLater")
        SecondCore.shared.finishLater()
        XCTAssertEqual(counter.runs, 1)
    }

    /// One job for later at a time: a second is refused until the first is finished.
    func testASecondJobForLaterIsRefusedWhileOneWaits() throws {
        let counter = Counter()
        guard SecondCore.shared.runAfterNextJob({ counter.runs += 1 }) else {
            throw XCTSkip("no second core here: every job for later is refused")
        }
        XCTAssertFalse(SecondCore.shared.runAfterNextJob { counter.runs += 100 })
        SecondCore.shared.finishLater()
        XCTAssertEqual(counter.runs, 1)
        XCTAssertTrue(SecondCore.shared.runAfterNextJob { counter.runs += 1 })
        SecondCore.shared.finishLater()
        XCTAssertEqual(counter.runs, 2)
    }
}

/// The cores the process may use, from its affinity mask as Linux reports it.
final class AvailableCoresTests: XCTestCase {
    func testTheAffinityMaskIsCountedNotTheMachinesCores() {
        XCTAssertEqual(availableCores(status: "Name:\ttutorial\nCpus_allowed:\t1\nCpus_allowed_list:\t0\n"), 1)
        XCTAssertEqual(availableCores(status: "Cpus_allowed:\t3\n"), 2)
        XCTAssertEqual(availableCores(status: "Cpus_allowed:\tff,0000000f\n"), 12)
    }

    func testWithoutAMaskItFallsBackToFoundation() {
        let all = ProcessInfo.processInfo.activeProcessorCount
        XCTAssertEqual(availableCores(status: nil), all)
        XCTAssertEqual(availableCores(status: "Name:\ttutorial\n"), all)
    }

    /// This process's own mask agrees with the same mask written as a list
    /// of cores (`Cpus_allowed_list: 0-1`), which `taskset` changes too.
    func testThisProcessMaskAgreesWithItsListOfCores() throws {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") })
        else { throw XCTSkip("no affinity list in /proc/self/status here") }
        let listed = line.dropFirst("Cpus_allowed_list:".count).split(separator: ",").map { range in
            let ends = range.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            return ends.count == 2 ? ends[1] - ends[0] + 1 : 1
        }.reduce(0, +)
        XCTAssertEqual(availableCores(), listed)
    }
}
