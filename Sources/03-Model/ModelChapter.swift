import Generator
import Notebook
import Parameters

/// Chapter 3's entry point: the parameters, the packing of a batch, and a
/// forward pass through the untrained model.
public enum ModelChapter {
    public static func run(_ hp: Hyperparameters, in notebook: Notebook) throws {
        try hp.validate()
        let model = LSTMClassifier(hp, seed: hp.seed)
        notebook.table("parameter-count", Table(
            header: ["tensor", "shape", "parameters"],
            rows: model.layout.tensors.map { ["\($0.name)", "[" + $0.shape.map(String.init).joined(separator: ", ") + "]",
                                             Format.grouped($0.count)] }
                + [["total", "", Format.grouped(model.parameterCount)]]))

        var pipeline = InputPipeline(hp, seed: hp.seed)
        let batch = pipeline.nextBatch()
        let packing = PackedSequences(lengths: batch.lengths)
        let padded = batch.count * batch.maxLength
        notebook.text("packing", """
            lengths, sorted: \(packing.sortedLengths.map(String.init).joined(separator: " "))
            active rows per timestep: \(packing.activeCounts.map(String.init).joined(separator: " "))
            real timesteps: \(packing.total) of \(padded) (\(Format.percent(Double(packing.total) / Double(padded), 1))); \
            the other \(padded - packing.total) cost nothing
            """)

        let logits = model.forward(batch)
        notebook.text("forward", (0..<min(4, batch.count)).map { row in
            let z = logits[(row * hp.classCount)..<((row + 1) * hp.classCount)]
            return "sequence \(row) (length \(batch.lengths[row]), label \(batch.labels[row])): logits "
                + z.map { Format.fixed($0) }.joined(separator: " ")
        }.joined(separator: "\n"))
    }
}
