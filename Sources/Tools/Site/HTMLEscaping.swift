/// Turns text into HTML that shows exactly that text.
///
/// Every string that did not come from the site's own templates goes through
/// here before it becomes part of a page: captured outputs, table cells, plot
/// titles, code, chapter titles. Quotes are escaped too, so that the same
/// function is safe inside attribute values.
public func escapeHTML(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for ch in text.unicodeScalars {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(ch)
        }
    }
    return out
}

/// A heading's text as a stable fragment identifier: `"The LSTM cell (forward)"` → `"the-lstm-cell-forward"`.
///
/// Letters and digits are kept (lowercased), every run of anything else becomes
/// one hyphen, and hyphens at the ends are dropped. Links written by hand in
/// the chapters depend on these, so the rule must not change silently.
func slugify(_ text: String) -> String {
    var slug = ""
    var pendingHyphen = false
    for ch in text.lowercased() {
        if ch.isLetter || ch.isNumber {
            if pendingHyphen && !slug.isEmpty { slug.append("-") }
            pendingHyphen = false
            slug.append(ch)
        } else {
            pendingHyphen = true
        }
    }
    return slug.isEmpty ? "section" : slug
}
