import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output and standard error, written with every failure seen.
///
/// Output that cannot be written (`> /dev/full`, a closed descriptor, a full
/// disk) is an error with a one-line message and a non-zero exit, never output
/// silently lost. Foundation's `FileHandle.write` traps on such a failure, so
/// the tool writes through C's `stdout` and checks it.
public enum StandardStreams {
    /// Why the tool cannot start: standard output is closed (`>&-`). A file the
    /// tool opened later would take its number and receive what it prints.
    public static func closedOutputMessage() -> String? {
        fcntl(STDOUT_FILENO, F_GETFD) == -1 && errno == EBADF
            ? "standard output is closed; redirect it to a file or to /dev/null instead" : nil
    }

    /// Writes `text` to standard output and flushes it, so that a reader of a pipe gets it at once.
    public static func write(_ text: String) throws(OutputFailure) {
        print(text, terminator: "")
        if let failure = finish() { throw failure }
    }

    /// Flushes standard output (and every C stream, which is how Swift can name
    /// it): the failure of this or any earlier write that is still pending, if there was one.
    public static func finish() -> OutputFailure? {
        errno = 0
        guard fflush(nil) != 0 else { return nil }
        return OutputFailure(code: errno == 0 ? EIO : errno)
    }

    /// Standard output could not be written.
    public struct OutputFailure: Error, CustomStringConvertible {
        public var code: Int32
        public var description: String {
            let reason = String(cString: strerror(code))
            return "cannot write to standard output: " + reason.prefix(1).lowercased() + reason.dropFirst()
        }
    }
}

/// Writes `text` to standard error, unbuffered; a failure there has nowhere left to be told.
public func writeToStandardError(_ text: String) {
    // What was printed before comes first: a message that points above finds its details there.
    _ = fflush(nil)
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let count = bytes.withUnsafeBytes { systemWrite(STDERR_FILENO, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { return }
        bytes = bytes.dropFirst(count)
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif
