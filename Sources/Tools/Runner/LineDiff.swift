/// A line diff in the unified style of `diff -u`, for showing a reader how a
/// produced output differs from the recorded one.
///
/// Outputs are tens of lines, so the plain longest-common-subsequence table
/// (quadratic in lines) is fast enough and easy to follow.
public enum LineDiff {
    enum Edit: Equatable {
        case same(String), removed(String), added(String)
    }

    /// The edits that turn `old` into `new`, in order.
    static func edits(from old: [String], to new: [String]) -> [Edit] {
        // common[i][j]: length of the longest common subsequence of old[i...] and new[j...].
        var common = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                common[i][j] = old[i] == new[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var edits: [Edit] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                edits.append(.same(old[i])); i += 1; j += 1
            } else if j < new.count, i == old.count || common[i][j + 1] > common[i + 1][j] {
                edits.append(.added(new[j])); j += 1
            } else {
                edits.append(.removed(old[i])); i += 1
            }
        }
        return edits
    }

    /// The unified diff of `old` (labelled `oldLabel`) and `new`, with
    /// `context` unchanged lines around each change; empty when they are equal.
    public static func unified(
        _ old: [String], _ new: [String],
        oldLabel: String, newLabel: String, context: Int = 2
    ) -> String {
        let edits = edits(from: old, to: new)
        let changed = edits.indices.filter { if case .same = edits[$0] { false } else { true } }
        guard !changed.isEmpty else { return "" }
        // Group changes whose context overlaps into hunks.
        var hunks: [ClosedRange<Int>] = []
        for index in changed {
            let range = max(0, index - context)...min(edits.count - 1, index + context)
            if let last = hunks.last, range.lowerBound <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...range.upperBound
            } else {
                hunks.append(range)
            }
        }
        var out = ["--- \(oldLabel)", "+++ \(newLabel)"]
        for hunk in hunks {
            // Line numbers (1-based) where the hunk starts in old and new.
            let before = edits[..<hunk.lowerBound]
            let oldStart = before.filter { if case .added = $0 { false } else { true } }.count + 1
            let newStart = before.filter { if case .removed = $0 { false } else { true } }.count + 1
            let body = edits[hunk]
            let oldCount = body.filter { if case .added = $0 { false } else { true } }.count
            let newCount = body.filter { if case .removed = $0 { false } else { true } }.count
            out.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@")
            for edit in body {
                switch edit {
                case .same(let line): out.append(" " + line)
                case .removed(let line): out.append("-" + line)
                case .added(let line): out.append("+" + line)
                }
            }
        }
        return out.joined(separator: "\n")
    }
}
