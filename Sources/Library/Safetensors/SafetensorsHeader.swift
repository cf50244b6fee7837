import Foundation

/// The JSON header of a safetensors file, checked for structure but not yet
/// against the data section.
///
/// Foundation's `JSONSerialization` does the parsing (it reports syntax errors
/// with a position and refuses absurd nesting); this type then walks the
/// untyped result and insists on exactly the shapes the format prescribes, so
/// that a header saying `"shape": [1.5]` or `"data_offsets": [true, 4]` is a
/// clear error instead of a wrong number.
struct Header {
    /// One tensor's entry: where its bytes are and how to read them.
    struct Entry {
        var name: String
        var dtype: String
        var shape: [Int]
        var begin: UInt64
        var end: UInt64
    }

    /// The reserved key for the free-form metadata.
    static let metadataKey = "__metadata__"

    /// The tensors' entries, sorted by name so that errors come in a fixed order.
    var entries: [Entry] = []
    var metadata: [String: String] = [:]

    init(json: ArraySlice<UInt8>, path: String) throws(SafetensorsError) {
        func invalid(_ reason: String) -> SafetensorsError { .invalidHeader(path: path, reason: reason) }

        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(json))
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw invalid("not valid JSON" + (detail.map { " (\($0))" } ?? ""))
        }
        guard let object = parsed as? [String: Any] else { throw invalid("not a JSON object") }

        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            if name == Header.metadataKey {
                guard let pairs = value as? [String: Any] else {
                    throw invalid("\"\(Header.metadataKey)\" is not an object")
                }
                for (key, value) in pairs {
                    guard let text = value as? String else {
                        throw invalid("metadata \"\(key)\" is not a string")
                    }
                    metadata[key] = text
                }
                continue
            }
            guard let fields = value as? [String: Any] else { throw invalid("tensor \"\(name)\" is not an object") }
            guard let dtype = fields["dtype"] as? String else {
                throw invalid("tensor \"\(name)\" has no string \"dtype\"")
            }
            guard let shape = (fields["shape"] as? [Any]).flatMap({ integers($0, as: Int.self) }),
                shape.allSatisfy({ $0 >= 0 })
            else {
                throw invalid("tensor \"\(name)\" has no \"shape\" array of non-negative integers")
            }
            guard let offsets = (fields["data_offsets"] as? [Any]).flatMap({ integers($0, as: UInt64.self) }),
                offsets.count == 2
            else {
                throw invalid("tensor \"\(name)\" has no \"data_offsets\" pair of non-negative integers")
            }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1]))
        }
    }
}

/// The elements of a JSON array as integers of type `T`, or nil if any is not
/// a whole number that fits.
///
/// JSON booleans arrive as `NSNumber`s too (and `true as? Int` succeeds), so
/// they are told apart by their Objective-C type code, `c`.
private func integers<T: FixedWidthInteger>(_ array: [Any], as type: T.Type) -> [T]? {
    var result: [T] = []
    for element in array {
        guard let number = element as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        if let value = element as? T {
            result.append(value)
        } else {
            return nil
        }
    }
    return result
}
