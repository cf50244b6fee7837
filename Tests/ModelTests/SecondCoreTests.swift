import Dispatch
import Foundation
import XCTest
@testable import Engine

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
