import Engine
import Generator
import NumericCore
import Parameters
import Training

/// Sequences the generator never draws, put to the trained model to see which
/// rule it learned. The generator shows it only +1 runs and uniform random
/// values, so "every step is +1" and "every step is small" fit its training
/// data equally well; only sequences outside that data tell them apart.
public struct ProbeFamily {
    public var name: String
    /// Each labelled by the task's own rule, "every step is +1" (`ruleSaysLinear`).
    public var sequences: [LabeledSequence]

    /// What the rule calls the family: linear, random, or mixed (a single value is a run of every step).
    public var ruleSays: String {
        let labels = Set(sequences.map(\.label))
        return labels == [0] ? "linear" : labels == [1] ? "random" : labels.isEmpty ? "-" : "mixed"
    }
}

// ANCHOR: probes
/// Runs of `length` values stepping by `step` (0: constant, negative:
/// decreasing), each starting where every value stays in `0..<maxValue`;
/// nil when no start fits.
func steppedRun(
    length: Int, step: Int, maxValue: Int,
    random: inout Xoshiro256
) -> [Int]? {
    let span = step * (length - 1)
    let lowest = max(0, -span), highest = min(maxValue - 1, maxValue - 1 - span)
    guard lowest <= highest else { return nil }
    let start = random.int(in: lowest...highest)
    return (0..<length).map { start + $0 * step }
}

/// The families the chapter probes, `count` sequences each, lengths drawn
/// as the generator draws them.
public func probeFamilies(_ hp: Hyperparameters, count: Int = 500) -> [ProbeFamily] {
    var random = Xoshiro256(seed: hp.seed &+ 0x9B0B_E5)
    func family(_ name: String, step: Int, changeOne: Bool = false) -> ProbeFamily {
        var sequences: [LabeledSequence] = []
        var attempts = 0
        // A changed value needs a run of two values at least.
        let shortest = changeOne ? max(2, hp.minLength) : hp.minLength
        while shortest <= hp.maxLength, sequences.count < count, attempts < 20 * count {
            attempts += 1
            let length = random.int(in: shortest...hp.maxLength)
            guard
                var values = steppedRun(
                    length: length, step: step,
                    maxValue: hp.maxValue, random: &random)
            else { continue }
            if changeOne {
                let at = random.int(in: 0...(length - 1))
                var other = values[at]
                while other == values[at] {
                    other = random.int(in: 0...(hp.maxValue - 1))
                }
                values[at] = other
            }
            let label = ruleSaysLinear(values) ? 0 : 1
            sequences.append(LabeledSequence(values: values, label: label))
        }
        return ProbeFamily(name: name, sequences: sequences)
    }
    var generated = ToySequences(hp, seed: hp.seed &+ 0x9B0B_E6)
    let randomSequences = (0..<(4 * count)).map { _ in generated.next() }
        .filter { $0.label == 1 }.prefix(count)
    return [
        family("+1 runs, as trained", step: 1),
        family("constant (+0)", step: 0),
        family("decreasing (-1)", step: -1),
        family("steps of +2", step: 2),
        family("steps of +10", step: 10),
        family("steps of +100", step: 100),
        family("+1 run, one value changed", step: 1, changeOne: true),
        ProbeFamily(name: "random, as trained", sequences: Array(randomSequences))
    ]
}
// ANCHOR_END: probes

/// How often the model calls a +1 run "random", by start value and length:
/// `lengths` rows, up to `columns` equal ranges of start, `perCell` runs in each cell.
public func linearRunErrors(_ model: LSTMClassifier, _ hp: Hyperparameters, columns: Int = 10, perCell: Int = 20)
    -> (lengths: [Int], starts: [ClosedRange<Int>], errors: [[Double]])
{
    let all = Array(hp.minLength...hp.maxLength)
    let lengths = all.count <= 16 ? all : (0..<16).map { all[$0 * (all.count - 1) / 15] }
    var random = Xoshiro256(seed: hp.seed &+ 0x9B0B_E7)
    // Start ranges over the starts every length allows (the longest sets the limit).
    let highest = hp.maxValue - hp.maxLength
    let parts = min(columns, highest + 1)
    let starts = (0..<parts).map { part in
        (part * (highest + 1) / parts)...((part + 1) * (highest + 1) / parts - 1)
    }
    var errors: [[Double]] = []
    for length in lengths {
        var row: [Double] = []
        for range in starts {
            let runs = (0..<perCell).map { _ -> LabeledSequence in
                let start = random.int(in: range)
                return LabeledSequence(values: Array(start..<(start + length)), label: 0)
            }
            let verdicts = Evaluation(model, runs, hp)
            row.append(Double(runs.indices.filter { !verdicts.isCorrect($0) }.count) / Double(perCell))
        }
        errors.append(row)
    }
    return (lengths, starts, errors)
}
