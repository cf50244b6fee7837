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
// ANCHOR: numeric-settings
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
// ANCHOR_END: numeric-settings

let package = Package(
    name: "DynamicRNN",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tutorial", targets: ["tutorial"])
    ],
    dependencies: [
        // Exactly these versions (and Package.resolved is committed): the tests assert the argument parser's
        // wording, and the committed site is compared byte for byte with the highlighting.
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-syntax", exact: "603.0.1")
    ],
    targets: [
        // MARK: Library: the model's code, chapter by chapter in the order data flows through it,
        // and the modules under it. Each depends only on what its own code uses.

        .target(name: "Parameters", dependencies: ["Format"], path: "Sources/Library/01-Parameters"),
        .target(
            name: "Generator", dependencies: ["Parameters", "Batches", "NumericCore"],
            path: "Sources/Library/02-Generator", swiftSettings: numericSettings),
        .target(
            name: "Model", dependencies: ["Parameters", "Batches", "Engine", "NumericCore"],
            path: "Sources/Library/03-Model", swiftSettings: numericSettings),
        .target(
            name: "Loss", dependencies: ["NumericCore"], path: "Sources/Library/04-Loss",
            swiftSettings: numericSettings),
        .target(
            name: "Optimization", dependencies: ["Batches", "Generator", "Model", "Engine", "Loss", "NumericCore"],
            path: "Sources/Library/05-Optimization", swiftSettings: numericSettings),
        .target(
            name: "Training",
            dependencies: ["Parameters", "Batches", "Generator", "Model", "Engine", "Loss", "Optimization", "Format"],
            path: "Sources/Library/06-Training", swiftSettings: numericSettings),
        .target(
            name: "Analysis",
            dependencies: [
                "Parameters", "Batches", "Generator", "Model", "Engine", "Loss", "Optimization", "Training",
                "NumericCore"
            ],
            path: "Sources/Library/08-Analysis", swiftSettings: numericSettings),

        /// A batch of sequences scaled and padded for the model: what training and `predict` both build.
        .target(name: "Batches", path: "Sources/Library/Batches", swiftSettings: numericSettings),
        /// The fast LSTM that training uses: packed batches, matrix-product
        /// kernels, vectorised activations, two cores (chapter 7's subject).
        .target(
            name: "Engine", dependencies: ["Parameters", "Batches", "NumericCore"],
            path: "Sources/Library/Engine", swiftSettings: numericSettings),
        /// Flat Float storage, the few numeric kernels, the random number generator.
        .target(name: "NumericCore", path: "Sources/Library/NumericCore", swiftSettings: numericSettings),
        /// Numbers and text as the tutorial writes them: `2,000`, `81.25%`, `1.5 GB`, echoed input.
        .target(name: "Format", path: "Sources/Library/Format"),
        /// Tensors in Hugging Face's safetensors format (F32), read and written with Foundation alone.
        .target(name: "Safetensors", dependencies: ["SafeFiles", "Format"], path: "Sources/Library/Safetensors"),
        /// Writing files without losing a reader's: exclusive temporaries, replace by rename, complete
        /// listings, a folder lock, SHA-256, FNV-1a. Optimised: it hashes every file of a site on every run.
        .target(name: "SafeFiles", path: "Sources/Library/SafeFiles", swiftSettings: [.unsafeFlags(["-O"])]),
        /// The files the model reads and writes: trained weights, the sequences `predict` classifies.
        /// Optimised as the numeric modules are: `predict` parses a million lines in seconds.
        .target(
            name: "ModelFiles", dependencies: ["Safetensors", "Parameters", "Batches", "Engine", "Loss", "Format"],
            path: "Sources/Library/ModelFiles", swiftSettings: numericSettings),

        // MARK: Book: the tutorial itself, on top of the library: each chapter's cells (the code that runs
        // it and shows its outputs), the list of chapters and what may keep an expensive chapter's
        // outputs, the values its prose quotes, the front page, and the model in the page.

        .target(
            name: "TutorialBook",
            dependencies: [
                "Parameters", "Generator", "Model", "Loss", "Optimization", "Training", "Analysis",
                "Batches", "Engine", "NumericCore", "Format", "ModelFiles", "Notebook", "Runner", "Site"
            ],
            path: "Sources/Book",
            /// lstm.js and model-panel.js, compiled in as EmbeddedResources.swift (.ci/embed-resources.py).
            exclude: ["Resources"],
            swiftSettings: numericSettings),

        // MARK: Tools: what turns any book of chapters into outputs and a site, and the command line.

        /// What a chapter shows: text, tables, plots and heatmaps, captured for the runner.
        .target(name: "Notebook", path: "Sources/Tools/Notebook"),
        /// The cmark C library, which parses chapter Markdown into a tree and renders it as HTML.
        .systemLibrary(
            name: "CCmark", path: "Sources/Tools/CCmark", pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]),
        /// A chapter's Markdown parsed by cmark: its title, its code blocks, and the tree the site renders.
        .target(name: "Markdown", dependencies: ["CCmark"], path: "Sources/Tools/Markdown"),
        /// The HTML site of any book: pages with highlighted code, captured outputs, tables, plots and math.
        .target(
            name: "Site",
            dependencies: [
                "Markdown", "CCmark", "Notebook", "SafeFiles", "Format",
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax")
            ],
            path: "Sources/Tools/Site",
            /// The page template, stylesheet and scripts, edited as HTML, CSS and JavaScript in Resources/ and
            /// compiled in as EmbeddedResources.swift (.ci/embed-resources.py), so the executable is one file.
            exclude: ["Resources"]),
        /// The book pipeline, for any book of chapters: load, preprocess, run, check or update, render.
        .target(
            name: "Runner", dependencies: ["Markdown", "Notebook", "Site", "SafeFiles", "Format"],
            path: "Sources/Tools/Runner"),
        /// `tutorial`: reads the command line and calls the runner, or trains, predicts, benchmarks.
        .executableTarget(
            name: "tutorial",
            dependencies: [
                "TutorialBook", "Runner", "Site", "Format", "SafeFiles",
                "Parameters", "Batches", "Generator", "Model", "Engine", "Loss", "Optimization", "Training",
                "ModelFiles",
                "NumericCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ],
            path: "Sources/Tools/tutorial"),

        // MARK: Tests: Tests/<Module>Tests for each module, TutorialTests for the command line

        .testTarget(name: "ParametersTests", dependencies: ["Parameters"], path: "Tests/ParametersTests"),
        .testTarget(
            name: "GeneratorTests", dependencies: ["Generator", "Parameters", "Batches", "NumericCore"],
            path: "Tests/GeneratorTests"),
        .testTarget(
            name: "ModelTests",
            dependencies: [
                "Parameters", "Batches", "Generator", "Model", "Engine", "Loss", "Optimization", "NumericCore",
                "TestSupport"
            ],
            path: "Tests/ModelTests"),
        .testTarget(name: "LossTests", dependencies: ["Loss", "NumericCore"], path: "Tests/LossTests"),
        .testTarget(
            name: "OptimizationTests",
            dependencies: ["Optimization", "Parameters", "Model", "Engine", "NumericCore", "TestSupport"],
            path: "Tests/OptimizationTests"),
        .testTarget(
            name: "TrainingTests", dependencies: ["Parameters", "Training", "Batches", "Generator"],
            path: "Tests/TrainingTests"),
        .testTarget(
            name: "AnalysisTests",
            dependencies: [
                "Analysis", "Parameters", "Batches", "Generator", "Model", "Engine", "Training", "NumericCore"
            ],
            path: "Tests/AnalysisTests"),
        .testTarget(name: "BatchesTests", dependencies: ["Batches"], path: "Tests/BatchesTests"),
        .testTarget(
            name: "EngineTests", dependencies: ["Engine", "Parameters", "Batches", "NumericCore"],
            path: "Tests/EngineTests"),
        .testTarget(
            name: "NumericCoreTests", dependencies: ["NumericCore"], path: "Tests/NumericCoreTests",
            swiftSettings: numericSettings),
        .testTarget(name: "FormatTests", dependencies: ["Format"], path: "Tests/FormatTests"),
        .testTarget(
            name: "SafetensorsTests", dependencies: ["Safetensors", "NumericCore", "TestSupport"],
            path: "Tests/SafetensorsTests"),
        .testTarget(name: "SafeFilesTests", dependencies: ["SafeFiles"], path: "Tests/SafeFilesTests"),
        .testTarget(
            name: "ModelFilesTests",
            dependencies: [
                "ModelFiles", "Safetensors", "Format", "Parameters", "Model", "Engine", "Training",
                "TestSupport"
            ],
            path: "Tests/ModelFilesTests"),
        .testTarget(
            name: "TutorialBookTests",
            dependencies: [
                "TutorialBook", "Runner", "Notebook", "Parameters", "Site", "ModelFiles", "Training",
                "TestSupport"
            ],
            path: "Tests/TutorialBookTests"),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook"], path: "Tests/NotebookTests"),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown", "CCmark"], path: "Tests/MarkdownTests"),
        .testTarget(
            name: "SiteTests", dependencies: ["Site", "Markdown", "Notebook", "Format"], path: "Tests/SiteTests"),
        .testTarget(
            name: "RunnerTests",
            dependencies: ["Runner", "Markdown", "Notebook", "Site"],
            path: "Tests/RunnerTests",
            exclude: ["Fixtures"]),
        .testTarget(
            name: "TutorialTests",
            dependencies: [
                "tutorial", "TutorialBook", "Runner", "Site", "Notebook", "Format", "Parameters", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ],
            path: "Tests/TutorialTests"),
        /// What several test targets share: the Keras fixtures, temporary folders, tolerant comparisons.
        .target(
            name: "TestSupport", dependencies: ["Safetensors", "Batches", "Model", "Engine", "Parameters"],
            path: "Tests/TestSupport")
    ]
)
