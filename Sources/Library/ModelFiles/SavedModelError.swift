import Format
import Safetensors

/// Everything that can be wrong with a saved model, each case naming the file.
///
/// The file may be fine as safetensors and still not be a model we can run:
/// metadata missing or out of range, a tensor too many, a NaN among the
/// weights. `description` is the one-line message the command line prints.
public enum SavedModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file cannot be read or written as safetensors, or lacks a tensor
    /// the model needs, or has one with another shape.
    case file(SafetensorsError)
    /// A metadata key the model needs is absent.
    case missingMetadata(path: String, key: String)
    /// A metadata value cannot be used; `reason` says why.
    case invalidMetadata(path: String, key: String, value: String, reason: String)
    /// The file holds a tensor that is not part of the model.
    case unexpectedTensor(path: String, tensor: String)
    /// A weight is NaN or infinite, which would make every prediction NaN.
    case nonFiniteWeight(path: String, tensor: String, index: Int, value: Float)
    /// The model's probabilities for a line are not numbers: its finite weights overflow.
    case nonFiniteOutput(path: String, source: String, line: Int)

    /// The message, one line: names that came from the file (a tensor's, a
    /// metadata key's) have their control and format characters escaped, so a
    /// newline or a bidi override in a crafted file cannot forge a line or reorder text.
    public var description: String { Format.escapingControlCharacters(message) }

    private var message: String {
        switch self {
        case .file(let error):
            return error.description
        case .missingMetadata(let path, let key):
            return "\(path): no metadata \"\(key)\" (is this a model saved by `tutorial train --save`?)"
        case .invalidMetadata(let path, let key, let value, let reason):
            return "\(path): metadata \"\(key)\" is \(value.debugDescription): \(reason)"
        case .unexpectedTensor(let path, let tensor):
            return "\(path): tensor \"\(tensor)\" is not part of the model"
        case .nonFiniteWeight(let path, let tensor, let index, let value):
            return "\(path): tensor \"\(tensor)\" holds \(value) at element \(index); weights must be finite"
        case .nonFiniteOutput(let path, let source, let line):
            return "\(path): the model's probabilities for \(source):\(line) are not numbers (the weights are so large "
                + "that the computation overflows); these weights cannot classify"
        }
    }
}
