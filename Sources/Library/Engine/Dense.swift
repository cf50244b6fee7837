/// The output layer: logits = h·W + b, for each sequence's final state.
enum DenseLayer {
    // ANCHOR: dense
    /// logits (B×C) = input (B×H) · kernel (H×C) + bias (C).
    static func forward(
        logits: UnsafeMutablePointer<Float>, input: UnsafePointer<Float>,
        kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>, rows: Int, inSize: Int, outSize: Int
    ) {
        for r in 0..<rows {
            for c in 0..<outSize {
                var sum = bias[c]
                for k in 0..<inSize { sum.addProduct(input[r * inSize + k], kernel[k * outSize + c]) }
                logits[r * outSize + c] = sum
            }
        }
    }

    /// Accumulates dKernel += inputᵀ·dLogits and dBias += Σ dLogits, and
    /// writes dInput = dLogits·kernelᵀ.
    static func backward(
        dInput: UnsafeMutablePointer<Float>, dKernel: UnsafeMutablePointer<Float>, dBias: UnsafeMutablePointer<Float>,
        dLogits: UnsafePointer<Float>, input: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
        rows: Int, inSize: Int, outSize: Int
    ) {
        for r in 0..<rows {
            for c in 0..<outSize {
                let d = dLogits[r * outSize + c]
                dBias[c] += d
                for k in 0..<inSize { dKernel[k * outSize + c].addProduct(input[r * inSize + k], d) }
            }
            for k in 0..<inSize {
                var sum: Float = 0
                for c in 0..<outSize { sum.addProduct(dLogits[r * outSize + c], kernel[k * outSize + c]) }
                dInput[r * inSize + k] = sum
            }
        }
    }
    // ANCHOR_END: dense
}
