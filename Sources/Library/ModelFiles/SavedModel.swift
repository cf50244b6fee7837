import Foundation
import Engine
import Format
import Parameters
import Safetensors

/// A trained model as a file: its weights, and what it needs to know to read
/// raw sequences.
///
/// The file is safetensors, laid out as the Keras reference file
/// (Tests/Fixtures/keras/keras-lstm.safetensors) is: the five tensors under
/// Keras's names and shapes (see `ParameterLayout`), and string metadata
///
///     format        keras-lstm-classifier
///     units         32              the LSTM's hidden size H
///     classes       linear,random   the class names, in label order
///     seq_max_len   20              the longest sequence; shorter ones are padded to it
///     mask_value    -1              the padding value
///     max_value     10000           raw values are in 0..<max_value and divided by it
///
/// `units` and `classes` fix the shapes of the tensors; the other three say
/// how raw input becomes the model's input, so `predict` takes them from the
/// file rather than from today's defaults. A file saved by us reads back in
/// Keras with the snippet in docs/weights.md, and Keras's file reads here.
public struct SavedModel {
    /// The value of the `format` key: a file without it is not a model of ours.
    public static let format = "keras-lstm-classifier"
    /// The names of the generator's classes, by label: 0 is a linear run, 1 random values.
    public static let tutorialClassNames = ["linear", "random"]

    public let model: LSTMClassifier
    /// One name per class, in label order (the order of the logits).
    public var classNames: [String]
    /// The padded length T of the model's input: no sequence may be longer.
    public var maxLength: Int
    /// The value padding a sequence up to `maxLength`.
    public var maskValue: Float
    /// Raw values lie in `0..<maxValue`; the model sees them divided by it.
    public var maxValue: Int

    /// A model and the input handling it was trained with, ready to write.
    public init(model: LSTMClassifier, classNames: [String], maxLength: Int, maskValue: Float, maxValue: Int) {
        precondition(classNames.count == model.layout.classCount, "one class name per logit")
        self.model = model
        self.classNames = classNames
        self.maxLength = maxLength
        self.maskValue = maskValue
        self.maxValue = maxValue
    }

    /// The model `train(hp)` returned, with the input handling of `hp`.
    public init(_ model: LSTMClassifier, _ hp: Hyperparameters) {
        self.init(
            model: model, classNames: Self.tutorialClassNames,
            maxLength: hp.maxLength, maskValue: hp.maskValue, maxValue: hp.maxValue)
    }

    /// The file's contents: tensors in `ParameterLayout` order, and the metadata.
    public var file: SafetensorsFile {
        let tensors = model.layout.tensors.map { slice in
            Tensor(name: slice.name, shape: slice.shape, values: model.tensor(slice))
        }
        return SafetensorsFile(
            tensors: tensors,
            metadata: [
                MetadataKey.format: Self.format,
                MetadataKey.units: String(model.layout.hiddenSize),
                MetadataKey.classes: classNames.joined(separator: ","),
                MetadataKey.maxLength: String(maxLength),
                MetadataKey.maskValue: Format.plain(maskValue),
                MetadataKey.maxValue: String(maxValue)
            ])
    }

    /// Throws the error `write(to:)` would throw for `path`, without writing:
    /// `path` must be new or a regular file its owner may write, in an
    /// existing folder where a file can be created (see `SafetensorsFile.checkReplaceable`).
    public static func checkWritable(_ path: String) throws(SavedModelError) {
        do {
            try SafetensorsFile.checkReplaceable(path)
        } catch {
            throw .file(error)
        }
    }

    /// Writes the model to `path`; the file appears complete or not at all.
    public func write(to path: String) throws(SavedModelError) {
        do {
            try file.write(to: path)
        } catch {
            throw .file(error)
        }
    }
}

/// The metadata keys, named as in the Keras reference file.
enum MetadataKey {
    static let format = "format"
    static let units = "units"
    static let classes = "classes"
    static let maxLength = "seq_max_len"
    static let maskValue = "mask_value"
    static let maxValue = "max_value"
}

extension SavedModel {
    /// Reads the model saved at `path`, checking everything before use.
    public init(contentsOf path: String) throws(SavedModelError) {
        let file: SafetensorsFile
        do {
            file = try SafetensorsFile(contentsOf: path)
        } catch {
            throw .file(error)
        }
        try self.init(file, path: path)
    }

    /// The model in a decoded file; `path` only names the file in errors.
    ///
    /// The metadata comes first, because `units` and `classes` say which
    /// tensor shapes to expect. Its numbers must lie within the limits the
    /// tutorial itself runs with (`Hyperparameters.validate()`), so a file
    /// cannot ask for a mask value that real data can take, or for a hidden
    /// size of a billion. Then each of the model's tensors must be present
    /// with its exact shape and finite values, and no other tensor may be
    /// there: an extra tensor means a model with more in it than ours, which
    /// we would otherwise run without that part, silently.
    public init(_ file: SafetensorsFile, path: String) throws(SavedModelError) {
        let metadata = MetadataReader(metadata: file.metadata, path: path)
        let format = try metadata.text(MetadataKey.format)
        guard format == Self.format else {
            throw .invalidMetadata(
                path: path, key: MetadataKey.format, value: format,
                reason: "expected \"\(Self.format)\"")
        }
        let classNames = try metadata.classNames()
        var hp = Hyperparameters()
        hp.hiddenSize = try metadata.integer(MetadataKey.units)
        hp.classCount = classNames.count
        hp.maxLength = try metadata.integer(MetadataKey.maxLength)
        hp.minLength = 1
        hp.maskValue = try metadata.float(MetadataKey.maskValue)
        hp.maxValue = try metadata.integer(MetadataKey.maxValue)
        try metadata.validate(hp)

        let layout = ParameterLayout(hp)
        var weights = [Float](repeating: 0, count: layout.count)
        for slice in layout.tensors {
            let values: [Float]
            do {
                values = try file.values(of: slice.name, shape: slice.shape, path: path)
            } catch {
                throw .file(error)
            }
            if let index = values.firstIndex(where: { !$0.isFinite }) {
                throw .nonFiniteWeight(path: path, tensor: slice.name, index: index, value: values[index])
            }
            weights.replaceSubrange(slice.range, with: values)
        }
        let expected = Set(layout.tensors.map(\.name))
        if let extra = file.tensors.first(where: { !expected.contains($0.name) }) {
            throw .unexpectedTensor(path: path, tensor: extra.name)
        }
        self.init(
            model: LSTMClassifier(layout: layout, weights: weights), classNames: classNames,
            maxLength: hp.maxLength, maskValue: hp.maskValue, maxValue: hp.maxValue)
    }
}

/// Takes typed values out of the string metadata, with errors naming the file and key.
private struct MetadataReader {
    var metadata: [String: String]
    var path: String

    func text(_ key: String) throws(SavedModelError) -> String {
        guard let value = metadata[key] else { throw .missingMetadata(path: path, key: key) }
        return value
    }

    func integer(_ key: String) throws(SavedModelError) -> Int {
        let value = try text(key)
        guard let number = Int(value) else {
            throw .invalidMetadata(path: path, key: key, value: value, reason: "not a whole number")
        }
        return number
    }

    func float(_ key: String) throws(SavedModelError) -> Float {
        let value = try text(key)
        guard let number = Float(value) else {
            throw .invalidMetadata(path: path, key: key, value: value, reason: "not a number")
        }
        return number
    }

    /// The class names: comma-separated, each non-empty, printable on one
    /// line, and different from the others.
    func classNames() throws(SavedModelError) -> [String] {
        let value = try text(MetadataKey.classes)
        let names = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func invalid(_ reason: String) -> SavedModelError {
            .invalidMetadata(path: path, key: MetadataKey.classes, value: value, reason: reason)
        }
        if names.contains(where: \.isEmpty) { throw invalid("a class name is empty") }
        // A name is printed on predict's output lines, so it may not break one.
        if names.contains(where: { $0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
            || names.contains(where: { $0.contains(where: \.isNewline) })
        {
            throw invalid("a class name holds a control character or line break")
        }
        if Set(names).count < names.count { throw invalid("a class name appears twice") }
        return names
    }

    /// Checks the numbers against the tutorial's limits, blaming the metadata key they came from.
    func validate(_ hp: Hyperparameters) throws(SavedModelError) {
        do {
            try hp.validate(memoryLimit: .max)  // predict runs in batches of its own size
        } catch {
            let keys = [
                "hiddenSize": MetadataKey.units, "classCount": MetadataKey.classes,
                "maxLength": MetadataKey.maxLength, "minLength": MetadataKey.maxLength,
                "maskValue": MetadataKey.maskValue, "maxValue": MetadataKey.maxValue
            ]
            let key = keys[error.parameter] ?? error.parameter
            throw .invalidMetadata(
                path: path, key: key, value: metadata[key] ?? error.value,
                reason: "\(error.parameter) must be \(error.validRange)")
        }
    }
}
