import Batches
import Engine
import Format
import Generator
import Loss
import Model
import Notebook
import NumericCore
import Optimization
import Parameters

/// Chapter 5's entry point: one optimization step, and what Adam's first
/// update looks like.
public enum OptimizationChapter {
    public static func run(_ hp: Hyperparameters, in notebook: Notebook) throws {
        try hp.validate()
        let model = LSTMClassifier(hp, seed: hp.seed)
        var optimizer = Optimizer(model: model, learningRate: hp.learningRate)
        var pipeline = InputPipeline(hp, seed: hp.seed)
        let batch = pipeline.nextBatch()
        let before = model.weights
        let (lossBefore, _) = optimizer.step(on: batch)
        let lossAfter = softmaxCrossEntropy(
            logits: model.forward(batch), labels: batch.labels,
            classCount: hp.classCount
        ).loss
        notebook.text(
            "one-step",
            """
            loss before the step: \(Format.fixed(lossBefore))
            loss after the step:  \(Format.fixed(lossAfter)) (same batch)
            """)
        notebook.table(
            "first-update",
            Table(
                header: ["tensor", "largest |Δw|", "mean |Δw|"],
                rows: model.layout.tensors.map { slice in
                    let deltas = slice.range.map { abs(model.weights[$0] - before[$0]) }
                    return [
                        slice.name, Format.fixed(deltas.max()!, 6),
                        Format.fixed(deltas.reduce(0, +) / Float(deltas.count), 6)
                    ]
                }))
    }
}
