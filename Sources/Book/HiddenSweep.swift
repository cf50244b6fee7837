import Notebook

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
    }
    public var machine: Machine
    public var command: String
    public var points: [Point]

    /// The plot chapter 7 shows: GFLOP/s against H.
    public var plot: Plot {
        Plot(
            title:
                "Training speed against H (recorded: \(machine.cpu), \(machine.vectorWidth), \(machine.cores) cores)",
            xLabel: "hidden size H", yLabel: "GFLOP/s (median)",
            series: [Series(name: "engine", x: points.map { Double($0.hidden) }, y: points.map(\.gflops))])
    }
}
