import Batches
import Engine
import Format
import Generator
import Notebook
import NumericCore
import Parameters

/// Chapter 7's entry point: where a training step's arithmetic goes, how
/// the engine packs a batch, and how accurate its vectorised activations
/// are. Its speed is measured by `tutorial bench` and
/// `Benchmarks/hidden-sweep.sh`, not here (timings are not reproducible
/// outputs); `sweep` is the latter's recording, which the chapter plots.
public enum MakingItFastChapter {
    public static func run(_ hp: Hyperparameters, in notebook: Notebook, sweep: HiddenSweep? = nil) throws {
        try hp.validate()
        var pipeline = InputPipeline(hp, seed: hp.seed)
        let batch = pipeline.nextBatch()
        let packing = PackedSequences(lengths: batch.lengths)
        let padded = batch.count * batch.maxLength
        notebook.table("work", work(hp, packing: packing, padded: padded))
        notebook.text(
            "packing",
            """
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
        notebook.heatmap(
            "padded-mask",
            Heatmap(
                title: "The first batch as drawn: 1 = a value, 0 = padding",
                xLabel: "timestep", yLabel: "sequence", columnLabels: timesteps,
                rowLabels: batch.lengths.indices.map { "#\($0)" }, values: mask(Array(batch.lengths.indices)),
                decimals: 0, scale: .sequential(0, 1)))
        notebook.heatmap(
            "packed-mask",
            Heatmap(
                title: "Sorted by length: the rows still running",
                xLabel: "timestep", yLabel: "sequence", columnLabels: timesteps,
                rowLabels: packing.order.map { "#\($0)" }, values: mask(packing.order),
                decimals: 0, scale: .sequential(0, 1)))
        notebook.table("activation-error", activationErrors())
        if let sweep {
            notebook.plot("hidden-sweep", sweep.plot)
        } else {
            notebook.text("hidden-sweep", "no recording: run Benchmarks/hidden-sweep.sh")
        }
    }

    /// What one training step on `packing`'s batch computes, counted: the
    /// multiply-adds of its matrix products, the exponentials of its gates
    /// and Adam's updates, for a loop over every padded timestep (Keras's,
    /// and the reference's) and for the engine's packed rows. The engine
    /// also skips the recurrent products of t = 0, whose h₋₁ is zero.
    static func work(_ hp: Hyperparameters, packing: PackedSequences, padded: Int) -> Table {
        let (h, g, classes) = (hp.hiddenSize, 4 * hp.hiddenSize, hp.classCount)
        let batch = packing.activeCounts.first ?? 0
        let (rows, recurrentRows) = (packing.total, packing.total - batch)
        let parameters = g * (1 + h + 1) + classes * (h + 1)
        let parts: [(String, String, Int, Int)] = [
            ("recurrent products: h·Wₕ, dz·Wₕᵀ, hᵀ·dz", "multiply-adds", 3 * padded * h * g, 3 * recurrentRows * h * g),
            ("input projection x·Wₓ + b, and dWₓ, db", "multiply-adds", 3 * padded * g, 3 * rows * g),
            ("Dense layer, forward and backward", "multiply-adds", 3 * batch * h * classes, 3 * batch * h * classes),
            ("σ and tanh of the gates and the cell", "exponentials", padded * 5 * h, rows * 5 * h),
            ("Adam", "weights updated", parameters, parameters)
        ]
        let products = parts.filter { $0.1 == "multiply-adds" }
        let packedProducts = products.reduce(0) { $0 + $1.3 }
        return Table(
            header: [
                "part of a training step", "counted in", "every timestep", "packed", "share of packed multiply-adds"
            ],
            rows: parts.map { name, unit, all, packed in
                [
                    name, unit, Format.grouped(all), Format.grouped(packed),
                    unit == "multiply-adds" ? Format.percent(Double(packed) / Double(packedProducts), 1) : ""
                ]
            })
    }

    /// The vectorised e^x, σ and tanh against the same functions in Double,
    /// at 2²⁰ + 1 evenly spaced points of each range.
    static func activationErrors() -> Table {
        let functions: [(String, ClosedRange<Double>, (SIMD16<Float>) -> SIMD16<Float>, (Double) -> Double)] = [
            ("exp(x)", -87...87, Activation.exp, Activation.exp),
            ("σ(x)", -20...20, Activation.sigmoid, Activation.sigmoid),
            ("tanh(x)", -10...10, Activation.tanh, Activation.tanh)
        ]
        let points = 1 << 20
        return Table(
            header: ["function", "range", "largest relative error", "largest absolute error"],
            rows: functions.map { name, range, vectorised, exact in
                var (relative, absolute) = (0.0, 0.0)
                for start in stride(from: 0, through: points, by: 16) {
                    let xs = (0..<16).map { lane in
                        Float(
                            range.lowerBound + (range.upperBound - range.lowerBound)
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
                return [
                    name, "\(Format.plain(range.lowerBound)) … \(Format.plain(range.upperBound))",
                    Format.scientific(relative), Format.scientific(absolute)
                ]
            })
    }
}
