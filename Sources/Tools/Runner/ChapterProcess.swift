import Format
import Foundation
import Notebook
import SafeFiles

/// Runs a chapter in a process of its own, as a notebook runs its cells in a
/// kernel: a chapter whose code traps (a force-unwrap of nil, an index out of
/// range, `fatalError`) ends its own process, and the runner reports it as
/// that chapter's failure and goes on with the others.
///
/// The parent starts the executable with the arguments the book's command
/// gives (for the tutorial, `tutorial kernel --chapter N --root R` and the
/// settings); the child calls `serve`, which runs the chapter and writes what
/// it produced to standard output, one JSON object a line (`KernelLine`).
/// One line of what `tutorial kernel` writes: a progress report, an output,
/// an attached file, or the end of the chapter (its failure, if it failed, and its time).
public struct KernelLine: Codable {
    var progress: ProgressReport?
    var output: NamedOutput?
    var attachmentName: String?
    var attachment: Data?
    var failure: String?
    var seconds: Double?

    init(progress: ProgressReport) { self.progress = progress }
    init(output: NamedOutput) { self.output = output }
    init(attachment: Attachment) { (attachmentName, self.attachment) = (attachment.name, Data(attachment.contents)) }
    init(end run: ChapterRun) { (failure, seconds) = (run.failure, run.seconds) }

    /// Outputs may hold numbers that are not finite (a loss that diverged): JSON has no word for them.
    static let nonFinite = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity,
            nan: nonFinite.nan)
        return encoder
    }
    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity,
            nan: nonFinite.nan)
        return decoder
    }
}

/// Runs a chapter in a child process and collects what it wrote into a `ChapterRun`.
public enum ChapterProcess {
    /// In the child: runs `chapter` and writes its progress, outputs, attachments and end as `KernelLine`s.
    public static func serve(_ chapter: Chapter) {
        let run = ChapterRun(chapter, progress: { write(KernelLine(progress: $0)) })
        for output in run.outputs { write(KernelLine(output: output)) }
        for attachment in run.attachments { write(KernelLine(attachment: attachment)) }
        write(KernelLine(end: run))
    }

    /// Writes `line` and a line break to standard output, unbuffered, so the parent reads it at once.
    static func write(_ line: KernelLine) {
        guard let data = try? KernelLine.encoder.encode(line) else { return }
        try? StandardStreams.write(String(decoding: data, as: UTF8.self) + "\n")
    }

    /// Runs `chapter` in a process of this executable started with `arguments`, handing progress
    /// reports to `progress`. A process that traps, or ends without saying the chapter ended, is
    /// the chapter's failure, with the signal and the last line it wrote to standard error.
    public static func run(
        _ chapter: Chapter, arguments: [String],
        progress: ((ProgressReport) -> Void)?
    ) -> ChapterRun {
        var run = ChapterRun(chapterNumber: chapter.number)
        let start = ContinuousClock.now
        // Its standard error goes to a file of its own, created exclusively under a random name (never a
        // name planted in the shared temporary folder), read once the process has ended.
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tutorial-kernel-\(SafeFiles.randomName()).txt")
        defer { try? FileManager.default.removeItem(at: errors) }
        let process = Process()
        process.executableURL = Bundle.main.executableURL
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        // The runtime's backtrace takes a second and buries the one line that says what happened.
        process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { _, new in
            new
        }
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
                    if let report = message.progress { progress?(report) }
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
        let said =
            (try? String(contentsOf: errors, encoding: .utf8)).map {
                $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            } ?? []
        let lastWords =
            (said.last { $0.contains("Fatal error") } ?? said.last).map { ": " + Format.echoed($0, limit: 300) } ?? ""
        if process.terminationReason == .uncaughtSignal {
            run.failure =
                "the chapter's code crashed (signal \(process.terminationStatus)\(signalName(process.terminationStatus)))"
                + lastWords
        } else if !ended || process.terminationStatus != 0 {
            run.failure =
                run.failure ?? "the chapter's process ended with status \(process.terminationStatus)" + lastWords
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
