import NumericCore

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

    public init(
        machine: Machine, batchSize: Int, hiddenSize: Int, maxLength: Int, repeats: Int,
        training: Throughput, inference: Throughput, stepsPerLength: Int, stepTimes: [StepTime],
        peakMemoryMB: Double, referenceGFLOPPerSecond: Double
    ) {
        (self.machine, self.batchSize, self.hiddenSize, self.maxLength) = (machine, batchSize, hiddenSize, maxLength)
        (self.repeats, self.training, self.inference) = (repeats, training, inference)
        (self.stepsPerLength, self.stepTimes) = (stepsPerLength, stepTimes)
        (self.peakMemoryMB, self.referenceGFLOPPerSecond) = (peakMemoryMB, referenceGFLOPPerSecond)
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
