import ArgumentParser
import Format
import Parameters
import SafeFiles

/// The hyperparameters a reader may set on the command line, the same
/// options for `run`, `train` and `bench`: every field of `Hyperparameters`
/// but `classCount` and `maskValue`, which the task fixes (two classes,
/// padding that real data never takes), named as the field in kebab case.
///
/// Each value is kept as typed and checked in `validate`, by the same
/// `Hyperparameters.validate()` the chapters run, so that the messages
/// state the ranges the tutorial accepts, not those of `Int`. A value that
/// looks like an option is still taken as the value (`parsing:
/// .unconditional`), so that `--steps -1` is told it is out of range rather
/// than that its value is missing. A default not given here is the one in
/// `Hyperparameters.swift`, so editing that file keeps working.
struct HyperparameterOptions: ParsableArguments {
    @Option(
        name: .customLong("hidden-size"), parsing: .unconditional,
        help: help("The LSTM's hidden size H: the length of its state vectors", \.hiddenSize))
    var hiddenSizeText: String?

    @Option(
        name: .customLong("batch-size"), parsing: .unconditional,
        help: help("Sequences per training step", \.batchSize))
    var batchSizeText: String?

    @Option(
        name: .customLong("learning-rate"), parsing: .unconditional,
        help: ArgumentHelp(
            "Adam's step size (default \(Format.plain(Hyperparameters().learningRate))).",
            valueName: "RATE"))
    var learningRateText: String?

    @Option(
        name: .customLong("max-length"), parsing: .unconditional,
        help: help("The longest sequence T; shorter ones are padded to it", \.maxLength))
    var maxLengthText: String?

    @Option(
        name: .customLong("min-length"), parsing: .unconditional,
        help: help("The shortest sequence the generator draws", \.minLength))
    var minLengthText: String?

    @Option(
        name: .customLong("max-value"), parsing: .unconditional,
        help: help("Raw values lie in 0..<max-value", \.maxValue))
    var maxValueText: String?

    @Option(
        name: .customLong("shuffle-buffer-size"), parsing: .unconditional,
        help: help("The input pipeline's shuffle buffer", \.shuffleBufferSize))
    var shuffleBufferSizeText: String?

    @Option(
        name: .customLong("held-out-size"), parsing: .unconditional,
        help: help("Fresh sequences that measure the final accuracy", \.heldOutSize))
    var heldOutSizeText: String?

    @Option(
        name: .customLong("display-step"), parsing: .unconditional,
        help: help("A training log line every this many steps", \.displayStep))
    var displayStepText: String?

    @Option(
        name: .customLong("steps"), parsing: .unconditional,
        help: help("Training steps", \.trainingSteps))
    var stepsText: String?

    @Option(
        name: .customLong("seed"), parsing: .unconditional,
        help: ArgumentHelp(
            "Seed of the random number generator, for data and initial weights "
                + "(default \(Hyperparameters().seed)). The number of classes (2) and the "
                + "padding value (-1) are not options: the task fixes them.", valueName: "S"))
    var seedText: String?

    private static func help(_ text: String, _ field: KeyPath<Hyperparameters, Int>) -> ArgumentHelp {
        ArgumentHelp("\(text) (default \(Hyperparameters()[keyPath: field])).", valueName: "N")
    }

    /// The whole-number options: each one's flag, the field it sets (and its name in
    /// `HyperparameterError`), and the text typed, if any.
    private var wholeNumbers:
        [(flag: String, name: String, field: WritableKeyPath<Hyperparameters, Int>, text: String?)]
    {
        [
            ("hidden-size", "hiddenSize", \.hiddenSize, hiddenSizeText),
            ("batch-size", "batchSize", \.batchSize, batchSizeText),
            ("max-length", "maxLength", \.maxLength, maxLengthText),
            ("min-length", "minLength", \.minLength, minLengthText),
            ("max-value", "maxValue", \.maxValue, maxValueText),
            ("shuffle-buffer-size", "shuffleBufferSize", \.shuffleBufferSize, shuffleBufferSizeText),
            ("held-out-size", "heldOutSize", \.heldOutSize, heldOutSizeText),
            ("display-step", "displayStep", \.displayStep, displayStepText),
            ("steps", "trainingSteps", \.trainingSteps, stepsText)
        ]
    }

    /// The options as typed, for a command that passes them on (`run` to each chapter's process).
    var arguments: [String] {
        let texts =
            wholeNumbers.map { ("--" + $0.flag, $0.text) } + [
                ("--learning-rate", learningRateText), ("--seed", seedText)
            ]
        return texts.flatMap { flag, text in text.map { [flag, $0] } ?? [] }
    }

    /// `--steps`, if given and a number.
    var steps: Int? { stepsText.flatMap { Int($0) } }
    /// `--seed`, if given and a number.
    var seed: UInt64? { seedText.flatMap { UInt64($0) } }
    /// `--learning-rate`, if given and a number.
    var learningRate: Float? { learningRateText.flatMap { Float($0) } }

    /// The defaults with the options applied. A whole number too large for
    /// `Int` is taken as the largest `Int`, which every range refuses, so
    /// that `validate` names the range the tutorial accepts.
    var hyperparameters: Hyperparameters {
        var hyperparameters = Hyperparameters()
        for option in wholeNumbers {
            if let text = option.text, let value = Self.wholeNumber(text) {
                hyperparameters[keyPath: option.field] = value
            }
        }
        if let learningRate { hyperparameters.learningRate = learningRate }
        if let seed { hyperparameters.seed = seed }
        return hyperparameters
    }

    /// Whether no option changes a default: the outputs recorded in the chapters are made so.
    var areDefaults: Bool { hyperparameters == Hyperparameters() }

    /// The options that change a default, as `flag-value` words in the order of `--help`
    /// (`hidden-size-8-steps-500`): the name of this run's folder under `runs/`.
    var changedValuesName: String {
        let (chosen, defaults) = (hyperparameters, Hyperparameters())
        var words: [String] = []
        for option in wholeNumbers where chosen[keyPath: option.field] != defaults[keyPath: option.field] {
            words.append("\(option.flag)-\(chosen[keyPath: option.field])")
        }
        if chosen.learningRate != defaults.learningRate {
            words.append("learning-rate-\(Format.plain(chosen.learningRate))")
        }
        if chosen.seed != defaults.seed { words.append("seed-\(chosen.seed)") }
        return Self.folderName(words.joined(separator: "-"))
    }

    /// `name` made safe for a folder: only letters, digits, `.` and `-`, and at most
    /// 80 characters (a longer name keeps its start and ends with a digest of the whole).
    static func folderName(_ name: String) -> String {
        let safe = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") ? $0 : "_" })
        guard safe.count > 80 else { return safe }
        let hex = SHA256.hex(safe.utf8).prefix(16)
        return safe.prefix(79 - hex.count) + "-" + hex
    }

    func validate() throws {
        for option in wholeNumbers {
            if let text = option.text, Self.wholeNumber(text) == nil {
                throw ValidationError("--\(option.flag) \(Format.echoed(text)) is not a whole number")
            }
        }
        if let learningRateText, learningRate == nil {
            throw ValidationError("--learning-rate \(Format.echoed(learningRateText)) is not a number")
        }
        if let seedText, seed == nil { throw ValidationError(Self.notANumber(seedText, "--seed", UInt64.self)) }
        do {
            try hyperparameters.validate()
        } catch {
            var error = error
            // Name the value as typed, not as the largest `Int` it was taken as.
            if let option = wholeNumbers.first(where: { error.parameter == $0.name }),
                let text = option.text, Int(text) == nil
            {
                error.value = Format.echoed(text)
            }
            throw ValidationError(error.description)
        }
    }

    /// The whole number `text` spells; one too large or too negative for
    /// `Int` is taken as `Int.max` or `Int.min`; nil if it is not a whole number.
    static func wholeNumber(_ text: String) -> Int? {
        if let value = Int(text) { return value }
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return text.first == "-" ? Int.min : Int.max
    }

    /// Why `text` is not a value of `type`: out of range if it is a whole
    /// number too large or negative for it, else not a whole number at all.
    static func notANumber<T: FixedWidthInteger>(_ text: String, _ option: String, _ type: T.Type) -> String {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        if !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return "\(option) \(Format.echoed(text)) is out of range: it must be in \(T.min)...\(T.max)"
        }
        return "\(option) \(Format.echoed(text)) is not a whole number"
    }
}
