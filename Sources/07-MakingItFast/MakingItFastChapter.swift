import Engine
import Generator
import Notebook
import NumericCore
import Parameters

/// Chapter 7's entry point: how the engine packs a batch, and how accurate
/// its vectorised activations are. (Its speed is measured by
/// `tutorial bench`, not here: timings are not reproducible outputs.)
public enum MakingItFastChapter {
    public static func run(_ hp: Hyperparameters, in notebook: Notebook) throws {
        try hp.validate()
        var pipeline = InputPipeline(hp, seed: hp.seed)
        let batch = pipeline.nextBatch()
        let packing = PackedSequences(lengths: batch.lengths)
        let padded = batch.count * batch.maxLength
        notebook.text("packing", """
            lengths, sorted: \(packing.sortedLengths.map(String.init).joined(separator: " "))
            active rows per timestep: \(packing.activeCounts.map(String.init).joined(separator: " "))
            real timesteps: \(packing.total) of \(padded) \
            (\(Format.percent(Double(packing.total) / Double(padded), 1))); \
            the other \(padded - packing.total) are never visited
            """)
        // The same batch drawn: B rows by T timesteps, 1 where a sequence has a value and 0 where it is
        // padded, first as drawn, then in packed order, where the rows still running form a staircase.
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
        notebook.table("activation-error", activationErrors())
    }

    /// The vectorised e^x, σ and tanh against the same functions in Double,
    /// at 2²⁰ + 1 evenly spaced points of each range.
    static func activationErrors() -> Table {
        let functions: [(String, ClosedRange<Double>, (SIMD16<Float>) -> SIMD16<Float>, (Double) -> Double)] = [
            ("exp(x)", -87...87, Activation.exp, Activation.exp),
            ("σ(x)", -20...20, Activation.sigmoid, Activation.sigmoid),
            ("tanh(x)", -10...10, Activation.tanh, Activation.tanh),
        ]
        let points = 1 << 20
        return Table(
            header: ["function", "range", "largest relative error", "largest absolute error"],
            rows: functions.map { name, range, vectorised, exact in
                var (relative, absolute) = (0.0, 0.0)
                for start in stride(from: 0, through: points, by: 16) {
                    let xs = (0..<16).map { lane in
                        Float(range.lowerBound + (range.upperBound - range.lowerBound)
                              * Double(min(start + lane, points)) / Double(points))
                    }
                    let ys = vectorised(SIMD16(xs))
                    for lane in 0..<16 {
                        let truth = exact(Double(xs[lane]))
                        let error = abs(Double(ys[lane]) - truth)
                        absolute = max(absolute, error)
                        if truth != 0 { relative = max(relative, error / abs(truth)) }
                    }
                }
                return [name, "\(Format.plain(range.lowerBound)) … \(Format.plain(range.upperBound))",
                        Format.scientific(relative), Format.scientific(absolute)]
            })
    }
}
