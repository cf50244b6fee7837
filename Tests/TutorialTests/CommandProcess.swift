import Foundation
import XCTest

/// What one run of the `tutorial` executable printed, and how it exited.
struct CommandResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs the built `tutorial` executable with `arguments` (and `input` on
/// standard input), as a reader types it in a terminal.
func tutorial(
    _ arguments: [String], input: Data = Data(), file: StaticString = #filePath,
    line: UInt = #line
) throws -> CommandResult {
    // The tests run from .build/<configuration>/, where the executable is built too
    // (the test bundle is that folder on Linux, a .xctest bundle inside it on macOS).
    let bundle = Bundle(for: CommandProcessMarker.self).bundleURL
    let folder = bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
    let executable = folder.appendingPathComponent("tutorial")
    guard FileManager.default.isExecutableFile(atPath: executable.path) else {
        XCTFail("no tutorial executable at \(executable.path); run `swift build` first", file: file, line: line)
        throw CocoaError(.fileNoSuchFile)
    }
    return try runProcess(executable, arguments, input: input)
}

/// Runs the program at `executable` with `arguments`, `input` on its standard input, and waits for it.
func runProcess(_ executable: URL, _ arguments: [String], input: Data = Data()) throws -> CommandResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
    (process.standardInput, process.standardOutput, process.standardError) = (stdin, stdout, stderr)
    try process.run()
    stdin.fileHandleForWriting.write(input)
    try stdin.fileHandleForWriting.close()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    let errors = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, standardOutput: String(decoding: output, as: UTF8.self),
        standardError: String(decoding: errors, as: UTF8.self))
}

private final class CommandProcessMarker {}
