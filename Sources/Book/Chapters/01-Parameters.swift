import Format
import Notebook
import Parameters

/// Chapter 1's entry point: the hyperparameters as a table.
public enum ParametersChapter {
    public static func run(_ hp: Hyperparameters, in notebook: Notebook) throws {
        try hp.validate()
        notebook.table(
            "hyperparameters",
            Table(
                header: ["name", "value", "notebook", "meaning"],
                rows: [
                    ["classCount", "\(hp.classCount)", "num_classes", "linear or random"],
                    ["maxLength", "\(hp.maxLength)", "seq_max_len", "T: every sequence is padded to this length"],
                    ["minLength", "\(hp.minLength)", "seq_min_len", "the shortest sequence drawn"],
                    ["maskValue", Format.plain(hp.maskValue), "masking_val", "the padding value; masked timesteps"],
                    ["maxValue", "\(hp.maxValue)", "max_value", "raw values lie in 0..<maxValue"],
                    ["learningRate", Format.plain(hp.learningRate), "learning_rate", "Adam's step size"],
                    ["trainingSteps", "\(hp.trainingSteps)", "training_steps", "optimization steps"],
                    ["batchSize", "\(hp.batchSize)", "batch_size", "B: sequences per step"],
                    ["displayStep", "\(hp.displayStep)", "display_step", "a log line every this many steps"],
                    ["shuffleBufferSize", "\(hp.shuffleBufferSize)", "shuffle(5000)", "the input pipeline's buffer"],
                    ["heldOutSize", "\(hp.heldOutSize)", "(none)", "fresh sequences for the final accuracy"],
                    ["hiddenSize", "\(hp.hiddenSize)", "num_units", "H: the LSTM's state size"],
                    ["seed", "\(hp.seed)", "(none)", "seeds data and initial weights"]
                ]))
    }
}
