import Format
import Foundation
import Notebook
import SafeFiles
import Site

/// The pipeline, for any book of chapters: **load** → **preprocess** → **run**
/// → **check** or **update** → **render**, as mdBook's `build` has it.
///
/// The stages, each in a file of its own: `Book` loads the chapters and
/// `Chapter` reads each one's directives and resolves its includes; a chapter
/// runs as a `ChapterRun`, in a process of its own (`ChapterProcess`) or here,
/// unless its kept outputs are still good (`Freeze`); `ChapterCheck` compares
/// what it produced with what its Markdown records, or `Update` records it;
/// the book's `preprocessors` fill its prose from the run; `SiteBuild` renders
/// the site. A command-line tool reads its options into a `Pipeline` and calls
/// one of `show`, `record` and `runAndCheck`.
public struct Pipeline {
    public var book: Book
    /// Runs every chapter, the expensive ones too, instead of using their kept outputs.
    public var refresh = false
    /// Whether the chapters run with the settings their outputs were recorded with: only then are
    /// the outputs compared with the recording, and kept.
    public var usesRecordedSettings = true
    /// The arguments that start this executable as a kernel for a chapter (`ChapterProcess`); nil
    /// runs every chapter in this process.
    public var kernelArguments: ((Chapter) -> [String])?
    /// Where the site goes when it is not the recorded run's (`Destination`).
    public var destination = Destination()

    public init(book: Book) {
        self.book = book
    }

    /// Where a run's site goes. `site/` holds the run recorded in the chapters
    /// and nothing else: a run with other settings renders into `runs/NAME/`,
    /// a run whose outputs differ from the recording (someone changed the code)
    /// is an experiment and renders into `runs/experiment/`. A folder the reader
    /// names is used as it is.
    public struct Destination {
        /// The folder the reader named (`--site`), if any.
        public var folder: URL?
        /// The name of a run with settings of its own (`seed-5`): `runs/seed-5/`.
        public var runName = "other-settings"

        public init(folder: URL? = nil, runName: String = "other-settings") {
            self.folder = folder
            self.runName = runName
        }
    }

    /// Runs one chapter and prints its outputs as text; false when the chapter failed (said on standard error).
    public func show(_ chapter: Chapter) -> Bool {
        guard chapter.entryPoint != nil else {
            print("chapter \(chapter.number), \(chapter.title), is prose only: it has no code to run (\(chapter.path))")
            return true
        }
        let run = runHere(chapter)
        for output in run.outputs {
            print("[\(output.name)]")
            print(RecordedText.text(of: output.output))
            print()
        }
        if let failure = run.failure {
            writeToStandardError("error: chapter \(chapter.number) failed: \(failure)\n")
            return false
        }
        return true
    }

    /// `--update`: runs every chapter (an expensive one only if its inputs
    /// changed) and rewrites the output blocks; keeps the expensive chapters' outputs.
    public func record() throws {
        let runs = try book.chapters.map { chapter throws(BookError) in
            let run = try runOrThaw(chapter)
            // A recording only ever comes from a run: kept outputs that differ from the recorded ones
            // (a freeze file edited by hand, say) are not written into the chapter; the chapter runs.
            guard run.isThawed, ChapterCheck(chapter, run: run, compareRecorded: true).status != .ok else { return run }
            return runNow(chapter)
        }
        // Two updates of one book take turns: the later one waits, then records over the first.
        let chapters = book.root.appendingPathComponent("chapters").path
        let lock = try? FolderLock(chapters) {
            writeToStandardError(
                "waiting for another tutorial run that is updating \(Format.echoed(chapters, limit: 200))\n")
        }
        let changed = try withExtendedLifetime(lock) { try Update.write(book, runs: runs) }
        for (chapter, run) in zip(book.chapters, runs) where !run.isThawed {
            try keepIfExpensive(run, of: chapter)
        }
        print(changed.isEmpty ? "all recorded outputs are up to date" : "updated " + changed.joined(separator: ", "))
    }

    /// Runs, checks and reports every chapter, then renders the site where this run belongs.
    /// Returns false when the run is not the recorded one's (a chapter failed and nothing was
    /// written, or the outputs differ and the site went to `runs/experiment/`).
    public func runAndCheck() throws -> Bool {
        // A folder the site may not replace is refused now rather than after the chapters have run.
        let expected = siteFolder(isExperiment: false).folder
        try book.checkSiteFolder(expected)
        try SiteFolder.checkReplaceable(expected)
        let report = Report(book: book)
        var runs: [ChapterRun] = []
        var checks: [ChapterCheck] = []
        for chapter in book.chapters {
            let run = try runOrThaw(chapter)
            let check = ChapterCheck(chapter, run: run, compareRecorded: usesRecordedSettings)
            if usesRecordedSettings, check.status == .ok, !run.isThawed {
                try keepIfExpensive(run, of: chapter)
            }
            print(report.line(chapter, run: run, check: usesRecordedSettings || check.status == .failed ? check : nil))
            fflush(nil)  // each chapter's line as it finishes, even into a pipe
            runs.append(run)
            checks.append(check)
        }
        for line in Report.details(checks) { print(line) }
        guard !checks.contains(where: { $0.status == .failed }) else {
            writeToStandardError("error: nothing written: the book and its code do not fit together (see above)\n")
            return false
        }
        let isExperiment = checks.contains { $0.status == .outputDiffers }
        let destination = siteFolder(isExperiment: isExperiment)
        try SiteBuild.write(book, runs: runs, summary: try book.frontPage(runs), to: destination.folder)
        print(destination.message)
        return !isExperiment
    }

    /// Where this run's site goes, and the last line that says so.
    public func siteFolder(isExperiment: Bool) -> (folder: URL, message: String) {
        let recorded = "site/ holds the recorded run"
        // A path as a message shows it: control characters from the command line escaped.
        func shown(_ folder: URL) -> String { Format.echoed(folder.path, limit: 300) }
        if let folder = destination.folder {
            return (
                folder,
                isExperiment
                    ? "the outputs differ from the recorded ones (diffs above): this experiment's site is written to \(shown(folder))"
                    : "site written to \(shown(folder))"
            )
        }
        if !usesRecordedSettings {
            let folder = book.root.appendingPathComponent("runs/" + destination.runName)
            return (
                folder,
                "outputs not compared: they are recorded with the default hyperparameters. "
                    + "This run's site is in runs/\(folder.lastPathComponent)/ (\(shown(folder))); \(recorded)."
            )
        }
        if isExperiment {
            let folder = book.root.appendingPathComponent("runs/experiment")
            return (
                folder,
                "the outputs differ from the recorded ones (diffs above): this run is an experiment, rendered "
                    + "into runs/experiment/ (\(shown(folder))); \(recorded). `tutorial --update` records this run instead."
            )
        }
        let folder = book.root.appendingPathComponent("site")
        return (folder, "site written to \(shown(folder))")
    }

    /// An expensive chapter's kept outputs when its inputs are unchanged
    /// (unless `refresh`); otherwise the chapter, run now.
    func runOrThaw(_ chapter: Chapter) throws(BookError) -> ChapterRun {
        if !refresh, let kept = try Freeze.thaw(chapter, root: book.root) { return kept }
        return runNow(chapter)
    }

    /// `chapter`, run now, in a kernel when there is one, with its progress shown on a terminal.
    func runNow(_ chapter: Chapter) -> ChapterRun {
        guard let kernelArguments, chapter.entryPoint != nil else { return runHere(chapter) }
        guard isatty(STDOUT_FILENO) != 0 else {
            return ChapterProcess.run(chapter, arguments: kernelArguments(chapter), progress: nil)
        }
        let terminal = TerminalProgress()
        defer { terminal.finish() }
        return ChapterProcess.run(chapter, arguments: kernelArguments(chapter), progress: terminal.report)
    }

    /// Runs `chapter` in this process, drawing a progress bar when standard output is a terminal.
    func runHere(_ chapter: Chapter) -> ChapterRun {
        guard isatty(STDOUT_FILENO) != 0 else { return ChapterRun(chapter) }
        let terminal = TerminalProgress()
        defer { terminal.finish() }
        return ChapterRun(chapter, progress: terminal.report)
    }

    /// Keeps the outputs of an expensive chapter's run (made with the
    /// recorded settings, and matching its recording) for the next runs.
    func keepIfExpensive(_ run: ChapterRun, of chapter: Chapter) throws {
        do {
            try Freeze.keep(run, of: chapter, root: book.root)
        } catch let error as BookError {
            throw error
        } catch {
            throw BookError(
                file: Freeze.file(for: chapter, root: book.root), root: book.root,
                message: "cannot keep the chapter's outputs: \(error.localizedDescription)")
        }
    }
}
