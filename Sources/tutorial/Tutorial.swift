import ArgumentParser

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
}
