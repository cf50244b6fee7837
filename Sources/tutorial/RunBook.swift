import ArgumentParser
import Foundation
import Notebook
import Parameters
import Runner

/// `tutorial [run]`: runs the book, the command's default.
///
/// With no options it runs every chapter in order, checks what each produced
/// against the outputs recorded in its Markdown, and prints one line per
/// chapter. The pipeline's stages live in the Runner module; this command
/// only reads the options and chains them: Book → run → check (or update) →
/// report, and with `--site` render.
struct RunBook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the chapters, check their recorded outputs and render the site (the default).",
        discussion: """
            Without options, runs every chapter, checks each output against the one recorded \
            in chapters/NN-*.md, renders the book as HTML into site/, and exits non-zero if any \
            chapter fails or differs.
            """)

    @Option(help: ArgumentHelp("Run only chapter N (\(RunBook.chapterRangeText)) and print its outputs.", valueName: "N"),
            transform: RunBook.chapterNumber)
    var chapter: Int?

    @Flag(help: "List the chapters.")
    var list = false

    @Flag(help: "Record what the chapters produce into their output blocks.")
    var update = false

    @Option(help: ArgumentHelp("Seed of the random number generator (default \(Hyperparameters().seed)).", valueName: "S"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("Training steps (default \(Hyperparameters().trainingSteps)).", valueName: "N"))
    var steps: Int?

    @Option(help: ArgumentHelp("The folder that holds chapters/ (default: the current folder or the nearest above it).",
                               valueName: "PATH"))
    var root: String?

    @Option(help: ArgumentHelp("Where to write the HTML site (default: site/ beside chapters/).", valueName: "PATH"))
    var site: String?

    /// The defaults with `--seed` and `--steps` applied.
    var hyperparameters: Hyperparameters {
        var hyperparameters = Hyperparameters()
        if let seed { hyperparameters.seed = seed }
        if let steps { hyperparameters.trainingSteps = steps }
        return hyperparameters
    }

    /// Whether the outputs are those recorded in the chapters, which are made with the defaults.
    var usesRecordedHyperparameters: Bool { hyperparameters == Hyperparameters() }

    func validate() throws {
        if list && (chapter != nil || update || site != nil) {
            throw ValidationError("--list takes no other option but --root")
        }
        if site != nil && (chapter != nil || update) {
            throw ValidationError("--site renders the whole book after checking it; leave out --chapter and --update")
        }
        if update && chapter != nil {
            throw ValidationError("--update records every chapter; leave out --chapter")
        }
        if update && !usesRecordedHyperparameters {
            throw ValidationError("--update records the default hyperparameters; leave out --seed and --steps")
        }
        do {
            try hyperparameters.validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        do {
            let book = try Book(tutorialAt: try locateRoot())
            if list {
                for chapter in book.chapters { print("\(chapter.number)  \(chapter.title)  (\(chapter.path))") }
            } else if let number = chapter, let chapter = book.chapter(number) {
                try show(chapter)
            } else if update {
                try record(book)
            } else {
                try runAndCheck(book)
            }
        } catch let error as BookError {
            writeToStandardError("error: \(error)\n")
            throw ExitCode.failure
        } catch let error as UpdateRefused {
            writeToStandardError("error: \(error)\n")
            throw ExitCode.failure
        }
    }

    func locateRoot() throws(BookError) -> URL {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        guard let root else { return try Book.locateRoot(from: current) }
        return URL(fileURLWithPath: root, relativeTo: current).standardizedFileURL
    }

    /// `--chapter N`: runs one chapter and prints its outputs as text.
    func show(_ chapter: Chapter) throws {
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

    /// `--update`: runs every chapter and rewrites the output blocks.
    func record(_ book: Book) throws {
        let runs = book.chapters.map(runWithProgress)
        let changed = try Update.write(book, runs: runs)
        print(changed.isEmpty ? "all recorded outputs are up to date" : "updated " + changed.joined(separator: ", "))
    }

    /// No options: runs, checks and reports every chapter.
    func runAndCheck(_ book: Book) throws {
        let report = Report(book: book)
        var runs: [ChapterRun] = []
        var checks: [ChapterCheck] = []
        for chapter in book.chapters {
            let run = runWithProgress(chapter)
            // Outputs are recorded with the defaults; with others there is nothing to compare.
            let check = usesRecordedHyperparameters ? ChapterCheck(chapter, run: run, root: book.root) : nil
            print(report.line(chapter, run: run, check: check))
            runs.append(run)
            if let check { checks.append(check) }
        }
        for line in Report.details(runs: runs, checks: checks) { print(line) }
        if !runs.contains(where: { $0.failure != nil }) {
            try render(book, runs: runs, to: site ?? book.root.appendingPathComponent("site").path)
        }
        if !usesRecordedHyperparameters {
            print("outputs not checked: they are recorded with the default --seed and --steps")
        }
        if runs.contains(where: { $0.failure != nil }) || checks.contains(where: { $0.status != .ok }) {
            throw ExitCode.failure
        }
    }

    /// `--site PATH`: the book as HTML, with the outputs of this run.
    func render(_ book: Book, runs: [ChapterRun], to path: String) throws {
        let folder = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        do {
            try SiteBuild.write(book, runs: runs, to: folder.standardizedFileURL)
        } catch {
            writeToStandardError("error: the site was not written: \(error)\n")
            throw ExitCode.failure
        }
        print("site written to \(folder.standardizedFileURL.path)")
    }

    /// Runs `chapter`, drawing a progress bar when standard output is a terminal.
    func runWithProgress(_ chapter: Chapter) -> ChapterRun {
        guard isatty(STDOUT_FILENO) != 0 else { return ChapterRun(chapter, hyperparameters: hyperparameters) }
        let terminal = TerminalProgress()
        defer { terminal.finish() }
        return ChapterRun(chapter, hyperparameters: hyperparameters, progress: terminal.report)
    }
}

extension RunBook {
    static var chapterRangeText: String { Book.runnableChapterText }

    /// Parses `--chapter`'s value, saying what is valid when it is not.
    static func chapterNumber(_ text: String) throws -> Int {
        guard let number = Int(text), Book.runnableChapterNumbers.contains(number) else {
            throw ValidationError("--chapter must be \(chapterRangeText)")
        }
        return number
    }
}
