// swift-tools-version:6.0
//
// The Dynamic RNN tutorial: an LSTM that tells linear runs from random
// sequences of variable length, written in plain Swift, one module per
// chapter of the notebook.
import PackageDescription

/// How the numeric modules are compiled.
///
/// - Always optimised, even in a debug build: unoptimised SIMD code is some
///   fifty times slower, and the tests train real models.
/// - For the CPU that builds them (`-target-cpu native`) on x86-64, so that
///   the kernels' fused multiply-adds (`addingProduct`) are single
///   instructions; the baseline x86-64 target has no FMA, and each one becomes
///   a call to the C library's `fmaf`. The results are the same bits either
///   way: a fused multiply-add is exactly rounded, and nothing depends on the
///   vector width. (Swift never fuses a plain `a * b + c` by itself, in any
///   build; the kernels ask for fusion because it is one instruction instead
///   of two, with one rounding instead of two. Chapter 7 shows the probe.)
/// - Without `errno` for the square root (`-fno-math-errno`): C's `sqrtf`
///   sets `errno` for a negative input, so the compiler checks every square
///   root and cannot compute 16 at once (`SIMD16.squareRoot()` in Adam's
///   update became 16 scalar ones). The result is the same correctly rounded
///   square root either way.
let numericSettings: [SwiftSetting] = {
    var flags = ["-O", "-Xcc", "-fno-math-errno"]
    #if arch(x86_64)
    // TUTORIAL_TARGET_CPU=znver3 builds for AVX2 without AVX-512 (AMD Zen 3), to check on an AVX-512
    // machine that the other kind computes the same bits (docs/performance.md).
    let targetCPU = Context.environment["TUTORIAL_TARGET_CPU"] ?? "native"
    flags += ["-target-cpu", targetCPU]
    #endif
    return [.unsafeFlags(flags)]
}()

let package = Package(
    name: "DynamicRNN",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tutorial", targets: ["tutorial"]),
    ],
    dependencies: [
        // Exactly these versions (and Package.resolved is committed): the tests assert the argument parser's
        // wording, and the committed site is compared byte for byte with the highlighting.
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-syntax", exact: "603.0.1"),
    ],
    targets: [
        // MARK: The chapters, in the order data flows through them

        .target(name: "Parameters", dependencies: ["Notebook"], path: "Sources/01-Parameters"),
        .target(name: "Generator", dependencies: ["Parameters", "Batches", "NumericCore", "Notebook"],
                path: "Sources/02-Generator", swiftSettings: numericSettings),
        .target(name: "Model", dependencies: ["Parameters", "Batches", "Generator", "Engine", "NumericCore", "Notebook"],
                path: "Sources/03-Model", swiftSettings: numericSettings),
        .target(name: "Loss", dependencies: ["Parameters", "Generator", "Model", "Engine", "NumericCore", "Notebook"],
                path: "Sources/04-Loss", swiftSettings: numericSettings),
        .target(name: "Optimization",
                dependencies: ["Parameters", "Batches", "Generator", "Model", "Engine", "Loss", "Notebook", "NumericCore"],
                path: "Sources/05-Optimization", swiftSettings: numericSettings),
        .target(name: "Training",
                dependencies: ["Parameters", "Batches", "Generator", "Model", "Engine", "Loss", "Optimization", "Notebook",
                               "ModelFiles", "NumericCore"],
                path: "Sources/06-Training", swiftSettings: numericSettings),
        .target(name: "MakingItFast",
                dependencies: ["Parameters", "Batches", "Generator", "Engine", "NumericCore", "Notebook"],
                path: "Sources/07-MakingItFast", swiftSettings: numericSettings),
        .target(name: "Analysis",
                dependencies: ["Parameters", "Batches", "Generator", "Model", "Engine", "Loss", "Optimization",
                               "Notebook", "NumericCore"],
                path: "Sources/08-Analysis", swiftSettings: numericSettings),

        // MARK: Under the chapters

        /// A batch of sequences scaled and padded for the model: what training and `predict` both build.
        .target(name: "Batches", path: "Sources/Batches", swiftSettings: numericSettings),
        /// The fast LSTM that training uses: packed batches, matrix-product
        /// kernels, vectorised activations, two cores (chapter 7).
        .target(name: "Engine", dependencies: ["Parameters", "Batches", "NumericCore"],
                path: "Sources/Engine", swiftSettings: numericSettings),
        /// Flat Float storage, the few numeric kernels, the random number generator.
        .target(name: "NumericCore", path: "Sources/NumericCore", swiftSettings: numericSettings),
        /// What a chapter shows: text, tables and series, captured for the runner.
        .target(name: "Notebook", path: "Sources/Notebook"),
        /// Tensors in Hugging Face's safetensors format (F32), read and written with Foundation alone.
        .target(name: "Safetensors", dependencies: ["SafeFiles", "Notebook"], path: "Sources/Safetensors"),
        /// Writing files without losing a reader's: exclusive temporaries, replace by rename, complete
        /// listings, a folder lock, SHA-256. Optimised: it hashes every file of a site on every run.
        .target(name: "SafeFiles", path: "Sources/SafeFiles", swiftSettings: [.unsafeFlags(["-O"])]),
        /// The files the model reads and writes: trained weights, the sequences `predict` classifies.
        /// Optimised as the numeric modules are: `predict` parses a million lines in seconds.
        .target(name: "ModelFiles",
                dependencies: ["Safetensors", "Parameters", "Batches", "Model", "Engine", "Loss", "Notebook"],
                path: "Sources/ModelFiles", swiftSettings: numericSettings),

        // MARK: The site

        /// The cmark C library, which parses chapter Markdown into a tree and renders it as HTML.
        .systemLibrary(name: "CCmark", path: "Sources/CCmark", pkgConfig: "libcmark",
                       providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]),
        /// The HTML book: chapter pages with highlighted code, captured outputs, tables and plots.
        .target(
            name: "Site",
            dependencies: [
                "CCmark", "Notebook", "SafeFiles",
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
            ],
            path: "Sources/Site",
            /// The page template, stylesheet and scripts, edited as HTML, CSS and JavaScript in Resources/ and
            /// compiled in as EmbeddedResources.swift (.ci/embed-resources.py), so the executable is one file.
            exclude: ["Resources"]),

        // MARK: On top

        /// The book pipeline, for any book of chapters: load, preprocess, run, check or update, render.
        .target(name: "Runner", dependencies: ["Notebook", "Site", "SafeFiles"], path: "Sources/Runner"),
        .executableTarget(
            name: "tutorial",
            dependencies: [
                "Parameters", "Batches", "Generator", "Model", "Engine", "Loss", "Optimization", "Training",
                "MakingItFast", "Analysis", "ModelFiles", "Notebook", "Runner", "Site", "SafeFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/tutorial"),

        // MARK: Tests: Tests/<Module>Tests for each module, TutorialTests for the command line

        .testTarget(name: "ParametersTests", dependencies: ["Parameters"], path: "Tests/ParametersTests"),
        .testTarget(name: "SafeFilesTests", dependencies: ["SafeFiles"], path: "Tests/SafeFilesTests"),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook"], path: "Tests/NotebookTests"),
        .testTarget(name: "BatchesTests", dependencies: ["Batches"], path: "Tests/BatchesTests"),
        .testTarget(name: "NumericCoreTests", dependencies: ["NumericCore"], path: "Tests/NumericCoreTests",
                    swiftSettings: numericSettings),
        .testTarget(
            name: "ModelTests",
            dependencies: ["Parameters", "Batches", "Generator", "Model", "Engine", "Loss", "Optimization", "NumericCore",
                           "TestSupport"],
            path: "Tests/ModelTests"),
        .testTarget(name: "TrainingTests", dependencies: ["Parameters", "Training"], path: "Tests/TrainingTests"),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Parameters", "Batches", "Generator", "Model", "Engine", "Training"],
                    path: "Tests/AnalysisTests"),
        .testTarget(name: "SafetensorsTests", dependencies: ["Safetensors", "NumericCore", "TestSupport"],
                    path: "Tests/SafetensorsTests"),
        .testTarget(
            name: "ModelFilesTests",
            dependencies: ["ModelFiles", "Safetensors", "Notebook", "Parameters", "Model", "Engine", "Training", "TestSupport"],
            path: "Tests/ModelFilesTests"),
        .testTarget(name: "SiteTests", dependencies: ["Site", "Notebook"], path: "Tests/SiteTests"),
        .testTarget(
            name: "RunnerTests",
            dependencies: ["Runner", "Notebook", "Site"],
            path: "Tests/RunnerTests",
            exclude: ["Fixtures"]),
        .testTarget(
            name: "TutorialTests",
            dependencies: [
                "tutorial", "Runner", "Site", "Notebook", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/TutorialTests"),
        /// What several test targets share: the Keras fixtures, temporary folders, tolerant comparisons.
        .target(name: "TestSupport", dependencies: ["Safetensors", "Batches", "Model", "Engine", "Parameters"],
                path: "Tests/TestSupport"),
    ]
)
