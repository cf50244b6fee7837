import Batches
import Engine
import Format
import Foundation
import Generator
import Model
import ModelFiles
import Notebook
import NumericCore
import Parameters
import Training

/// Chapter 6's entry point: the whole training run, its curves, the
/// held-out accuracy, and the trained model's state along two sequences.
/// The trained weights go to the site as `model.safetensors`, the file
/// `tutorial train --save` writes, for the page to run and readers to download.
public enum TrainingChapter {
    /// The name of the weights file in the site.
    public static let weightsFile = "model.safetensors"

    public static func run(_ hp: Hyperparameters, in notebook: Notebook) throws {
        let run = try train(hp) { entry in
            notebook.progress?(
                ProgressReport(
                    done: entry.step, total: hp.trainingSteps,
                    detail: "loss \(Format.fixed(entry.loss, 4))  accuracy \(Format.percent(Double(entry.accuracy)))"))
        }
        let accuracy = heldOutAccuracy(run.model, hp)
        notebook.text("log", (run.log.map(\.text) + [heldOutLine(accuracy, hp)]).joined(separator: "\n"))
        notebook.table(
            "summary",
            Table(
                header: ["measure", "value"],
                rows: [
                    ["held-out accuracy", Format.percent(accuracy)],
                    ["held-out sequences", Format.grouped(hp.heldOutSize)],
                    ["training steps", Format.grouped(hp.trainingSteps)],
                    ["sequences trained on", Format.grouped(hp.trainingSteps * hp.batchSize)],
                    ["parameters", Format.grouped(run.model.parameterCount)],
                    ["seed", "\(hp.seed)"]
                ]))
        notebook.text("overlap", overlap(hp))
        notebook.attach(weightsFile, try SavedModel(run.model, hp).file.encoded(path: weightsFile))
        let steps = run.log.map { Double($0.step) }
        notebook.plot(
            "curves",
            Plot(
                title: "Loss and accuracy on the training batch", xLabel: "training step",
                yLabel: "loss (nats), accuracy (fraction)",
                series: [
                    Series(name: "loss", x: steps, y: run.log.map { Double($0.loss) }),
                    Series(name: "accuracy", x: steps, y: run.log.map { Double($0.accuracy) })
                ],
                references: [ReferenceLine(y: Maths.log(2.0), label: "ln 2: the loss of a model with no opinion")]))

        // The trained state along one linear and one random sequence.
        let start = min(4617, hp.maxValue - hp.maxLength)
        let linear = LabeledSequence(values: Array(start..<(start + hp.maxLength)), label: 0)
        var generator = ToySequences(hp, seed: hp.seed &+ 1)
        var random = generator.next()
        while random.label != 1 { random = generator.next() }
        // All hidden units, one row each; both heatmaps on one colour scale (h lies in (-1, 1)),
        // so that a colour means the same number in both.
        for (name, sequence) in [("linear", linear), ("random", random)] {
            let states = run.model.trace(of: Batch([sequence], hp)).hidden
            notebook.heatmap(
                "hidden-\(name)",
                Heatmap(
                    title: "All \(hp.hiddenSize) hidden units along a \(name) sequence",
                    xLabel: "timestep", yLabel: "unit",
                    columnLabels: states.indices.map(String.init),
                    rowLabels: (0..<hp.hiddenSize).map { "h[\($0)]" },
                    values: (0..<hp.hiddenSize).map { unit in states.map { Double($0[unit]) } },
                    decimals: 2, scale: .diverging(1)))
        }
    }

    /// How many of the held-out linear runs the training stream also drew.
    static func overlap(_ hp: Hyperparameters) -> String {
        struct LinearRun: Hashable { var start: Int, length: Int }
        func linearRun(_ s: LabeledSequence) -> LinearRun? {
            s.label == 0 ? LinearRun(start: s.values[0], length: s.values.count) : nil
        }
        var pipeline = InputPipeline(hp, seed: hp.seed)
        var (draws, trained) = (0, Set<LinearRun>())
        for _ in 0..<(hp.trainingSteps * hp.batchSize) {
            guard let run = linearRun(pipeline.nextSequence()) else { continue }
            draws += 1
            trained.insert(run)
        }
        let heldOut = heldOutSequences(hp).compactMap(linearRun)
        let seen = heldOut.filter(trained.contains).count
        let possible = (hp.minLength...hp.maxLength).reduce(0) { $0 + hp.maxValue - $1 + 1 }
        return """
            possible linear runs (lengths \(hp.minLength)...\(hp.maxLength)): \(Format.grouped(possible))
            linear runs drawn in training: \(Format.grouped(draws)), of which distinct: \(Format.grouped(trained.count)) \
            (\(Format.percent(Double(trained.count) / Double(possible), 1)) of all)
            held-out linear runs also drawn in training: \(Format.grouped(seen)) of \(Format.grouped(heldOut.count)) \
            (\(Format.percent(Double(seen) / Double(max(heldOut.count, 1)), 1)))
            """
    }
}
