import Foundation
import Notebook
import Site
import Training

/// Stage 6: the book as a static HTML site.
///
/// The runner has already run every chapter; the site renderer gets the
/// chapters' Markdown and a `Resolver` over those runs, so each page shows
/// the code and the outputs of this very run. The introduction (chapter 0)
/// becomes `index.html`, the others a page each.
public enum SiteBuild {
    /// Renders `book` with the outputs of `runs` and writes it to `folder`,
    /// replacing what was there only once every page is written.
    public static func write(_ book: Book, runs: [ChapterRun], to folder: URL) throws {
        try writeSiteAtomically(try files(book, runs: runs), to: folder)
    }

    /// Every file of the site (relative path → contents), rendered in memory.
    /// The same sources and seed give the same bytes, which is how a test
    /// tells that the committed site is stale.
    public static func files(_ book: Book, runs: [ChapterRun]) throws -> [String: String] {
        guard let introduction = book.chapters.first, introduction.entryPoint == nil else {
            throw BookError(path: book.root.path, message: "the book must open with an introduction without code")
        }
        let resolver = Resolver(book: book, runs: runs)
        let renderer = SiteRenderer(resolver: resolver.resolve)
        return try renderer.render(chapters: book.chapters.dropFirst().map(\.siteChapter),
                                   introduction: introduction.siteChapter,
                                   summary: summary(runs) + measuredSpeed(book), model: model(runs))
    }

    /// The trained weights the training chapter attached, for the pages' model panels.
    static func model(_ runs: [ChapterRun]) -> PageModel? {
        let weights = runs.lazy.flatMap(\.attachments).last { $0.name == TrainingChapter.weightsFile }
        return weights.map { PageModel(fileName: $0.name, safetensors: $0.contents) }
    }

    /// The training speed from the last benchmark run committed in
    /// `Benchmarks/results.json` (`tutorial bench --json`). Pages hold no
    /// timing of their own run, which would make the site differ from run
    /// to run; a recorded measurement, named as such, is the same every time.
    static func measuredSpeed(_ book: Book) -> [(String, String)] {
        let file = book.root.appendingPathComponent("Benchmarks/results.json")
        guard let data = try? Data(contentsOf: file),
              let results = try? JSONDecoder().decode(RecordedBenchmark.self, from: data)
        else { return [] }
        let steps = Int(results.training.per_second.median.rounded())
        return [("training speed", "\(Format.grouped(steps)) steps/s (tutorial bench on \(results.machine.cpu), "
                 + "\(results.machine.cores) cores)")]
    }

    /// The part of `tutorial bench --json`'s output the front page shows.
    struct RecordedBenchmark: Decodable {
        struct Machine: Decodable { var cpu: String; var cores: Int }
        struct Rate: Decodable { var median: Double }
        struct Training: Decodable { var per_second: Rate }
        var machine: Machine
        var training: Training
    }

    /// The front page's summary of the run: the training chapter's `summary`
    /// table, when the book has one.
    static func summary(_ runs: [ChapterRun]) -> [(String, String)] {
        for run in runs.reversed() {
            if case .table(let table)? = run.outputs.first(where: { $0.name == "summary" })?.output {
                return table.rows.filter { $0.count >= 2 }.map { ($0[0], $0[1]) }
            }
        }
        return []
    }
}
