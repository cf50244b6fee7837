import ArgumentParser
import Foundation
import Notebook
import Runner
import SafeFiles

/// `tutorial kernel --chapter N [settings]`, not shown in the help: runs one
/// chapter and writes what it produced to standard output, one JSON object a
/// line (`KernelLine`), for `run` to collect.
///
/// `run` runs each chapter in a process of its own, as a notebook runs its
/// cells in a kernel: a chapter whose code traps (a force-unwrap of nil, an
/// index out of range, `fatalError`) ends its own process, and `run` reports
/// it as that chapter's failure and goes on with the others.
struct Kernel: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one chapter and write its outputs as JSON lines (used by run).", shouldDisplay: false)

    /// Set to a chapter's number, makes that chapter trap: how a test shows that a crash is one failed chapter.
    static let trapVariable = "TUTORIAL_TEST_TRAP_IN_CHAPTER"

    @Option(help: "The chapter to run.")
    var chapter: Int

    @Option(help: "The folder that holds chapters/.")
    var root: String

    @OptionGroup var options: HyperparameterOptions

    func run() throws {
        let book = try TutorialBook.load(URL(fileURLWithPath: root), options.hyperparameters)
        guard let chapter = book.chapter(chapter) else {
            throw ValidationError("there is no chapter \(self.chapter)")
        }
        if ProcessInfo.processInfo.environment[Self.trapVariable] == "\(chapter.number)" {
            fatalError("chapter \(chapter.number) made to trap by \(Self.trapVariable)")
        }
        let run = ChapterRun(chapter, progress: { Self.write(KernelLine(progress: $0)) })
        for output in run.outputs { Self.write(KernelLine(output: output)) }
        for attachment in run.attachments { Self.write(KernelLine(attachment: attachment)) }
        Self.write(KernelLine(end: run))
    }

    /// Writes `line` and a line break to standard output, unbuffered, so `run` reads it at once.
    static func write(_ line: KernelLine) {
        guard let data = try? KernelLine.encoder.encode(line) else { return }
        try? StandardStreams.write(String(decoding: data, as: UTF8.self) + "\n")
    }
}

/// One line of what `tutorial kernel` writes: a progress report, an output,
/// an attached file, or the end of the chapter (its failure, if it failed, and its time).
struct KernelLine: Codable {
    var progress: [Double]?
    var output: NamedOutput?
    var attachmentName: String?
    var attachment: Data?
    var failure: String?
    var seconds: Double?

    init(progress: StepProgress) {
        self.progress = [Double(progress.step), Double(progress.totalSteps), progress.loss, progress.accuracy]
    }
    init(output: NamedOutput) { self.output = output }
    init(attachment: Attachment) { (attachmentName, self.attachment) = (attachment.name, Data(attachment.contents)) }
    init(end run: ChapterRun) { (failure, seconds) = (run.failure, run.seconds) }

    /// Outputs may hold numbers that are not finite (a loss that diverged): JSON has no word for them.
    static let nonFinite = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity, nan: nonFinite.nan)
        return encoder
    }
    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity, nan: nonFinite.nan)
        return decoder
    }
}

/// Runs a chapter in a child process (`tutorial kernel`) and collects what it wrote into a `ChapterRun`.
enum ChapterProcess {
    /// Runs `chapter` of the book at `root` with `settings` (the hyperparameter options, as typed),
    /// handing progress reports to `progress`. A process that traps, or ends without saying the
    /// chapter ended, is the chapter's failure, with the signal and the last line it wrote to standard error.
    static func run(_ chapter: Chapter, root: URL, settings: [String],
                    progress: ((StepProgress) -> Void)?) -> ChapterRun {
        var run = ChapterRun(chapterNumber: chapter.number)
        let start = ContinuousClock.now
        // Its standard error goes to a file of its own, created exclusively under a random name (never a
        // name planted in the shared temporary folder), read once the process has ended.
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("tutorial-kernel-\(SafeFiles.randomName()).txt")
        defer { try? FileManager.default.removeItem(at: errors) }
        let process = Process()
        process.executableURL = Bundle.main.executableURL
        process.arguments = ["kernel", "--chapter", "\(chapter.number)", "--root", root.path] + settings
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        // The runtime's backtrace takes a second and buries the one line that says what happened.
        process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { _, new in new }
        var ended = false
        do {
            let errorFile = FileHandle(fileDescriptor: try SafeFiles.createExclusive(errors.path), closeOnDealloc: true)
            defer { try? errorFile.close() }
            process.standardError = errorFile
            try process.run()
            var pending = Data()
            while true {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                pending.append(data)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = pending[pending.startIndex..<newline]
                    pending = Data(pending[(newline + 1)...])
                    guard let message = try? KernelLine.decoder.decode(KernelLine.self, from: line) else { continue }
                    if let numbers = message.progress, numbers.count == 4 {
                        progress?(StepProgress(step: Int(numbers[0]), totalSteps: Int(numbers[1]),
                                               loss: numbers[2], accuracy: numbers[3]))
                    }
                    if let named = message.output { run.outputs.append(named) }
                    if let name = message.attachmentName, let contents = message.attachment {
                        run.attachments.append(Attachment(name: name, contents: [UInt8](contents)))
                    }
                    if let seconds = message.seconds {
                        (run.failure, run.seconds, ended) = (message.failure, seconds, true)
                    }
                }
            }
            process.waitUntilExit()
        } catch {
            run.failure = "could not start the chapter's process: \(error.localizedDescription)"
            return run
        }
        // What the process last said: the runtime's "Fatal error: …" line if there is one.
        let said = (try? String(contentsOf: errors, encoding: .utf8)).map {
            $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } ?? []
        let lastWords = (said.last { $0.contains("Fatal error") } ?? said.last).map { ": " + Format.echoed($0, limit: 300) } ?? ""
        if process.terminationReason == .uncaughtSignal {
            run.failure = "the chapter's code crashed (signal \(process.terminationStatus)\(signalName(process.terminationStatus)))"
                + lastWords
        } else if !ended || process.terminationStatus != 0 {
            run.failure = run.failure ?? "the chapter's process ended with status \(process.terminationStatus)" + lastWords
        }
        if !ended { run.seconds = (ContinuousClock.now - start).seconds }
        return run
    }

    /// The signals a trap raises, by name.
    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGILL: ", SIGILL: a trap"
        case SIGTRAP: ", SIGTRAP: a trap"
        case SIGABRT: ", SIGABRT"
        case SIGSEGV: ", SIGSEGV"
        case SIGBUS: ", SIGBUS"
        case SIGKILL: ", SIGKILL"
        default: ""
        }
    }
}
