import NumericCore

/// The mean softmax cross-entropy of a batch, and its gradient with respect
/// to the logits, computed together.
///
/// For one sequence with logits z and true class y:
///
///     p_k = e^{z_k} / Σ_j e^{z_j}                  softmax
///     loss = -log p_y = log Σ_j e^{z_j} - z_y
///     dloss/dz_k = p_k - [k == y]
///
/// The mean over B sequences divides both by B. Two details keep it exact:
/// the logits are shifted by their maximum before `exp`, which changes
/// nothing mathematically but keeps `exp` from overflowing; and the loss is
/// taken as `log Σ e^{z_j - max} - (z_y - max)` rather than `-log p_y`, so a
/// confident wrong answer gives a large finite loss instead of `-log 0`.
// ANCHOR: cross-entropy
public func softmaxCrossEntropy(
    logits: [Float], labels: [Int], classCount: Int
) -> (loss: Float, dLogits: [Float]) {
    let batchSize = labels.count
    precondition(logits.count == batchSize * classCount)
    var dLogits = [Float](repeating: 0, count: logits.count)
    var total: Double = 0
    for b in 0..<batchSize {
        let z = logits[(b * classCount)..<((b + 1) * classCount)]
        let (exps, sum, shift) = shiftedExponentials(z)
        total += Double(Maths.log(sum) - (z[z.startIndex + labels[b]] - shift))
        for k in 0..<classCount {
            let target: Float = k == labels[b] ? 1 : 0
            dLogits[b * classCount + k] = (exps[k] / sum - target) / Float(batchSize)
        }
    }
    return (Float(total / Double(batchSize)), dLogits)
}
// ANCHOR_END: cross-entropy

// ANCHOR: softmax
/// Softmax over each row of logits: the class probabilities the model
/// reports at inference, as the notebook's `tf.nn.softmax`.
public func softmax(logits: [Float], classCount: Int) -> [Float] {
    var probabilities = logits
    for start in stride(from: 0, to: logits.count, by: classCount) {
        let (exps, sum, _) = shiftedExponentials(logits[start..<(start + classCount)])
        for k in 0..<classCount { probabilities[start + k] = exps[k] / sum }
    }
    return probabilities
}

/// One row's softmax before the division: `e^{z_k - max z}` for each k, their
/// sum, and the shift `max z`. Subtracting the maximum changes nothing
/// mathematically and keeps `exp` from overflowing.
func shiftedExponentials(
    _ row: ArraySlice<Float>
) -> (exps: [Float], sum: Float, shift: Float) {
    let shift = row.max()!
    let exps = row.map { Maths.exp($0 - shift) }
    return (exps, exps.reduce(0, +), shift)
}
// ANCHOR_END: softmax

// ANCHOR: accuracy
/// The fraction of rows whose largest logit is at the true class (the first
/// largest, on a tie: `tf.argmax` does not document which one it takes).
public func accuracy(logits: [Float], labels: [Int], classCount: Int) -> Float {
    guard !labels.isEmpty else { return 0 }
    var correct = 0
    for (b, label) in labels.enumerated() {
        let row = logits[(b * classCount)..<((b + 1) * classCount)]
        if argmax(row) == label { correct += 1 }
    }
    return Float(correct) / Float(labels.count)
}

/// The position of the largest value in `row`, counted from 0; the first of
/// equals (ties are rare in trained logits; `tf.argmax` leaves them unspecified).
public func argmax(_ row: ArraySlice<Float>) -> Int {
    var best = row.startIndex
    for index in row.indices where row[index] > row[best] { best = index }
    return best - row.startIndex
}
// ANCHOR_END: accuracy
