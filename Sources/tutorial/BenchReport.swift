import Notebook

/// What `tutorial bench` measured: encoded as JSON with `--json`, or printed
/// as an aligned text report.
struct BenchResults: Codable {
    /// What the figures were measured on.
    struct Machine: Codable {
        var cpu: String
        /// The cores this process may run on.
        var cores: Int
        /// The x86 vector extensions the CPU has, of avx512f, avx2 and fma.
        var vectorExtensions: [String]
        /// "release" or "debug".
        var build: String
    }

    /// `count` units of work (steps, sequences) done in `seconds`, and the rates that follow.
    struct Throughput: Codable {
        var count: Int
        var unit: String
        var seconds: Benchmark.Figure
        var perSecond: Benchmark.Figure
        /// The LSTM's matrix work, as `Benchmark.lstmMatrixFLOPs` counts it.
        var matrixGFLOP: Double
        var gflopPerSecond: Benchmark.Figure

        init(count: Int, unit: String, seconds: [Double], matrixFLOPs: Double) {
            (self.count, self.unit) = (count, unit)
            self.seconds = Benchmark.Figure(seconds: seconds)
            perSecond = self.seconds.rate(of: Double(count))
            matrixGFLOP = matrixFLOPs / 1e9
            gflopPerSecond = self.seconds.rate(of: matrixGFLOP)
        }
    }

    /// One training step on a batch whose sequences all have `length` values, padded to `paddedLength`.
    struct StepTime: Codable {
        var length: Int
        var paddedLength: Int
        var secondsPerStep: Benchmark.Figure
        /// The median time over that of the longest sequences (`maxLength`, padded to it).
        var ratioToLongest: Double
        /// At the median time.
        var gflopPerSecond: Double
    }

    var machine: Machine
    var batchSize: Int
    var hiddenSize: Int
    var maxLength: Int
    var repeats: Int
    var training: Throughput
    var inference: Throughput
    var stepsPerLength: Int
    var stepTimes: [StepTime]
    /// The most resident memory the process has had, at the end (see `Benchmark.peakMemoryMegabytes`).
    var peakMemoryMB: Double
    var referenceGFLOPPerSecond: Double

    /// The practical fp32 peak of one core of the project's reference machine
    /// (2-core AMD EPYC with AVX-512: numpy/OpenBLAS sgemm 2048×2048, one
    /// thread, measured there; docs/performance.md). It is that machine's
    /// figure, not a measurement of this one.
    static let referenceGFLOPPerSecond = 140.0
}

extension BenchResults {
    /// "3 runs", "1 run".
    private var runs: String { repeats == 1 ? "1 run" : "\(repeats) runs" }

    /// The text report, one element per line.
    var report: [String] {
        var lines = [
            "tutorial bench (\(machine.build) build)",
            "machine: \(machine.cpu), \(machine.cores) cores"
                + (machine.vectorExtensions.isEmpty ? "" : ", " + machine.vectorExtensions.joined(separator: " ")),
            "workload: batch \(batchSize), hidden size \(hiddenSize); median and best of \(runs)",
            "",
            "training: train(hp), \(Format.grouped(training.count)) steps, data generation included",
        ]
        lines += throughputRows(training).map { "  " + $0 }
        lines += ["", "inference: forward + softmax, \(Format.grouped(inference.count)) sequences in batches of "
                  + Format.grouped(Bench.inferenceBatchSize)]
        lines += throughputRows(inference).map { "  " + $0 }
        lines += [
            "",
            "training step against sequence length: batch \(batchSize), mean of \(stepsPerLength) steps, median of \(runs)",
            "(every batch is padded to T = \(maxLength) but the last; the LSTM skips padding, so time should follow length)",
        ]
        let header = ["length", "ms/step", "ratio to \(maxLength)", "length/\(maxLength)", "GFLOP/s"]
        lines += Self.aligned([header] + stepTimes.map { row in
            [row.paddedLength == maxLength ? "\(row.length)" : "\(row.length), unpadded (T = \(row.paddedLength))",
             Format.fixed(row.secondsPerStep.median * 1000, 3), Format.fixed(row.ratioToLongest, 2),
             Format.fixed(Double(row.length) / Double(maxLength), 2), Format.fixed(row.gflopPerSecond, 2)]
        }).map { "  " + $0 }
        lines += [
            "",
            "peak memory: \(Format.fixed(peakMemoryMB, 1)) MB (the most resident memory the process has had)",
            "",
            "GFLOP/s counts the LSTM's recurrent matrix products over real timesteps P only:",
            "3 × 2·P·H·4H per training step, 2·P·H·4H per forward pass.",
            "Reference: \(Format.plain(referenceGFLOPPerSecond)) GFLOP/s is the practical fp32 peak of one core of the",
            "reference machine (2-core AMD EPYC with AVX-512, docs/performance.md), not measured here.",
        ]
        return lines
    }

    /// Seconds, rate and GFLOP/s of a workload, median and best side by side.
    private func throughputRows(_ workload: Throughput) -> [String] {
        let reference = workload.gflopPerSecond.median / referenceGFLOPPerSecond
        return Self.aligned([
            ["", "median", "best"],
            ["seconds", Format.fixed(workload.seconds.median, 3), Format.fixed(workload.seconds.best, 3)],
            ["\(workload.unit)/s", Self.rate(workload.perSecond.median), Self.rate(workload.perSecond.best)],
            ["GFLOP/s", Format.fixed(workload.gflopPerSecond.median, 2), Format.fixed(workload.gflopPerSecond.best, 2),
             "\(Format.percent(reference, 1)) of the reference; \(Format.fixed(workload.matrixGFLOP, 2)) GFLOP of work"],
        ])
    }

    /// A rate: whole and grouped from 1000 up (`175,706`), one decimal below (`412.5`).
    static func rate(_ perSecond: Double) -> String {
        perSecond >= 1000 ? Format.grouped(Int(perSecond.rounded())) : Format.fixed(perSecond, 1)
    }

    /// Rows as aligned text: the first column left-aligned, the others
    /// right-aligned, two spaces apart; a row may leave columns out.
    static func aligned(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let padding = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
    }
}
