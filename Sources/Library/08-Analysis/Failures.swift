import Engine
import Generator
import Model
import Parameters
import Training

// ANCHOR: rule
/// The rule that solves the task: a sequence is linear when every
/// difference between neighbours, in raw units, is exactly 1.
public func ruleSaysLinear(_ values: [Int]) -> Bool {
    zip(values, values.dropFirst()).allSatisfy { $1 - $0 == 1 }
}
// ANCHOR_END: rule

/// Accuracy for each sequence length: (length, linear, random, all), each
/// with the number of sequences it counts.
public struct LengthRow {
    public var length: Int
    public var linear: (correct: Int, count: Int)
    public var random: (correct: Int, count: Int)
    public var all: Double {
        Double(linear.correct + random.correct) / Double(max(1, linear.count + random.count))
    }
}

public func accuracyByLength(_ predictions: Evaluation, _ hp: Hyperparameters) -> [LengthRow] {
    (hp.minLength...hp.maxLength).map { length in
        var row = LengthRow(length: length, linear: (0, 0), random: (0, 0))
        for i in predictions.sequences.indices where predictions.sequences[i].values.count == length {
            let correct = predictions.isCorrect(i) ? 1 : 0
            if predictions.sequences[i].label == 0 {
                row.linear = (row.linear.correct + correct, row.linear.count + 1)
            } else {
                row.random = (row.random.correct + correct, row.random.count + 1)
            }
        }
        return row
    }
}

/// `counts[true class][predicted class]`.
public func confusion(_ predictions: Evaluation, classCount: Int) -> [[Int]] {
    var counts = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
    for i in predictions.sequences.indices { counts[predictions.sequences[i].label][predictions.predicted[i]] += 1 }
    return counts
}

/// The indices of the wrongly classified sequences, most confident first:
/// ordered by the probability the model gave the wrong class.
public func confidentlyWrong(_ predictions: Evaluation) -> [Int] {
    let wrong = predictions.sequences.indices.filter { !predictions.isCorrect($0) }
    func confidence(_ i: Int) -> Double {
        predictions.sequences[i].label == 0 ? predictions.pRandom[i] : 1 - predictions.pRandom[i]
    }
    return wrong.sorted { (confidence($0), $1) > (confidence($1), $0) }
}

/// The model's p(random) after each prefix of `sequence`: after its first
/// value, its first two, …, all of them.
public func prefixVerdicts(_ model: LSTMClassifier, _ sequence: LabeledSequence, _ hp: Hyperparameters) -> [Double] {
    let prefixes = (1...sequence.values.count).map {
        LabeledSequence(values: Array(sequence.values.prefix($0)), label: sequence.label)
    }
    return Evaluation(model, prefixes, hp).pRandom
}
