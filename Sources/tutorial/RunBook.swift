import ArgumentParser
import Foundation
import Notebook
import Parameters
import Runner
import SafeFiles
import Site

/// `tutorial [run]`: runs the book, the command's default.
///
/// With no options it runs every chapter in order, checks what each produced
/// against the outputs recorded in its Markdown, prints one line per chapter,
/// and renders the site. The pipeline's stages live in the Runner module;
/// this command reads the options, hands the runner the tutorial's chapters
/// (`TutorialBook`) and chains the stages: load and preprocess → run →
/// check (or update) → report → render.
///
/// Where the site goes: `site/` holds the run recorded in the chapters, and
/// nothing else. A run with other hyperparameters (`--seed 5`) renders into
/// `runs/seed-5/`; a run whose outputs differ from the recording (someone
/// changed the code) is an experiment and renders into `runs/experiment/`.
/// The last line says which. A book that is broken (a bad include, block,
/// fence or encoding, a chapter that fails) writes nothing.
struct RunBook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the chapters, check their recorded outputs and render the site (the default).",
        discussion: """
            Without options, runs every chapter, checks each output against the one recorded \
            in chapters/NN-*.md, renders the book as HTML into site/, and exits non-zero if any \
            chapter fails or differs. A run with other hyperparameters (--hidden-size 8, --seed 3, ...), or whose outputs differ \
            from the recorded ones, renders into a folder of its own under runs/ instead.
            """)

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Run only chapter N (\(RunBook.chapterRangeText)) and print its outputs.", valueName: "N"),
            transform: RunBook.chapterNumber)
    var chapter: Int?

    @Flag(help: "List the chapters.")
    var list = false

    @Flag(help: "Record what the chapters produce into their output blocks.")
    var update = false

    @Flag(help: ArgumentHelp("""
        Run every chapter, the expensive ones too. Without it, a chapter marked expensive (3 and 8) \
        reuses its kept outputs (chapters/_freeze/) while its sources, hyperparameters and output blocks \
        are unchanged.
        """))
    var refresh = false

    @OptionGroup var options: HyperparameterOptions

    @Option(help: ArgumentHelp("The folder that holds chapters/ (default: the current folder or the nearest above it).",
                               valueName: "PATH"))
    var root: String?

    @Option(help: ArgumentHelp("""
        Where to write the HTML site (default: site/ beside chapters/, or runs/NAME/ for a run that is not the \
        recorded one). Only a new or empty folder, or one this tool wrote, is replaced.
        """, valueName: "PATH"))
    var site: String?

    /// The defaults with `--seed` and `--steps` applied.
    var hyperparameters: Hyperparameters { options.hyperparameters }

    /// Whether the outputs are those recorded in the chapters, which are made with the defaults.
    var usesRecordedHyperparameters: Bool { options.areDefaults }

    func validate() throws {
        if list && (chapter != nil || update || site != nil || refresh) {
            throw ValidationError("--list takes no other option but --root")
        }
        if site != nil && (chapter != nil || update) {
            throw ValidationError("--site renders the whole book after checking it; leave out --chapter and --update")
        }
        if let site {
            do {
                _ = try SiteFolder.physicalPath(site, from: currentFolder.path)
            } catch {
                throw ValidationError("--site \(Format.echoed(site, limit: 200)): \(error.reason)")
            }
        }
        if refresh && chapter != nil {
            throw ValidationError("--chapter always runs the chapter; leave out --refresh")
        }
        if update && chapter != nil {
            throw ValidationError("--update records every chapter; leave out --chapter")
        }
        if update && !usesRecordedHyperparameters {
            throw ValidationError("--update records the default hyperparameters; leave out the options that change them")
        }
    }

    func run() throws {
        do {
            let book = try TutorialBook.load(try locateRoot(), hyperparameters)
            if list {
                for chapter in book.chapters { print("\(chapter.number)  \(chapter.title)  (\(chapter.path))") }
            } else if let number = chapter, let chapter = book.chapter(number) {
                try show(chapter)
            } else if update {
                try record(book, inChildProcesses: true)
            } else {
                try runAndCheck(book, inChildProcesses: true)
            }
        } catch let error as BookError {
            writeToStandardError("error: \(error)\n")
            throw ExitCode.failure
        } catch let error as UpdateRefused {
            writeToStandardError("error: \(error)\n")
            throw ExitCode.failure
        } catch let error as SiteWriteError {
            writeToStandardError("error: the site was not written: \(error)\n")
            throw ExitCode.failure
        }
    }

    func locateRoot() throws(BookError) -> URL {
        guard let root else { return try Book.locateRoot(from: currentFolder) }
        return URL(fileURLWithPath: root, relativeTo: currentFolder).standardizedFileURL
    }

    var currentFolder: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }

    /// `--chapter N`: runs one chapter and prints its outputs as text.
    func show(_ chapter: Chapter) throws {
        guard chapter.entryPoint != nil else {
            print("chapter \(chapter.number), \(chapter.title), is prose only: it has no code to run (\(chapter.path))")
            return
        }
        let run = runWithProgress(chapter)
        for output in run.outputs {
            print("[\(output.name)]")
            print(RecordedText.text(of: output.output))
            print()
        }
        if let failure = run.failure {
            writeToStandardError("error: chapter \(chapter.number) failed: \(failure)\n")
            throw ExitCode.failure
        }
    }

    /// `--update`: runs every chapter (an expensive one only if its inputs
    /// changed) and rewrites the output blocks; keeps the expensive chapters' outputs.
    func record(_ book: Book, inChildProcesses: Bool = false) throws {
        let runs = try book.chapters.map { chapter throws(BookError) in
            let run = try runOrThaw(chapter, root: book.root, inChildProcess: inChildProcesses)
            // A recording only ever comes from a run: kept outputs that differ from the recorded ones
            // (a freeze file edited by hand, say) are not written into the chapter; the chapter runs.
            guard run.isThawed, ChapterCheck(chapter, run: run, compareRecorded: true).status != .ok else { return run }
            return runNow(chapter, root: book.root, inChildProcess: inChildProcesses)
        }
        // Two updates of one book take turns: the later one waits, then records over the first.
        let chapters = book.root.appendingPathComponent("chapters").path
        let lock = try? FolderLock(chapters) {
            writeToStandardError("waiting for another tutorial run that is updating \(Format.echoed(chapters, limit: 200))\n")
        }
        let changed = try withExtendedLifetime(lock) { try Update.write(book, runs: runs) }
        for (chapter, run) in zip(book.chapters, runs) where !run.isThawed {
            try keepIfExpensive(run, of: chapter, root: book.root)
        }
        print(changed.isEmpty ? "all recorded outputs are up to date" : "updated " + changed.joined(separator: ", "))
    }

    /// No options: runs, checks and reports every chapter, then renders the site where this run belongs.
    /// `inChildProcesses`: each chapter runs in a process of its own (`tutorial kernel`), so that a
    /// chapter that crashes is that chapter's failure (the tests that hand in a book of their own run it here).
    func runAndCheck(_ book: Book, inChildProcesses: Bool = false) throws {
        // A folder the site may not replace is refused now rather than after the chapters have run.
        let expected = siteFolder(book, isExperiment: false).folder
        try book.checkSiteFolder(expected)
        try SiteFolder.checkReplaceable(expected)
        let report = Report(book: book)
        var runs: [ChapterRun] = []
        var checks: [ChapterCheck] = []
        for chapter in book.chapters {
            let run = try runOrThaw(chapter, root: book.root, inChildProcess: inChildProcesses)
            let check = ChapterCheck(chapter, run: run, compareRecorded: usesRecordedHyperparameters)
            if usesRecordedHyperparameters, check.status == .ok, !run.isThawed {
                try keepIfExpensive(run, of: chapter, root: book.root)
            }
            print(report.line(chapter, run: run, check: usesRecordedHyperparameters || check.status == .failed ? check : nil))
            fflush(nil)  // each chapter's line as it finishes, even into a pipe
            runs.append(run)
            checks.append(check)
        }
        for line in Report.details(checks) { print(line) }
        guard !checks.contains(where: { $0.status == .failed }) else {
            writeToStandardError("error: nothing written: the book and its code do not fit together (see above)\n")
            throw ExitCode.failure
        }
        let isExperiment = checks.contains { $0.status == .outputDiffers }
        let destination = siteFolder(book, isExperiment: isExperiment)
        try SiteBuild.write(book, runs: runs, summary: try TutorialBook.summary(runs, root: book.root), to: destination.folder)
        print(destination.message)
        if isExperiment { throw ExitCode.failure }
    }

    /// Where this run's site goes, and the last line that says so.
    func siteFolder(_ book: Book, isExperiment: Bool) -> (folder: URL, message: String) {
        let recorded = "site/ holds the recorded run"
        // A path as a message shows it: control characters from the command line escaped.
        func shown(_ folder: URL) -> String { Format.echoed(folder.path, limit: 300) }
        if let site {
            let folder = URL(fileURLWithPath: (try? SiteFolder.physicalPath(site, from: currentFolder.path))
                             ?? URL(fileURLWithPath: site, relativeTo: currentFolder).standardizedFileURL.path)
            return (folder, isExperiment
                ? "the outputs differ from the recorded ones (diffs above): this experiment's site is written to \(shown(folder))"
                : "site written to \(shown(folder))")
        }
        if !usesRecordedHyperparameters {
            let folder = book.root.appendingPathComponent("runs/" + options.changedValuesName)
            return (folder, "outputs not compared: they are recorded with the default hyperparameters. "
                    + "This run's site is in runs/\(folder.lastPathComponent)/ (\(shown(folder))); \(recorded).")
        }
        if isExperiment {
            let folder = book.root.appendingPathComponent("runs/experiment")
            return (folder, "the outputs differ from the recorded ones (diffs above): this run is an experiment, rendered "
                    + "into runs/experiment/ (\(shown(folder))); \(recorded). `tutorial --update` records this run instead.")
        }
        let folder = book.root.appendingPathComponent("site")
        return (folder, "site written to \(shown(folder))")
    }

    /// An expensive chapter's kept outputs when its inputs are unchanged
    /// (unless `--refresh`); otherwise the chapter, run now.
    func runOrThaw(_ chapter: Chapter, root: URL, inChildProcess: Bool = false) throws(BookError) -> ChapterRun {
        if !refresh, let kept = try Freeze.thaw(chapter, root: root) { return kept }
        return runNow(chapter, root: root, inChildProcess: inChildProcess)
    }

    /// `chapter`, run now (in a process of its own when `inChildProcess`), with its progress shown on a terminal.
    func runNow(_ chapter: Chapter, root: URL, inChildProcess: Bool) -> ChapterRun {
        guard inChildProcess, chapter.entryPoint != nil else { return runWithProgress(chapter) }
        guard isatty(STDOUT_FILENO) != 0 else {
            return ChapterProcess.run(chapter, root: root, settings: options.arguments, progress: nil)
        }
        let terminal = TerminalProgress()
        defer { terminal.finish() }
        return ChapterProcess.run(chapter, root: root, settings: options.arguments, progress: terminal.report)
    }

    /// Keeps the outputs of an expensive chapter's run (made with the
    /// recorded hyperparameters, and matching its recording) for the next runs.
    func keepIfExpensive(_ run: ChapterRun, of chapter: Chapter, root: URL) throws {
        do {
            try Freeze.keep(run, of: chapter, root: root)
        } catch let error as BookError {
            throw error
        } catch {
            throw BookError(file: Freeze.file(for: chapter, root: root), root: root,
                            message: "cannot keep the chapter's outputs: \(error.localizedDescription)")
        }
    }

    /// Runs `chapter`, drawing a progress bar when standard output is a terminal.
    func runWithProgress(_ chapter: Chapter) -> ChapterRun {
        guard isatty(STDOUT_FILENO) != 0 else { return ChapterRun(chapter) }
        let terminal = TerminalProgress()
        defer { terminal.finish() }
        return ChapterRun(chapter, progress: terminal.report)
    }
}

extension RunBook {
    static var chapterRangeText: String { TutorialBook.chapterNumbersText }

    /// Parses `--chapter`'s value, saying what is valid when it is not.
    static func chapterNumber(_ text: String) throws -> Int {
        guard let number = Int(text) else {
            throw ValidationError("--chapter \(Format.echoed(text)) is not a chapter number (\(chapterRangeText))")
        }
        guard TutorialBook.chapterNumbers.contains(number) else {
            throw ValidationError("--chapter \(number) is out of range: the chapters are \(chapterRangeText)")
        }
        return number
    }
}
