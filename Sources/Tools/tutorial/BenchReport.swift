import Format
import TutorialBook

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
            "training: train(hp), \(Format.grouped(training.count)) steps, data generation included"
        ]
        lines += throughputRows(training).map { "  " + $0 }
        lines += [
            "",
            "inference: forward + softmax, \(Format.grouped(inference.count)) sequences in batches of "
                + Format.grouped(Bench.inferenceBatchSize)
        ]
        lines += throughputRows(inference).map { "  " + $0 }
        if let product, let corePeak = corePeakGFLOPPerSecond {
            lines += [
                "",
                "the recurrent product alone, one core: h·W_h, \(product.rows)×\(product.depth) · \(product.depth)×\(product.columns), best of 5"
            ]
            lines += Self.aligned([
                ["", "GFLOP/s", "share of a core's peak"],
                [
                    "W_h in the caches", Format.fixed(product.inCacheGFLOPPerSecond, 2),
                    Format.percent(product.inCacheGFLOPPerSecond / corePeak, 1)
                ],
                [
                    "W_h from memory", Format.fixed(product.fromMemoryGFLOPPerSecond, 2),
                    Format.percent(product.fromMemoryGFLOPPerSecond / corePeak, 1)
                ]
            ]).map { "  " + $0 }
        }
        lines += [
            "",
            "training step against sequence length: batch \(batchSize), mean of \(stepsPerLength) steps, median of \(runs)",
            "(every batch is padded to T = \(maxLength) but the last; the LSTM skips padding, so time should follow length)"
        ]
        let header = ["length", "ms/step", "ratio to \(maxLength)", "length/\(maxLength)", "GFLOP/s"]
        lines += Self.aligned(
            [header]
                + stepTimes.map { row in
                    [
                        row.paddedLength == maxLength
                            ? "\(row.length)" : "\(row.length), unpadded (T = \(row.paddedLength))",
                        Format.fixed(row.secondsPerStep.median * 1000, 3), Format.fixed(row.ratioToLongest, 2),
                        Format.fixed(Double(row.length) / Double(maxLength), 2), Format.fixed(row.gflopPerSecond, 2)
                    ]
                }
        ).map { "  " + $0 }
        lines += [
            "",
            "peak memory: \(Format.fixed(peakMemoryMB, 1)) MB (the most resident memory the process has had)",
            "",
            "GFLOP/s counts the LSTM's recurrent matrix products over real timesteps P only:",
            "3 × 2·P·H·4H per training step, 2·P·H·4H per forward pass."
        ]
        if let corePeak = corePeakGFLOPPerSecond {
            lines += [
                "Peak: \(Format.fixed(corePeak, 1)) GFLOP/s a core, measured here (PeakRate: twelve independent chains",
                "of fused multiply-adds on whole vector registers, nothing loaded). Training and inference use",
                "up to \(coresUsed) \(coresUsed == 1 ? "core" : "cores"), whose peak is \(Format.fixed(corePeak * Double(coresUsed), 1)) GFLOP/s."
            ]
        }
        lines += [
            "Reference: \(Format.plain(referenceGFLOPPerSecond)) GFLOP/s is the practical fp32 peak of one core of the",
            "reference machine (2-core AMD EPYC with AVX-512, docs/performance.md), not measured here."
        ]
        return lines
    }

    /// The cores training and inference run on: a batch is cut in at most two shards.
    private var coresUsed: Int { min(2, max(1, machine.cores)) }

    /// Seconds, rate and GFLOP/s of a workload, median and best side by side.
    private func throughputRows(_ workload: Throughput) -> [String] {
        let reference = workload.gflopPerSecond.median / referenceGFLOPPerSecond
        let share =
            corePeakGFLOPPerSecond.map {
                "\(Format.percent(workload.gflopPerSecond.median / ($0 * Double(coresUsed)), 1)) of this machine's peak"
            } ?? "\(Format.percent(reference, 1)) of the reference"
        return Self.aligned([
            ["", "median", "best"],
            ["seconds", Format.fixed(workload.seconds.median, 3), Format.fixed(workload.seconds.best, 3)],
            ["\(workload.unit)/s", Self.rate(workload.perSecond.median), Self.rate(workload.perSecond.best)],
            [
                "GFLOP/s", Format.fixed(workload.gflopPerSecond.median, 2),
                Format.fixed(workload.gflopPerSecond.best, 2),
                "\(share); \(Format.fixed(workload.matrixGFLOP, 2)) GFLOP of work"
            ]
        ])
    }

    /// A rate: whole and grouped from 1000 up (`175,706`), one decimal below (`412.5`).
    static func rate(_ perSecond: Double) -> String {
        perSecond >= 1000 ? Format.grouped(Int(perSecond.rounded())) : Format.fixed(perSecond, 1)
    }

    /// Rows as aligned text: the first column left-aligned, the others
    /// right-aligned, two spaces apart; a row may leave columns out.
    static func aligned(_ rows: [[String]]) -> [String] {
        let columns = Columns(rows)
        return rows.map { columns.line($0) { $0 > 0 } }
    }
}
