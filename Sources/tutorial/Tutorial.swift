import ArgumentParser

/// `tutorial`: runs the Dynamic RNN tutorial.
@main
struct Tutorial: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tutorial",
        abstract: "The Dynamic RNN tutorial: an LSTM that tells linear runs from random sequences.",
        subcommands: [Train.self, Predict.self])

    func run() throws {
        print("tutorial")
    }
}
