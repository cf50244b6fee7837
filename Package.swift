// swift-tools-version:6.0
//
// The Dynamic RNN tutorial: an LSTM that tells linear runs from random
// sequences of variable length, written in plain Swift, one module per
// chapter of the notebook.
import PackageDescription

/// Release builds of the numeric code drop bounds checks in the few kernels
/// that are written with unsafe pointers anyway; everything else stays checked.
let numericSettings: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "DynamicRNN",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tutorial", targets: ["tutorial"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // MARK: The chapters, in the order data flows through them

        .target(name: "Parameters", dependencies: ["Notebook"], path: "Sources/01-Parameters"),
        .target(name: "Generator", dependencies: ["Parameters", "NumericCore", "Notebook"],
                path: "Sources/02-Generator", swiftSettings: numericSettings),
        .target(name: "Model", dependencies: ["Parameters", "Generator", "NumericCore", "Notebook"],
                path: "Sources/03-Model", swiftSettings: numericSettings),
        .target(name: "Loss", dependencies: ["Parameters", "Generator", "Model", "NumericCore", "Notebook"],
                path: "Sources/04-Loss", swiftSettings: numericSettings),
        .target(name: "Optimization",
                dependencies: ["Parameters", "Generator", "Model", "Loss", "NumericCore", "Notebook"],
                path: "Sources/05-Optimization", swiftSettings: numericSettings),
        .target(name: "Training",
                dependencies: ["Parameters", "Generator", "Model", "Loss", "Optimization", "NumericCore", "Notebook"],
                path: "Sources/06-Training", swiftSettings: numericSettings),

        // MARK: Under the chapters

        /// Flat Float storage, the few numeric kernels, the random number generator.
        .target(name: "NumericCore", path: "Sources/NumericCore", swiftSettings: numericSettings),
        /// What a chapter shows: text, tables and series, captured for the runner.
        .target(name: "Notebook", path: "Sources/Notebook"),

        // MARK: On top

        /// Runs the chapters, checks and updates their recorded outputs, resolves their directives.
        .target(
            name: "Runner",
            dependencies: ["Parameters", "Generator", "Model", "Loss", "Optimization", "Training", "Notebook"],
            path: "Sources/Runner"),
        .executableTarget(
            name: "tutorial",
            dependencies: [
                "Parameters", "Generator", "Model", "Loss", "Optimization", "Training", "Runner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/tutorial"),

        // MARK: Tests

        .testTarget(
            name: "ModelTests",
            dependencies: ["Parameters", "Generator", "Model", "Loss", "Optimization", "Training", "NumericCore"],
            path: "Tests/ModelTests"),
        .testTarget(
            name: "RunnerTests",
            dependencies: ["Runner", "tutorial", "Notebook", "Parameters"],
            path: "Tests/RunnerTests",
            exclude: ["Fixtures"]),
    ]
)
