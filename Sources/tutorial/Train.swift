import ArgumentParser
import Parameters
import Training

/// `tutorial train`: the training loop in the terminal.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the model and print the training log and the held-out accuracy.")

    @Option(help: "Training steps.") var steps = Hyperparameters().trainingSteps
    @Option(help: "Random seed for data and initial weights.") var seed = Hyperparameters().seed

    func run() throws {
        var hp = Hyperparameters()
        hp.trainingSteps = steps
        hp.seed = seed
        let run = try train(hp, onLog: { print($0.text) })
        print(heldOutLine(heldOutAccuracy(run.model, hp), hp))
    }
}
