/// Keras's `Masking(mask_value=-1)`, turned into something a computer can skip.
///
/// Keras marks a timestep as masked when its input equals the mask value, and
/// the LSTM then carries its state through that step unchanged. The padding
/// is always at the end of a sequence, so a masked step changes nothing and
/// a sequence's result is the state after its last real step. Instead of
/// stepping over the padding and copying the state, we do no work for it at
/// all: we sort the batch by length, longest first, so that at every
/// timestep the sequences still running are the first rows. The batch then
/// shrinks as time advances, as in PyTorch's packed sequences:
///
///     lengths 5 3 3 2      t=0: rows 0..<4     t=2: rows 0..<3
///     (sorted)             t=1: rows 0..<4     t=3: rows 0..<1   t=4: rows 0..<1
///
/// Everything the LSTM computes lives in *packed* buffers: timestep t's
/// active rows sit at `offsets[t] ..< offsets[t] + activeCounts[t]`, with no
/// slot at all for a padded step.
// ANCHOR: packing
public struct PackedSequences: Equatable, Sendable {
    /// `order[r]` is the batch index of the r-th longest sequence (ties keep
    /// batch order).
    public let order: [Int]
    /// The lengths in sorted order: `sortedLengths[r] == lengths[order[r]]`.
    public let sortedLengths: [Int]
    /// `activeCounts[t]`: how many sequences are longer than t.
    public let activeCounts: [Int]
    /// `offsets[t]`: where timestep t's rows start in a packed buffer; the
    /// last entry is the total number of real timesteps in the batch.
    public let offsets: [Int]

    public init(lengths: [Int]) {
        let order = lengths.indices.sorted { a, b in
            lengths[a] > lengths[b] || (lengths[a] == lengths[b] && a < b)
        }
        let sorted = order.map { lengths[$0] }
        let counts = (0..<(sorted.first ?? 0)).map { t in sorted.prefix { $0 > t }.count }
        var offsets = [0]
        for count in counts { offsets.append(offsets.last! + count) }
        self.order = order
        (sortedLengths, activeCounts, self.offsets) = (sorted, counts, offsets)
    }

    /// The number of timesteps the longest sequence needs.
    public var steps: Int { activeCounts.count }
    /// The number of real (unpadded) timesteps in the whole batch.
    public var total: Int { offsets.last! }
}
// ANCHOR_END: packing
