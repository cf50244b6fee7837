import Batches
import Foundation
import Generator
import Loss
import Engine
import Model
import Optimization
import Parameters
import Runner
import Training

/// The measurements behind `tutorial bench`: the machine, the clock, the
/// work counted in FLOPs, and the workloads that are timed.
///
/// Every workload is the tutorial's own code (`train`, `Optimizer.step`,
/// `LSTMClassifier.logits`, `softmax`); nothing here is a copy tuned for the
/// benchmark, so the figures say how fast the tutorial itself runs.
enum Benchmark {
    // MARK: Counting the work

    /// Products with the recurrent kernel in one forward pass: h_{t-1}·U.
    static let forwardProducts = 1
    /// Products with the recurrent kernel in one training step: the forward
    /// pass's h_{t-1}·U, and in the backward pass dz·Uᵀ (the gradient that
    /// flows to h_{t-1}) and h_{t-1}ᵀ·dz (added into dU).
    static let trainingStepProducts = 3

    /// The matrix FLOPs of the LSTM over `realTimesteps` sample-timesteps:
    /// `products × 2·P·H·4H`.
    ///
    /// Each real timestep of each sequence multiplies h (1×H) by the
    /// recurrent kernel U (H×4H, the four gates side by side): H·4H
    /// multiply-adds, 2·H·4H FLOPs. P counts real timesteps only (the sum of
    /// the lengths), because that is the work the computation needs; padding
    /// is not work, and an implementation that computes it is not credited
    /// for it. Left out as too small to matter: the input kernel (input size
    /// 1, so 1/H of the recurrent work), the gate nonlinearities, and the
    /// Dense layer (2·H·C per sequence).
    static func lstmMatrixFLOPs(realTimesteps: Int, hiddenSize: Int, products: Int) -> Double {
        Double(products) * 2 * Double(realTimesteps) * Double(hiddenSize) * Double(4 * hiddenSize)
    }

    /// The matrix FLOPs of the training steps of `train(hp)`, counted on the
    /// same batches: the input pipeline is replayed with the same seed. The
    /// extra forward pass behind each log entry (21 of 2000 steps) is left
    /// out, some 0.4% of the work.
    static func trainingFLOPs(_ hp: Hyperparameters) -> Double {
        var data = InputPipeline(hp, seed: hp.seed)
        let realTimesteps = (0..<hp.trainingSteps).reduce(0) { sum, _ in sum + data.nextBatch().lengths.reduce(0, +) }
        return lstmMatrixFLOPs(realTimesteps: realTimesteps, hiddenSize: hp.hiddenSize, products: trainingStepProducts)
    }

    // MARK: Workloads

    /// `hp.batchSize` sequences of exactly `length` values, both classes as
    /// the generator draws them, padded to `paddedLength` like any batch.
    static func fixedLengthBatch(length: Int, paddedTo paddedLength: Int, _ hp: Hyperparameters, seed: UInt64) -> Batch
    {
        var fixed = hp
        (fixed.minLength, fixed.maxLength) = (length, length)
        var source = ToySequences(fixed, seed: seed)
        var padding = hp
        padding.maxLength = paddedLength
        return Batch((0..<hp.batchSize).map { _ in source.next() }, padding)
    }

    /// `count` fresh sequences in batches of at most `batchSize`, for inference.
    static func inferenceBatches(count: Int, batchSize: Int, _ hp: Hyperparameters) -> [Batch] {
        var source = ToySequences(hp, seed: hp.seed)
        return stride(from: 0, to: count, by: batchSize).map { start in
            Batch((0..<min(batchSize, count - start)).map { _ in source.next() }, hp)
        }
    }

    // MARK: Timing

    /// Seconds that one whole `train(hp)` takes, data generation included.
    static func trainingSeconds(_ hp: Hyperparameters) throws -> (seconds: Double, model: LSTMClassifier) {
        var model: LSTMClassifier?
        let seconds = try timed { model = try train(hp).model }
        return (seconds, model!)
    }

    /// Seconds that inference (`logits`, the forward pass without what
    /// backward needs) plus softmax take over all of `batches`.
    static func inferenceSeconds(_ model: LSTMClassifier, _ batches: [Batch], classCount: Int) -> Double {
        timed {
            for batch in batches {
                let probabilities = softmax(logits: model.logits(batch), classCount: classCount)
                precondition(probabilities.count == batch.count * classCount)
            }
        }
    }

    /// Seconds per `Optimizer.step(on:)` on `batch`, the mean over `steps`
    /// steps of a fresh model, after a few untimed steps that allocate the
    /// model's buffers.
    static func stepSeconds(on batch: Batch, steps: Int, _ hp: Hyperparameters) -> Double {
        var optimizer = Optimizer(model: LSTMClassifier(hp, seed: hp.seed), learningRate: hp.learningRate)
        for _ in 0..<3 { optimizer.step(on: batch) }
        return timed { for _ in 0..<steps { optimizer.step(on: batch) } } / Double(steps)
    }

    /// Seconds that `body` takes on the monotonic clock.
    static func timed(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        return (clock.now - start).seconds
    }

    // MARK: The machine

    /// The CPU's model name from /proc/cpuinfo (Linux), or nil elsewhere.
    static func cpuModel() -> String? {
        cpuinfoField("model name")
    }

    /// Which of the x86 vector extensions that matter to the kernels the
    /// CPU has (from /proc/cpuinfo's flags), widest first. The reference
    /// machine's peak is with AVX-512; one with AVX2 alone has half the
    /// vector width, so half the peak per core.
    static func vectorExtensions() -> [String] {
        let flags = Set((cpuinfoField("flags") ?? "").split(separator: " ").map(String.init))
        return ["avx512f", "avx2", "fma"].filter(flags.contains)
    }

    /// The value of the first line of /proc/cpuinfo that starts with `name`.
    private static func cpuinfoField(_ name: String) -> String? {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        let line = cpuinfo.split(separator: "\n").first { $0.hasPrefix(name) }
        return line?.split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces)
    }

    /// The largest resident set this program has had so far, in megabytes.
    ///
    /// On Linux it is the kernel's high-water mark for this program's memory
    /// (`VmHWM` in /proc/self/status). `getrusage`'s `ru_maxrss` would be the
    /// usual answer, but it survives `exec`: under `swift run`, which loads the
    /// package graph and then execs the tool, it reports SwiftPM's peak
    /// (some 120 MB) rather than ours. Elsewhere, `ru_maxrss` it is.
    static func peakMemoryMegabytes() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "")
        {
            return kilobytes / 1024
        }
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)  // Glibc imports RUSAGE_SELF as an enum case
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / (1024 * 1024)  // bytes on macOS
        #endif
    }

    /// Whether this binary was compiled without optimisation (`swift build`
    /// rather than `swift build -c release`).
    static var isDebugBuild: Bool {
        #if DEBUG
        true
        #else
        false
        #endif
    }
}
