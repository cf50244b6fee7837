/// Every number the tutorial runs on, in one value.
///
/// The notebook opens with a cell of globals: dataset parameters, training
/// parameters and network parameters. Here they are one value type, so that
/// a reader can change one (`--steps 500`, `--seed 3`) and every module picks
/// it up; nothing else in the tutorial hard-codes a number that is here.
///
/// We call them *hyperparameters* to keep them apart from the model's
/// parameters, the weights that training learns.
// ANCHOR: hyperparameters
public struct Hyperparameters: Equatable, Sendable {
    // Dataset
    /// How many classes the classifier tells apart: linear runs and random sequences.
    public var classCount = 2
    /// The longest sequence; shorter ones are padded up to it.
    public var maxLength = 20
    /// The shortest sequence the generator draws.
    public var minLength = 5
    /// The value that pads a sequence after its end. Masked timesteps are
    /// the ones whose input equals it, so real data must never take it.
    public var maskValue: Float = -1
    /// Raw values are integers in `0..<maxValue`; the model sees them divided by it.
    public var maxValue = 10_000

    // Training
    public var learningRate: Float = 0.001
    public var trainingSteps = 2000
    public var batchSize = 64
    /// A log line every this many steps (and one after the first step).
    public var displayStep = 100
    /// The input pipeline draws each batch from a shuffle buffer this large.
    public var shuffleBufferSize = 5000
    /// Fresh sequences, never seen in training, that measure accuracy at the end.
    public var heldOutSize = 10_000

    // Network
    /// The LSTM's hidden size: the length of its state vectors h and c.
    public var hiddenSize = 32

    /// Seeds the one random number generator that data and weights come from.
    public var seed: UInt64 = 0

    public init() {}
}
// ANCHOR_END: hyperparameters
