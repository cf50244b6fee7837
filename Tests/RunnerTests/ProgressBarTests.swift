import Notebook
@testable import Runner
import XCTest

final class ProgressBarTests: XCTestCase {
    func testBarShowsTheCountTheWorksOwnWordsAndTimeLeft() {
        let progress = ProgressReport(done: 500, total: 2000, detail: "loss 0.4123  accuracy 81.25%")
        XCTAssertEqual(
            ProgressBar(width: 10).line(for: progress, elapsed: 20),
            "[##........]  500/2000  loss 0.4123  accuracy 81.25%  1:00 left")
    }

    /// A job counter says nothing of a loss it does not have.
    func testWorkWithoutWordsShowsOnlyTheCount() {
        XCTAssertEqual(
            ProgressBar(width: 4).line(for: ProgressReport(done: 3, total: 12), elapsed: 9),
            "[#...]  3/12  0:27 left")
    }

    func testNoTimeLeftBeforeTheFirstStepAndHoursWhenLong() {
        let start = ProgressReport(done: 0, total: 10, detail: "loss 0.7000")
        XCTAssertEqual(ProgressBar(width: 4).line(for: start, elapsed: 0), "[....]  0/10  loss 0.7000")
        XCTAssertEqual(ProgressBar.clock(3725), "1:02:05")
    }
}
