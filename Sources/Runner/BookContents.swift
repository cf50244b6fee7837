import Analysis
import Foundation
import Generator
import Loss
import Model
import Optimization
import Parameters
import Training

extension Book {
    /// The tutorial's chapters, in the order data flows through them.
    ///
    /// Every chapter file is `chapters/<slug>.md`; every chapter but the
    /// introduction has an entry point in its module that regenerates, from
    /// the hyperparameters alone, whatever earlier chapters made, so any
    /// chapter can run by itself.
    public static let tutorialContents: [ChapterEntry] = [
        ChapterEntry(number: 0, slug: "00-introduction", entryPoint: nil),
        ChapterEntry(number: 1, slug: "01-parameters", entryPoint: { try ParametersChapter.run($0, in: $1) }),
        ChapterEntry(number: 2, slug: "02-generator", entryPoint: { try GeneratorChapter.run($0, in: $1) }),
        ChapterEntry(number: 3, slug: "03-model", entryPoint: { try ModelChapter.run($0, in: $1) }),
        ChapterEntry(number: 4, slug: "04-loss", entryPoint: { try LossChapter.run($0, in: $1) }),
        ChapterEntry(number: 5, slug: "05-optimization", entryPoint: { try OptimizationChapter.run($0, in: $1) }),
        ChapterEntry(number: 6, slug: "06-training", entryPoint: { try TrainingChapter.run($0, in: $1) }),
        ChapterEntry(number: 8, slug: "08-inside-the-model", entryPoint: { try AnalysisChapter.run($0, in: $1) }),
    ]

    /// The numbers of the chapters that have code to run, in order: what
    /// `--chapter` accepts. Not always a range: a chapter may be missing
    /// while it is being written.
    public static var runnableChapterNumbers: [Int] {
        tutorialContents.filter { $0.entryPoint != nil }.map(\.number)
    }

    /// The runnable chapters' numbers as a reader types them: `1...6, 8`.
    public static var runnableChapterText: String {
        var runs: [ClosedRange<Int>] = []
        for number in runnableChapterNumbers {
            if let last = runs.last, last.upperBound + 1 == number {
                runs[runs.count - 1] = last.lowerBound...number
            } else {
                runs.append(number...number)
            }
        }
        return runs.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)...\($0.upperBound)" }
            .joined(separator: ", ")
    }

    /// Reads the tutorial's chapters from `root`.
    public init(tutorialAt root: URL) throws(BookError) {
        try self.init(root: root, contents: Self.tutorialContents)
    }
}
