import ArgumentParser
import Format
import Foundation
import Parameters
import Runner
import SafeFiles
import Site
import TutorialBook

/// `tutorial [run]`: runs the book, the command's default.
///
/// With no options it runs every chapter in order, checks what each produced
/// against the outputs recorded in its Markdown, prints one line per chapter,
/// and renders the site. This command reads the options and hands the
/// tutorial's book (`BookContents`) to the runner's `Pipeline`, which does
/// the rest: where the site goes (`Pipeline.Destination`), and that a book
/// that is broken (a bad include, block, fence or encoding, a chapter that
/// fails) writes nothing.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the chapters, check their recorded outputs and render the site (the default).",
        discussion: """
            Without options, runs every chapter, checks each output against the one recorded \
            in chapters/NN-*.md, renders the book as HTML into site/, and exits non-zero if any \
            chapter fails or differs. A run with other hyperparameters (--hidden-size 8, --seed 3, ...), or whose outputs differ \
            from the recorded ones, renders into a folder of its own under runs/ instead.
            """)

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Run only chapter N (\(RunCommand.chapterRangeText)) and print its outputs.", valueName: "N"),
        transform: RunCommand.chapterNumber)
    var chapter: Int?

    @Flag(help: "List the chapters.")
    var list = false

    @Flag(help: "Record what the chapters produce into their output blocks.")
    var update = false

    @Flag(
        help: ArgumentHelp(
            """
            Run every chapter, the expensive ones too. Without it, a chapter marked expensive (3 and 8) \
            reuses its kept outputs (chapters/_freeze/) while its sources, hyperparameters and output blocks \
            are unchanged.
            """))
    var refresh = false

    @OptionGroup var options: HyperparameterOptions

    @Option(
        help: ArgumentHelp(
            "The folder that holds chapters/ (default: the current folder or the nearest above it).",
            valueName: "PATH"))
    var root: String?

    @Option(
        help: ArgumentHelp(
            """
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
            throw ValidationError(
                "--update records the default hyperparameters; leave out the options that change them")
        }
    }

    func run() throws {
        do {
            let root = try locateRoot()
            var pipeline = pipeline(for: try BookContents.load(root, hyperparameters))
            // Each chapter runs in a process of its own, so that a chapter that crashes is that chapter's failure.
            let settings = options.arguments
            pipeline.kernelArguments = { Kernel.arguments($0, root: root, settings: settings) }
            if list {
                for chapter in pipeline.book.chapters {
                    print("\(chapter.number)  \(chapter.title)  (\(chapter.path))")
                }
            } else if let number = chapter, let chapter = pipeline.book.chapter(number) {
                guard pipeline.show(chapter) else { throw ExitCode.failure }
            } else if update {
                try pipeline.record()
            } else {
                guard try pipeline.runAndCheck() else { throw ExitCode.failure }
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

    /// The runner's pipeline for `book`, with this command's options; chapters run in this process.
    func pipeline(for book: Book) -> Pipeline {
        var pipeline = Pipeline(book: book)
        pipeline.refresh = refresh
        pipeline.usesRecordedSettings = usesRecordedHyperparameters
        pipeline.destination = Pipeline.Destination(folder: siteFolder, runName: options.changedValuesName)
        return pipeline
    }

    func locateRoot() throws(BookError) -> URL {
        guard let root else { return try Book.locateRoot(from: currentFolder) }
        return URL(fileURLWithPath: root, relativeTo: currentFolder).standardizedFileURL
    }

    var currentFolder: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }

    /// The folder `--site` names, resolved as the site writer will resolve it.
    var siteFolder: URL? {
        site.map { site in
            URL(
                fileURLWithPath: (try? SiteFolder.physicalPath(site, from: currentFolder.path))
                    ?? URL(fileURLWithPath: site, relativeTo: currentFolder).standardizedFileURL.path)
        }
    }
}

extension RunCommand {
    static var chapterRangeText: String { BookContents.chapterNumbersText }

    /// Parses `--chapter`'s value, saying what is valid when it is not.
    static func chapterNumber(_ text: String) throws -> Int {
        guard let number = Int(text) else {
            throw ValidationError("--chapter \(Format.echoed(text)) is not a chapter number (\(chapterRangeText))")
        }
        guard BookContents.chapterNumbers.contains(number) else {
            throw ValidationError("--chapter \(number) is out of range: the chapters are \(chapterRangeText)")
        }
        return number
    }
}
