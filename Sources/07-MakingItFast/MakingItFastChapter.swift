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
        notebook.table("activation-error", activationErrors())
    }

    /// The vectorised e^x, σ and tanh against the same functions in Double,
    /// at 2²⁰ + 1 evenly spaced points of each range.
    static func activationErrors() -> Table {
        let functions: [(String, ClosedRange<Double>, (SIMD16<Float>) -> SIMD16<Float>, (Double) -> Double)] = [
            ("e^x", -87...87, Activation.exp, Activation.exp),
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
