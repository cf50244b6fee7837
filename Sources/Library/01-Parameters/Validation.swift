import Foundation
import Format

/// A hyperparameter outside the range the tutorial can run with.
public struct HyperparameterError: Error, Equatable, CustomStringConvertible {
    /// The field's name, as in `Hyperparameters`.
    public var parameter: String
    /// The value that was given, as text.
    public var value: String
    /// The values that would be accepted, in words.
    public var validRange: String

    public var description: String {
        "\(parameter) \(value) is out of range: \(parameter) must be \(validRange)"
    }
}

extension Hyperparameters {
    // ANCHOR: validate
    /// Checks every field and throws for the first one out of range.
    ///
    /// The limits are the ones the code needs, not the notebook's values:
    /// a reader may try `hiddenSize = 8` or `batchSize = 256` and see what happens.
    /// Sizes that are each in range may still need more memory together than
    /// the machine has (`memoryLimit`, its physical memory): that is refused
    /// too, with the estimate, rather than failing after an hour of swapping.
    public func validate(
        memoryLimit: UInt64 = ProcessInfo.processInfo.physicalMemory
    ) throws(HyperparameterError) {
        func check(_ ok: Bool, _ name: String, _ value: Any, _ range: String)
            throws(HyperparameterError)
        {
            guard ok else {
                throw HyperparameterError(
                    parameter: name, value: "\(value)",
                    validRange: range)
            }
        }
        try check(
            classCount == 2, "classCount", classCount,
            "2 (the generator makes linear and random sequences)")
        try check((1...1000).contains(maxLength), "maxLength", maxLength, "in 1...1000")
        try check(
            (1...maxLength).contains(minLength), "minLength", minLength,
            "in 1...maxLength (\(maxLength))")
        try check(
            maxValue >= maxLength && maxValue <= 1 << 24, "maxValue", maxValue,
            "in maxLength (\(maxLength))...16777216, so that a linear run fits"
                + " and consecutive values stay distinct in Float")
        try check(
            maskValue.isFinite && (maskValue < 0 || maskValue >= 1), "maskValue",
            maskValue, "finite and outside 0..<1, the range scaled data takes")
        try check(
            learningRate.isFinite && learningRate > 0, "learningRate", learningRate,
            "positive and finite")
        try check(
            (0...10_000_000).contains(trainingSteps), "trainingSteps", trainingSteps,
            "in 0...10000000")
        try check((1...65_536).contains(batchSize), "batchSize", batchSize, "in 1...65536")
        try check(displayStep >= 1, "displayStep", displayStep, "at least 1")
        try check(
            (1...10_000_000).contains(shuffleBufferSize), "shuffleBufferSize",
            shuffleBufferSize, "in 1...10000000")
        try check(
            (1...10_000_000).contains(heldOutSize), "heldOutSize", heldOutSize,
            "in 1...10000000")
        try check((1...1024).contains(hiddenSize), "hiddenSize", hiddenSize, "in 1...1024")
        try check(
            memoryEstimate <= memoryLimit, "batchSize", batchSize,
            "smaller: with maxLength \(maxLength) and hiddenSize \(hiddenSize),"
                + " training needs about \(Format.bytes(memoryEstimate)), more than this"
                + " machine's \(Format.bytes(memoryLimit))")
    }
    // ANCHOR_END: validate

    /// Bytes that training needs at least: one batch's activations, which
    /// the backward pass keeps (for each of B×T timesteps the input, h, the
    /// four gates, c and tanh(c): 7H + 1 floats), their gradients as many
    /// again, and the input pipeline's shuffle buffer of sequences.
    public var memoryEstimate: UInt64 {
        let (b, t, h) = (UInt64(batchSize), UInt64(maxLength), UInt64(hiddenSize))
        let activations = b * t * (7 * h + 1) * 4
        let shuffleBuffer = UInt64(shuffleBufferSize) * (t * 8 + 64)
        return 2 * activations + shuffleBuffer
    }
}
