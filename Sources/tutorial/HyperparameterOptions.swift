import ArgumentParser
import Notebook
import Parameters

/// The hyperparameters a reader may set on the command line, the same
/// options for `run`, `train` and `bench`.
///
/// A value that looks like an option is still taken as the value
/// (`parsing: .unconditional`), so that `--steps -1` is told it is out of
/// range rather than that its value is missing.
struct HyperparameterOptions: ParsableArguments {
    @Option(name: .customLong("steps"), parsing: .unconditional,
            help: ArgumentHelp("Training steps (default \(Hyperparameters().trainingSteps)).", valueName: "N"))
    var stepsText: String?

    @Option(name: .customLong("seed"), parsing: .unconditional,
            help: ArgumentHelp("Seed of the random number generator, for data and initial weights "
                               + "(default \(Hyperparameters().seed)).", valueName: "S"))
    var seedText: String?

    /// `--steps`, if given (as text until `validate` has checked it is a number).
    var steps: Int? { stepsText.flatMap { Int($0) } }
    /// `--seed`, if given.
    var seed: UInt64? { seedText.flatMap { UInt64($0) } }

    /// The defaults with `--steps` and `--seed` applied. Parsing has checked
    /// them (`validate`): a value the tutorial cannot run with never gets here.
    var hyperparameters: Hyperparameters {
        var hyperparameters = Hyperparameters()
        if let steps { hyperparameters.trainingSteps = steps }
        if let seed { hyperparameters.seed = seed }
        return hyperparameters
    }

    /// Whether neither option changes a default: the outputs recorded in the chapters are made so.
    var areDefaults: Bool { hyperparameters == Hyperparameters() }

    func validate() throws {
        if let stepsText, steps == nil { throw ValidationError(Self.notANumber(stepsText, "--steps", Int.self)) }
        if let seedText, seed == nil { throw ValidationError(Self.notANumber(seedText, "--seed", UInt64.self)) }
        do {
            try hyperparameters.validate()
        } catch {
            throw ValidationError(error.description)
        }
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
