/// Each row's length as Keras's mask defines it: the number of timesteps
/// before the first one whose input equals `maskValue`.
///
/// Throws if a real value follows a masked step: such a sequence has a hole
/// that Keras would skip and this model, which runs each sequence to its
/// length, would not.
public func sequenceLengths(inputs: [Float], maxLength: Int, maskValue: Float) throws -> [Int] {
    precondition(maxLength > 0 && inputs.count % maxLength == 0)
    return try (0..<(inputs.count / maxLength)).map { row in
        let values = inputs[(row * maxLength)..<((row + 1) * maxLength)]
        let length = values.firstIndex(of: maskValue).map { $0 - row * maxLength } ?? maxLength
        if values.dropFirst(length).contains(where: { $0 != maskValue }) {
            throw MaskError(row: row, length: length)
        }
        return length
    }
}

public struct MaskError: Error, CustomStringConvertible {
    public var row: Int
    public var length: Int
    public var description: String {
        "sequence \(row) has a real value after the padding that starts at timestep \(length); padding must come last"
    }
}
