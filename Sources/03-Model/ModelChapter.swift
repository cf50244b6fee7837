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
        // The same batch drawn: B rows by T timesteps, 1 where a sequence has a value and 0 where it is padded,
        // first as drawn, then in packed order (sorted by length), where the running rows form a staircase.
        let timesteps = (0..<batch.maxLength).map(String.init)
        func mask(_ rows: [Int]) -> [[Double]] {
            rows.map { row in (0..<batch.maxLength).map { $0 < batch.lengths[row] ? 1 : 0 } }
        }
        notebook.heatmap("padded-mask", Heatmap(
            title: "The first batch as drawn: 1 = a value, 0 = padding",
            xLabel: "timestep", yLabel: "sequence", columnLabels: timesteps,
            rowLabels: batch.lengths.indices.map { "#\($0)" }, values: mask(Array(batch.lengths.indices)),
            decimals: 0, scale: .sequential(0, 1)))
        notebook.heatmap("packed-mask", Heatmap(
            title: "Sorted by length: the rows still running",
            xLabel: "timestep", yLabel: "sequence", columnLabels: timesteps,
            rowLabels: packing.order.map { "#\($0)" }, values: mask(packing.order),
            decimals: 0, scale: .sequential(0, 1)))

        let logits = model.forward(batch)
        notebook.text("forward", (0..<min(4, batch.count)).map { row in
            let z = logits[(row * hp.classCount)..<((row + 1) * hp.classCount)]
            return "sequence \(row) (length \(batch.lengths[row]), label \(batch.labels[row])): logits "
                + z.map { Format.fixed($0) }.joined(separator: " ")
        }.joined(separator: "\n"))
    }
}
