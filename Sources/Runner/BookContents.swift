import Foundation
import Generator
import Loss
import MakingItFast
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
        ChapterEntry(number: 7, slug: "07-making-it-fast", entryPoint: { try MakingItFastChapter.run($0, in: $1) }),
    ]

    /// The numbers of the chapters that have code to run: what `--chapter` accepts.
    public static var runnableChapterNumbers: ClosedRange<Int> {
        let numbers = tutorialContents.filter { $0.entryPoint != nil }.map(\.number)
        return (numbers.min() ?? 1)...(numbers.max() ?? 1)
    }

    /// Reads the tutorial's chapters from `root`.
    public init(tutorialAt root: URL) throws(BookError) {
        try self.init(root: root, contents: Self.tutorialContents)
    }
}
