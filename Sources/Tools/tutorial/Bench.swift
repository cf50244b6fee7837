import ArgumentParser
import Engine
import Foundation
import Model
import NumericCore
import Parameters
import Runner
import TutorialBook

/// `tutorial bench`: how fast the tutorial trains and classifies on this machine.
///
/// `swift run tutorial bench` measures the ordinary debug build: the numeric
/// modules are compiled with -O in every build, so it trains within 10% of
/// a release build (docs/performance.md, "Which build"). Each workload runs
/// `--repeat` times and the report gives the median and the best run: these
/// machines are shared, so the median is the figure to quote and the best the
/// least disturbed.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure training and inference speed, step time against sequence length, and peak memory.",
        discussion: "The report names the build it measured; see docs/performance.md for what the figures mean.")

    @Option(parsing: .unconditional, help: ArgumentHelp("How many times each workload runs.", valueName: "N"))
    var `repeat` = 3

    @OptionGroup var options: HyperparameterOptions

    @Flag(help: "Print the figures as one JSON object instead of the text report.")
    var json = false

    /// Sequences the inference workload classifies, and how many per batch.
    static let inferenceSequences = 10_000
    static let inferenceBatchSize = 1000
    /// The lengths of the step-time table, and the optimizer steps timed at each.
    static let stepLengths = [5, 10, 15, 20]
    static let stepsPerLength = 200

    func validate() throws {
        guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1") }
        guard options.hyperparameters.trainingSteps >= 1 else { throw ValidationError("--steps must be at least 1") }
    }

    func run() throws {
        let results = try measure()
        if json {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        } else {
            for line in results.report { print(line) }
        }
    }

    /// Runs every workload `repeat` times, saying on standard error which one is running.
    func measure() throws -> BenchResults {
        let hp = options.hyperparameters
        // The trained model goes once inference is measured: the step-time
        // workload builds models of its own, and memory's peak is measured too.
        let (training, inference) = try {
            let (training, model) = try measureTraining(hp)
            return (training, measureInference(model, hp))
        }()
        let stepTimes = measureStepTimes(hp)
        // Read before the product's copies of W_h below, which are not the tutorial's memory.
        let peakMemory = Benchmark.peakMemoryMegabytes()
        writeToStandardError("bench: one core's peak, and the recurrent product alone\n")
        let corePeak = PeakRate.measure()
        let product = measureProduct(hp)
        return BenchResults(
            machine: BenchResults.Machine(
                cpu: Benchmark.cpuModel() ?? "unknown CPU",
                cores: ProcessInfo.processInfo.activeProcessorCount,
                vectorExtensions: Benchmark.vectorExtensions(),
                build: Benchmark.isDebugBuild ? "debug" : "release"),
            batchSize: hp.batchSize, hiddenSize: hp.hiddenSize, maxLength: hp.maxLength, repeats: `repeat`,
            training: training, inference: inference, stepsPerLength: Self.stepsPerLength, stepTimes: stepTimes,
            peakMemoryMB: peakMemory,
            referenceGFLOPPerSecond: BenchResults.referenceGFLOPPerSecond, corePeakGFLOPPerSecond: corePeak,
            product: product)
    }

    /// h·W_h alone on one core, at the shape of a training step's early
    /// timesteps (the larger shard's rows × H, times H × 4H), with W_h in the
    /// caches and from memory.
    func measureProduct(_ hp: Hyperparameters) -> BenchResults.ProductRates {
        let h = hp.hiddenSize
        let rows = largestShardRows(batchSize: hp.batchSize)
        let copies = PeakRate.copiesToOutgrowCaches(k: h, n: 4 * h)
        return BenchResults.ProductRates(
            rows: rows, depth: h, columns: 4 * h,
            inCache: PeakRate.product(m: rows, n: 4 * h, k: h, copies: 1),
            fromMemory: PeakRate.product(m: rows, n: 4 * h, k: h, copies: copies))
    }

    /// The whole `train(hp)`, and the model the last run trained.
    func measureTraining(_ hp: Hyperparameters) throws -> (BenchResults.Throughput, LSTMClassifier) {
        writeToStandardError("bench: training, \(hp.trainingSteps) steps × \(`repeat`)\n")
        var seconds: [Double] = []
        var model: LSTMClassifier?
        for _ in 0..<`repeat` {
            model = nil  // not alive while the next run trains
            let run = try Benchmark.trainingSeconds(hp)
            seconds.append(run.seconds)
            model = run.model
        }
        let training = BenchResults.Throughput(
            count: hp.trainingSteps, unit: "steps", seconds: seconds,
            matrixFLOPs: Benchmark.trainingFLOPs(hp))
        return (training, model!)
    }

    /// Inference (`logits`) and softmax over fresh sequences, generated before the clock starts.
    func measureInference(_ model: LSTMClassifier, _ hp: Hyperparameters) -> BenchResults.Throughput {
        writeToStandardError("bench: inference, \(Self.inferenceSequences) sequences × \(`repeat`)\n")
        let batches = Benchmark.inferenceBatches(count: Self.inferenceSequences, batchSize: Self.inferenceBatchSize, hp)
        let seconds = (0..<`repeat`).map { _ in Benchmark.inferenceSeconds(model, batches, classCount: hp.classCount) }
        let realTimesteps = batches.reduce(0) { $0 + $1.lengths.reduce(0, +) }
        return BenchResults.Throughput(
            count: Self.inferenceSequences, unit: "sequences", seconds: seconds,
            matrixFLOPs: Benchmark.lstmMatrixFLOPs(
                realTimesteps: realTimesteps, hiddenSize: hp.hiddenSize,
                products: Benchmark.forwardProducts))
    }

    /// One optimizer step at each length, padded to T; then the shortest
    /// once more without padding, which should cost the same. The cases take
    /// turns, one run of each per round, so that a machine that slows down
    /// or speeds up meanwhile affects them all alike.
    func measureStepTimes(_ hp: Hyperparameters) -> [BenchResults.StepTime] {
        writeToStandardError(
            "bench: step time at lengths \(Self.stepLengths.map(String.init).joined(separator: ", "))\n")
        let cases = Self.stepLengths.map { ($0, hp.maxLength) } + [(Self.stepLengths[0], Self.stepLengths[0])]
        let batches = cases.map { length, paddedLength in
            Benchmark.fixedLengthBatch(length: length, paddedTo: paddedLength, hp, seed: hp.seed)
        }
        var runs = [[Double]](repeating: [], count: cases.count)
        for _ in 0..<`repeat` {
            for (c, batch) in batches.enumerated() {
                runs[c].append(Benchmark.stepSeconds(on: batch, steps: Self.stepsPerLength, hp))
            }
        }
        let times = runs.map { BenchResults.Figure(seconds: $0) }
        let longest = times[cases.firstIndex { $0 == (hp.maxLength, hp.maxLength) } ?? cases.count - 1].median
        return zip(cases, times).map { lengths, seconds in
            let flops = Benchmark.lstmMatrixFLOPs(
                realTimesteps: lengths.0 * hp.batchSize, hiddenSize: hp.hiddenSize,
                products: Benchmark.trainingStepProducts)
            return BenchResults.StepTime(
                length: lengths.0, paddedLength: lengths.1, secondsPerStep: seconds,
                ratioToLongest: seconds.median / longest,
                gflopPerSecond: flops / 1e9 / seconds.median)
        }
    }
}
