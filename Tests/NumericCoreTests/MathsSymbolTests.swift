import Foundation
import XCTest

/// No C maths library in the recorded path: the object files of the modules
/// that compute the recorded outputs import no maths symbol whose last bit a
/// platform may choose (`exp`, `log`, `pow`, `cos`, `tanh`, …). Only the
/// functions IEEE 754 defines exactly are allowed (`fma`, `sqrt`, the
/// roundings, `fabs`, `copysign`). The check reads the undefined symbols with
/// `nm`, and a fixture that calls `exp` shows that it catches one.
final class MathsSymbolTests: XCTestCase {
    /// The modules whose code runs on the way to a recorded output or a plot in the site.
    static let recordedPath = [
        "NumericCore", "Batches", "Engine", "Parameters", "Generator", "Model", "Loss", "Optimization", "Training",
        "Format", "Analysis", "TutorialBook", "ModelFiles", "Safetensors", "Notebook", "Site"
    ]

    /// The C maths library's functions: any of these imported is a finding, unless allowed.
    static let mathsFunctions: Set<String> = {
        let names: [String] = [
            "exp", "exp2", "exp10", "expm1", "log", "log2", "log10", "log1p", "logb", "pow", "sin", "cos", "tan",
            "sincos", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "cbrt",
            "hypot", "erf", "erfc", "lgamma", "tgamma", "fmod", "remainder", "scalbn", "ldexp", "frexp",
            "fma", "sqrt", "ceil", "floor", "trunc", "round", "rint", "nearbyint", "fabs", "copysign"
        ]
        var variants: Set<String> = []
        for name in names {
            for variant in [name, name + "f", name + "l", "__" + name + "_finite", "__" + name + "f_finite"] {
                variants.insert(variant)
            }
        }
        return variants
    }()

    /// Exactly rounded by IEEE 754, the same on every platform.
    static let allowed: Set<String> = {
        let names: [String] = [
            "fma", "sqrt", "ceil", "floor", "trunc", "round", "rint", "nearbyint", "fabs", "copysign"
        ]
        return Set(names + names.map { $0 + "f" })
    }()

    /// The maths symbols that the object files in `folder` import and may not.
    static func findings(inObjectsUnder folder: URL) throws -> [String] {
        let objects = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "o" }
        var found: Set<String> = []
        for object in objects {
            for symbol in try undefinedSymbols(object) {
                let name = symbol.hasPrefix("_") && !symbol.hasPrefix("__") ? String(symbol.dropFirst()) : symbol
                let plain = name.split(separator: "@").first.map(String.init) ?? name  // glibc's exp@GLIBC_2.29
                if mathsFunctions.contains(plain) && !allowed.contains(plain) {
                    found.insert("\(object.lastPathComponent): \(plain)")
                }
            }
        }
        return found.sorted()
    }

    static func undefinedSymbols(_ object: URL) throws -> [String] {
        let output = try run("/usr/bin/env", ["nm", "-u", object.path])
        return output.split(whereSeparator: \.isNewline).compactMap { $0.split(separator: " ").last.map(String.init) }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(
                .executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(arguments.joined(separator: " ")) failed"])
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Where this build's object files are: beside the test bundle, one `<Module>.build` folder each.
    func buildFolder() throws -> URL {
        var folder = Bundle(for: Self.self).bundleURL.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("NumericCore.build").path) {
            folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug")
        }
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("NumericCore.build").path) else {
            throw XCTSkip("no object files found beside the test bundle or in .build/debug")
        }
        return folder
    }

    func requireNM() throws {
        guard (try? Self.run("/usr/bin/env", ["nm", "--version"])) != nil else {
            throw XCTSkip("nm (binutils) is not installed; the check needs it")
        }
    }

    func testTheRecordedPathImportsNoMathsLibraryFunction() throws {
        try requireNM()
        let build = try buildFolder()
        var checked = 0
        for module in Self.recordedPath {
            let folder = build.appendingPathComponent("\(module).build")
            guard FileManager.default.fileExists(atPath: folder.path) else {
                XCTFail("\(module): no object files in \(folder.path)")
                continue
            }
            XCTAssertEqual(try Self.findings(inObjectsUnder: folder), [], "\(module) imports C maths functions")
            checked += 1
        }
        XCTAssertEqual(checked, Self.recordedPath.count)
    }

    /// The check is not vacuous: a module that calls `exp` is caught.
    func testAFixtureCallingExpIsCaught() throws {
        try requireNM()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("maths-symbols-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("Fixture.swift")
        try """
        #if canImport(Glibc)
        import Glibc
        #else
        import Darwin
        #endif
        public func growth(_ x: Double) -> Double { exp(x) + sqrt(x) }
        """.write(to: source, atomically: true, encoding: .utf8)
        do {
            _ = try Self.run(
                "/usr/bin/env",
                [
                    "swiftc", "-O", "-parse-as-library", "-module-name", "Fixture", "-c",
                    source.path, "-o", folder.appendingPathComponent("Fixture.o").path
                ])
        } catch {
            throw XCTSkip("swiftc could not compile the fixture here")
        }
        XCTAssertEqual(try Self.findings(inObjectsUnder: folder), ["Fixture.o: exp"])
    }
}
