import Format
import Foundation
import Notebook
import NumericCore
import Runner

/// What `tutorial bench` measured: encoded as JSON with `--json` (keys in
/// snake case), or printed as an aligned text report; `Benchmarks/results.json`
/// is its recording, which the front page and chapter 7 quote.
public struct BenchResults: Codable, Sendable {
    /// What the figures were measured on.
    public struct Machine: Codable, Sendable {
        public var cpu: String
        /// The cores this process may run on.
        public var cores: Int
        /// The x86 vector extensions the CPU has, of avx512f, avx2 and fma.
        public var vectorExtensions: [String]
        /// "release" or "debug".
        public var build: String

        public init(cpu: String, cores: Int, vectorExtensions: [String], build: String) {
            (self.cpu, self.cores, self.vectorExtensions, self.build) = (cpu, cores, vectorExtensions, build)
        }
    }

    /// `count` units of work (steps, sequences) done in `seconds`, and the rates that follow.
    public struct Throughput: Codable, Sendable {
        public var count: Int
        public var unit: String
        public var seconds: Figure
        public var perSecond: Figure
        /// The LSTM's matrix work, as the benchmark (`Benchmark.lstmMatrixFLOPs`) counts it.
        public var matrixGFLOP: Double
        public var gflopPerSecond: Figure

        /// The names in snake case read back (`matrix_gflop` is `matrixGflop`): the acronyms spelled so.
        enum CodingKeys: String, CodingKey {
            case count, unit, seconds, perSecond, gflopPerSecond
            case matrixGFLOP = "matrixGflop"
        }

        public init(count: Int, unit: String, seconds: [Double], matrixFLOPs: Double) {
            (self.count, self.unit) = (count, unit)
            self.seconds = Figure(seconds: seconds)
            perSecond = self.seconds.rate(of: Double(count))
            matrixGFLOP = matrixFLOPs / 1e9
            gflopPerSecond = self.seconds.rate(of: matrixGFLOP)
        }
    }

    /// One training step on a batch whose sequences all have `length` values, padded to `paddedLength`.
    public struct StepTime: Codable, Sendable {
        public var length: Int
        public var paddedLength: Int
        public var secondsPerStep: Figure
        /// The median time over that of the longest sequences (`maxLength`, padded to it).
        public var ratioToLongest: Double
        /// At the median time.
        public var gflopPerSecond: Double

        public init(
            length: Int, paddedLength: Int, secondsPerStep: Figure, ratioToLongest: Double,
            gflopPerSecond: Double
        ) {
            (self.length, self.paddedLength, self.secondsPerStep) = (length, paddedLength, secondsPerStep)
            (self.ratioToLongest, self.gflopPerSecond) = (ratioToLongest, gflopPerSecond)
        }
    }

    public var machine: Machine
    public var batchSize: Int
    public var hiddenSize: Int
    public var maxLength: Int
    public var repeats: Int
    public var training: Throughput
    public var inference: Throughput
    public var stepsPerLength: Int
    public var stepTimes: [StepTime]
    /// The most resident memory the process has had, at the end (see `Benchmark.peakMemoryMegabytes`).
    public var peakMemoryMB: Double
    public var referenceGFLOPPerSecond: Double
    /// One core's peak on the machine that ran `bench` (`PeakRate`), so that its
    /// GFLOP/s can be read as a fraction of what that machine can do. Absent
    /// from reports recorded before `bench` measured it.
    public var corePeakGFLOPPerSecond: Double?
    /// The forward recurrent product alone on one core (`PeakRate.product`), if measured.
    public var product: ProductRates?

    /// GFLOP/s of h·W_h alone on one core, at the shape a training step
    /// multiplies (a shard's rows × H, times H × 4H): with W_h in the caches and
    /// with W_h read from memory.
    public struct ProductRates: Codable, Sendable {
        public var rows: Int
        public var depth: Int
        public var columns: Int
        public var inCacheGFLOPPerSecond: Double
        public var fromMemoryGFLOPPerSecond: Double

        public init(rows: Int, depth: Int, columns: Int, inCache: Double, fromMemory: Double) {
            (self.rows, self.depth, self.columns) = (rows, depth, columns)
            (self.inCacheGFLOPPerSecond, self.fromMemoryGFLOPPerSecond) = (inCache, fromMemory)
        }

        enum CodingKeys: String, CodingKey {
            case rows, depth, columns
            case inCacheGFLOPPerSecond = "inCacheGflopPerSecond"
            case fromMemoryGFLOPPerSecond = "fromMemoryGflopPerSecond"
        }
    }

    public init(
        machine: Machine, batchSize: Int, hiddenSize: Int, maxLength: Int, repeats: Int,
        training: Throughput, inference: Throughput, stepsPerLength: Int, stepTimes: [StepTime],
        peakMemoryMB: Double, referenceGFLOPPerSecond: Double, corePeakGFLOPPerSecond: Double? = nil,
        product: ProductRates? = nil
    ) {
        (self.machine, self.batchSize, self.hiddenSize, self.maxLength) = (machine, batchSize, hiddenSize, maxLength)
        (self.repeats, self.training, self.inference) = (repeats, training, inference)
        (self.stepsPerLength, self.stepTimes) = (stepsPerLength, stepTimes)
        (self.peakMemoryMB, self.referenceGFLOPPerSecond) = (peakMemoryMB, referenceGFLOPPerSecond)
        (self.corePeakGFLOPPerSecond, self.product) = (corePeakGFLOPPerSecond, product)
    }

    /// The practical fp32 peak of one core of the project's reference machine
    /// (2-core AMD EPYC with AVX-512: numpy/OpenBLAS sgemm 2048×2048, one
    /// thread, measured there; docs/performance.md). It is that machine's
    /// figure, not a measurement of this one.
    public static let referenceGFLOPPerSecond = 140.0

    /// The names in snake case read back (`peak_memory_mb` is `peakMemoryMb`): the acronyms spelled so.
    enum CodingKeys: String, CodingKey {
        case machine, batchSize, hiddenSize, maxLength, repeats, training, inference, stepsPerLength, stepTimes
        case peakMemoryMB = "peakMemoryMb"
        case referenceGFLOPPerSecond = "referenceGflopPerSecond"
        case corePeakGFLOPPerSecond = "corePeakGflopPerSecond"
        case product
    }

    /// The middle of repeated measurements, and the best of them.
    ///
    /// The median is the figure to quote on a shared, noisy machine; the
    /// best run is the one least disturbed by other work.
    public struct Figure: Codable, Sendable {
        public var median: Double
        public var best: Double

        /// Times: the best is the shortest.
        public init(seconds: [Double]) {
            median = NumericCore.median(seconds)
            best = seconds.min() ?? .nan
        }

        public init(median: Double, best: Double) {
            (self.median, self.best) = (median, best)
        }

        /// `amount` per second at these times: a rate, whose best is the largest.
        public func rate(of amount: Double) -> Figure {
            Figure(median: amount / median, best: amount / best)
        }
    }
}

/// `Benchmarks/hidden-sweep.json`: the engine's training speed at hidden
/// sizes from 32 to 512, as `Benchmarks/hidden-sweep.sh` measured it, with
/// the machine and the command. A recording, not a run of this chapter:
/// timings are not reproducible outputs, so the chapter plots the file, and
/// the plot changes only when someone measures again and commits the file.
public struct HiddenSweep: Decodable, Equatable, Sendable {
    public struct Machine: Decodable, Equatable, Sendable {
        public var cpu: String
        public var cores: Int
        public var build: String
        /// Which of avx512f, avx2 and fma the CPU has.
        public var vectorExtensions: [String]

        /// AVX-512 or AVX2: the width of the vectors the kernels ran on.
        public var vectorWidth: String {
            vectorExtensions.contains("avx512f") ? "AVX-512" : vectorExtensions.contains("avx2") ? "AVX2" : "no AVX2"
        }
    }
    public struct Point: Decodable, Equatable, Sendable {
        /// The hidden size H.
        public var hidden: Int
        /// The LSTM's matrix work in a training step divided by its time, median of the runs.
        public var gflops: Double
        /// The whole training run's seconds, median of the runs.
        public var seconds: Double
        /// h·W_h alone on one core with W_h read from memory, and in the caches
        /// (`tutorial bench`'s product figures); absent from older recordings.
        public var productFromMemoryGflops: Double?
        public var productInCacheGflops: Double?
    }
    public var machine: Machine
    public var command: String
    /// One core's peak, as `bench` measures it (`PeakRate`); absent from older recordings.
    public var corePeakGflops: Double?
    public var points: [Point]

    /// The plot chapter 7 shows: GFLOP/s against H, training's (median) and, where recorded, the product's alone.
    public var plot: Plot {
        Plot(
            title: "GFLOP/s against H (recorded: \(machine.cpu), \(machine.vectorWidth), \(machine.cores) cores)",
            xLabel: "hidden size H", yLabel: "GFLOP/s",
            series: [Series(name: "training, 2 cores", x: points.map { Double($0.hidden) }, y: points.map(\.gflops))]
                + productSeries)
    }

    /// h·W_h alone on one core, W_h from memory, where the recording has it.
    var productSeries: [Series] {
        let measured = points.compactMap { point in point.productFromMemoryGflops.map { (Double(point.hidden), $0) } }
        guard measured.count == points.count else { return [] }
        return [Series(name: "the product alone, 1 core", x: measured.map(\.0), y: measured.map(\.1))]
    }
}

/// The recorded measurements the book quotes, read from `Benchmarks/`: timings are not
/// reproducible outputs, so a page quotes a recording that names its machine and command.
extension BookContents {
    /// `Benchmarks/hidden-sweep.json` (`Benchmarks/hidden-sweep.sh`), if there is one; chapter 7 plots it.
    static func recordedSweep(_ root: URL?) throws(BookError) -> HiddenSweep? {
        guard let root else { return nil }
        let sweep: HiddenSweep? = try recording(
            "Benchmarks/hidden-sweep.json", madeBy: "Benchmarks/hidden-sweep.sh", root: root)
        if let sweep, sweep.points.isEmpty {
            throw BookError(
                path: "Benchmarks/hidden-sweep.json", message: "no points; run Benchmarks/hidden-sweep.sh again")
        }
        return sweep
    }

    /// The measurement recorded at `path` under `root`, decoded; nil when there is none. A file
    /// that is not `command`'s output is an error: a page never quotes a number it cannot read.
    static func recording<Recorded: Decodable>(
        _ path: String, madeBy command: String,
        root: URL
    ) throws(BookError) -> Recorded? {
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else {
            return nil
        }
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(Recorded.self, from: data)
        } catch {
            throw BookError(path: path, message: "not the output of `\(command)`; run it again or delete the file")
        }
    }

    /// `Benchmarks/compare.json` (`Benchmarks/compare.sh --json`), if there is one: chapter 7 quotes it.
    static func recordedComparison(_ root: URL) throws(BookError) -> RecordedComparison? {
        try recording("Benchmarks/compare.json", madeBy: "Benchmarks/compare.sh --json", root: root)
    }

    /// The part of `Benchmarks/compare.sh --json`'s report chapter 7 quotes.
    struct RecordedComparison: Decodable {
        struct Machine: Decodable { var cpu: String; var cores: Int; var software: String; var avx512f: Bool }
        struct Entry: Decodable { var medianSeconds: Double; var heldoutAccuracy: [Double]; var threads: Int? }
        var machine: Machine
        var steps: Int
        var runs: Int
        var pytorchTrainSeconds: Entry
        var jaxTrainSeconds: Entry
        var tutorialProcessSeconds: Entry
    }

    /// The training speed from the last benchmark run committed in
    /// `Benchmarks/results.json` (`tutorial bench --json`). Pages hold no
    /// timing of their own run, which would make the site differ from run
    /// to run; a recorded measurement, named as such, is the same every time.
    /// No file, no line; a file that is not `bench --json`'s output is an error.
    static func measuredSpeed(_ root: URL) throws -> [(String, String)] {
        guard let results = try recordedBenchmark(root) else { return [] }
        let steps = Int(results.training.perSecond.median.rounded())
        return [
            (
                "training speed",
                "\(Format.grouped(steps)) steps/s (tutorial bench on \(results.machine.cpu), "
                    + "\(results.machine.cores) cores)"
            )
        ]
    }

    /// `Benchmarks/results.json`, if there is one.
    static func recordedBenchmark(_ root: URL) throws(BookError) -> BenchResults? {
        try recording("Benchmarks/results.json", madeBy: "tutorial bench --json", root: root)
    }
}

/// `Benchmarks/tf-seeds.json` (`Benchmarks/tf_seeds.py`): the notebook itself, in TensorFlow,
/// trained over seeds and measured on fresh sequences. Chapter 8 quotes its spread.
struct TensorFlowSeeds: Decodable {
    struct Run: Decodable {
        var seed: Int
        var heldoutAccuracy: Double
    }
    /// The marker `Benchmarks/tf_seeds.py` writes; a file without it is not its output.
    var tfSeedsResults: Int
    var cpu: String
    var cpuCount: Int
    var versions: [String: String]
    var steps: Int
    var heldOut: Int
    var complete: Bool
    var results: [Run]
}

extension BookContents {
    /// The recorded TensorFlow seeds, if there are any; an unfinished recording is an error.
    static func recordedTensorFlowSeeds(_ root: URL) throws(BookError) -> TensorFlowSeeds? {
        let path = "Benchmarks/tf-seeds.json"
        guard let seeds: TensorFlowSeeds = try recording(path, madeBy: "Benchmarks/tf_seeds.py", root: root) else {
            return nil
        }
        guard seeds.complete, !seeds.results.isEmpty else {
            throw BookError(path: path, message: "an unfinished run; run Benchmarks/tf_seeds.py again")
        }
        return seeds
    }

    /// The values chapter 8 quotes from the TensorFlow seeds (`tf.median`, …).
    static func tensorFlowValues(_ seeds: TensorFlowSeeds) -> [String: String] {
        let accuracies = seeds.results.map(\.heldoutAccuracy)
        let sorted = seeds.results.sorted { $0.heldoutAccuracy < $1.heldoutAccuracy }
        let seedList = seeds.results.map(\.seed)
        func run(_ run: TensorFlowSeeds.Run) -> String { Format.percent(run.heldoutAccuracy) + " (seed \(run.seed))" }
        return [
            "tf.machine": "`Benchmarks/tf_seeds.py --seeds \(seedList.min()!)-\(seedList.max()!)`, "
                + "TensorFlow \(seeds.versions["tensorflow"] ?? "?"), \(Format.grouped(seeds.steps)) steps, "
                + "\(Format.grouped(seeds.heldOut)) sequences, on \(seeds.cpu) with \(seeds.cpuCount) cores",
            "tf.median": Format.percent(median(accuracies)),
            "tf.mean": Format.percent(accuracies.reduce(0, +) / Double(accuracies.count)),
            "tf.lowest": run(sorted.first!), "tf.highest": run(sorted.last!),
            "tf.seeds": "\(seeds.results.count)"
        ]
    }
}
