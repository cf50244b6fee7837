import Notebook
@testable import tutorial
import XCTest

final class ProgressBarTests: XCTestCase {
    func testBarShowsStepsLossAccuracyAndTimeLeft() {
        let progress = StepProgress(step: 500, totalSteps: 2000, loss: 0.41234, accuracy: 0.8125)
        XCTAssertEqual(ProgressBar(width: 10).line(for: progress, elapsed: 20),
                       "[##........]  500/2000  loss 0.4123  accuracy 81.25%  1:00 left")
    }

    func testNoTimeLeftBeforeTheFirstStepAndHoursWhenLong() {
        let start = StepProgress(step: 0, totalSteps: 10, loss: 0.7, accuracy: 0.5)
        XCTAssertEqual(ProgressBar(width: 4).line(for: start, elapsed: 0), "[....]  0/10  loss 0.7000  accuracy 50.00%")
        XCTAssertEqual(ProgressBar.clock(3725), "1:02:05")
    }
}
