/// One named tensor: a shape and its Float values in row-major order.
public struct Tensor: Equatable, Sendable {
    /// The tensor's name in the file, such as `lstm/kernel`.
    public var name: String
    /// The size of each dimension; `[]` is a scalar.
    public var shape: [Int]
    /// `shape.reduce(1, *)` values, the last dimension varying fastest.
    public var values: [Float]

    public init(name: String, shape: [Int], values: [Float]) {
        self.name = name
        self.shape = shape
        self.values = values
    }
}

/// The contents of a safetensors file: tensors in the order of their data, and
/// the free-form string metadata.
///
/// The format (from Hugging Face's `safetensors`) is deliberately simple:
///
///     8 bytes     N, the header length, a little-endian UInt64
///     N bytes     a JSON object: for each tensor
///                 "name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]},
///                 and optionally "__metadata__": {"key": "value", ...} (strings only)
///     the rest    the tensors' raw bytes; offsets count from the start of this section
///
/// There is no code in it to run and nothing to unpickle, which is why it
/// replaced Python pickles for sharing weights. We read and write only F32.
public struct SafetensorsFile: Equatable, Sendable {
    /// The tensors, in the order their bytes are laid out.
    public var tensors: [Tensor]
    /// The `__metadata__` entries: string keys and string values.
    public var metadata: [String: String]

    public init(tensors: [Tensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor called `name`, or nil.
    public subscript(name: String) -> Tensor? {
        tensors.first { $0.name == name }
    }

    /// The values of tensor `name`, checked to have exactly `shape`.
    ///
    /// This is how a model takes its parameters out of a file: a tensor that is
    /// missing or shaped differently from the model's is an error naming the
    /// file (`path`) and the tensor, not a silent misreading of the numbers.
    public func values(of name: String, shape: [Int], path: String) throws(SafetensorsError) -> [Float] {
        guard let tensor = self[name] else { throw .missingTensor(path: path, tensor: name) }
        guard tensor.shape == shape else {
            throw .wrongShape(path: path, tensor: name, expected: shape, found: tensor.shape)
        }
        return tensor.values
    }
}

/// The number of elements a shape holds, or nil if it has a negative
/// dimension or the product does not fit in an Int.
func elementCount(of shape: [Int]) -> Int? {
    var count = 1
    for dimension in shape {
        guard dimension >= 0 else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
        guard !overflow else { return nil }
        count = product
    }
    return count
}
