import ArgumentParser
import Foundation

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
        subcommands: [RunBook.self, Train.self, Predict.self, Bench.self],
        defaultSubcommand: RunBook.self)

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = unknownCommandMessage(arguments) {
            writeToStandardError("error: \(message)\n")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        main(arguments)
    }

    /// A first argument that is neither an option nor a command would otherwise reach
    /// the default command, `run`, as a stray argument: name it as the unknown command it is.
    static func unknownCommandMessage(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names = configuration.subcommands.map { $0._commandName } + ["help"]
        guard !names.contains(first) else { return nil }
        let shown = first.count > 40 ? first.prefix(40) + "…" : Substring(first)
        let escaped = shown.unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }
        return "unknown command '\(escaped.joined())'; the commands are \(names.dropLast().joined(separator: ", ")) "
            + "(see tutorial --help)"
    }
}
