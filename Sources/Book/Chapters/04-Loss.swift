import Batches
import Engine
import Format
import Foundation
import Generator
import Loss
import Model
import Notebook
import NumericCore
import Parameters

/// Chapter 4's entry point: the loss of the untrained model, and why the
/// stable formula matters.
public enum LossChapter {
    public static func run(_ hp: Hyperparameters, in notebook: Notebook) throws {
        try hp.validate()
        let model = LSTMClassifier(hp, seed: hp.seed)
        var pipeline = InputPipeline(hp, seed: hp.seed)
        let batch = pipeline.nextBatch()
        let logits = model.forward(batch)
        let (loss, dLogits) = softmaxCrossEntropy(logits: logits, labels: batch.labels, classCount: hp.classCount)
        let probabilities = softmax(logits: logits, classCount: hp.classCount)
        notebook.text(
            "untrained-loss",
            """
            loss of the untrained model: \(Format.fixed(loss))
            ln \(hp.classCount) = \(Format.fixed(Maths.log(Double(hp.classCount))))
            accuracy: \(Format.fixed(accuracy(logits: logits, labels: batch.labels, classCount: hp.classCount)))
            first sequence: probabilities \(Format.row(Array(probabilities[0..<hp.classCount]), 6)), \
            label \(batch.labels[0]), dLoss/dlogits \(Format.row(Array(dLogits[0..<hp.classCount]), 6))
            """)

        // A confident, wrong prediction: the naive formula overflows, the stable one does not.
        let extreme: [Float] = [100, 0]
        let naive = -Maths.log(Maths.exp(extreme[1]) / (Maths.exp(extreme[0]) + Maths.exp(extreme[1])))
        let stable = softmaxCrossEntropy(logits: extreme, labels: [1], classCount: 2).loss
        notebook.table(
            "stability",
            Table(
                header: ["logits", "label", "-log(softmax) computed naively", "log-sum-exp form"],
                rows: [["[100, 0]", "1", Format.fixed(naive), Format.fixed(stable)]]))
    }
}
