import ArgumentParser
import Format
import Foundation
import Runner

/// `tutorial`: the Dynamic RNN tutorial's command.
///
/// Each job is a subcommand in a file of its own. Without one, `run` runs:
/// `tutorial --chapter 5` is `tutorial run --chapter 5`. The root itself has
/// no options, so a subcommand's `--seed` or `--steps` is always its own.
@main
struct Tutorial: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tutorial",
        abstract: "The Dynamic RNN tutorial: an LSTM that tells linear runs from random sequences.",
        discussion: """
            Without a command, `run` runs: it runs every chapter, checks the outputs recorded \
            in chapters/NN-*.md and renders the site. Its main options (`tutorial help run` lists all):

              --chapter N     run only chapter N and print its outputs
              --list          list the chapters
              --update        record what the chapters produce into their output blocks
              --refresh       run the expensive chapters too

            The hyperparameters, options of run, train and bench alike; a run with any \
            of them changed renders into runs/NAME/, not site/:

              --hidden-size N      --batch-size N       --learning-rate RATE
              --max-length N       --min-length N       --max-value N
              --shuffle-buffer-size N                   --held-out-size N
              --display-step N     --steps N            --seed S
            """,
        subcommands: [RunCommand.self, Train.self, Predict.self, Bench.self, Kernel.self],
        defaultSubcommand: RunCommand.self)

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = unknownCommandMessage(arguments) {
            writeToStandardError("error: \(message)\n")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        if let message = StandardStreams.closedOutputMessage() {
            writeToStandardError("error: \(message)\n")
            Foundation.exit(ExitCode.failure.rawValue)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            if let failure = StandardStreams.finish() { throw failure }
        } catch let failure as StandardStreams.OutputFailure {
            writeToStandardError("error: \(failure)\n")
            Foundation.exit(ExitCode.failure.rawValue)
        } catch {
            let message = fullMessage(for: error)
            if exitCode(for: error) == .success {
                print(message)
            } else if !message.isEmpty {
                writeToStandardError(printable(message) + "\n")
            }
            if exitCode(for: error) == .success, let failure = StandardStreams.finish() {
                writeToStandardError("error: \(failure)\n")
                Foundation.exit(ExitCode.failure.rawValue)
            }
            Foundation.exit(exitCode(for: error).rawValue)
        }
    }

    /// An error message safe to print: control characters that came from
    /// input escaped, and a quoted value longer than 40 characters (as
    /// ArgumentParser quotes the value it refuses: `The value '…' is invalid`)
    /// cut short.
    static func printable(_ message: String) -> String {
        let parts = message.split(separator: "'", omittingEmptySubsequences: false)
        return parts.enumerated().map { index, part in
            let quoted = index % 2 == 1 && index < parts.count - 1
            return quoted ? Format.echoed(part) : Format.escapingControlCharacters(part, keepingLineBreaks: true)
        }.joined(separator: "'")
    }

    /// A first argument that is neither an option nor a command would otherwise reach
    /// the default command, `run`, as a stray argument: name it as the unknown command it is.
    static func unknownCommandMessage(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        guard !(configuration.subcommands.map { $0._commandName } + ["help"]).contains(first) else { return nil }
        let names =
            configuration.subcommands.filter { $0.configuration.shouldDisplay }.map { $0._commandName } + ["help"]
        return
            "unknown command '\(Format.echoed(first))'; the commands are \(names.dropLast().joined(separator: ", ")) "
            + "(see tutorial --help)"
    }
}
