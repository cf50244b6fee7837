/// The middle value of `values`: the one in the middle once sorted, or the
/// mean of the two middle ones when the count is even; NaN for no values.
///
/// The figure to quote of repeated measurements on a shared, noisy machine,
/// and of accuracies over seeds: one outlier does not move it.
public func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
