import Analysis
import Format
import Foundation
import Generator
import Loss
import Model
import Notebook
import Optimization
import Parameters
import Runner
import Training

/// The tutorial's book: its chapters, and what its site's front page says about a run.
///
/// The runner (`Runner`) is generic: it runs whatever chapters it is given.
/// This is the one place that knows which chapters the tutorial has.
public enum BookContents {
    /// The tutorial's chapters, in the order data flows through them, run with `hp`.
    ///
    /// Every chapter file is `chapters/<slug>.md`; every chapter but the
    /// introduction has an entry point in its module that regenerates, from
    /// the hyperparameters alone, whatever earlier chapters made, so any
    /// chapter can run by itself.
    /// `root`, when given, is where chapter 7 reads its recorded measurements from, and where
    /// the expensive chapters' cells are read to see what they use (`expensive`).
    static func contents(_ hp: Hyperparameters, root: URL? = nil) -> [ChapterEntry] {
        [
            ChapterEntry(number: 0, slug: "00-introduction", entryPoint: nil),
            ChapterEntry(number: 1, slug: "01-parameters", entryPoint: { try ParametersChapter.run(hp, in: $0) }),
            ChapterEntry(number: 2, slug: "02-generator", entryPoint: { try GeneratorChapter.run(hp, in: $0) }),
            ChapterEntry(
                number: 3, slug: "03-model", entryPoint: { try ModelChapter.run(hp, in: $0) },
                freeze: expensive("03-Model.swift", hp, root: root)),
            ChapterEntry(number: 4, slug: "04-loss", entryPoint: { try LossChapter.run(hp, in: $0) }),
            ChapterEntry(number: 5, slug: "05-optimization", entryPoint: { try OptimizationChapter.run(hp, in: $0) }),
            ChapterEntry(number: 6, slug: "06-training", entryPoint: { try TrainingChapter.run(hp, in: $0) }),
            ChapterEntry(
                number: 7, slug: "07-making-it-fast",
                entryPoint: { try MakingItFastChapter.run(hp, in: $0, sweep: recordedSweep(root)) }),
            ChapterEntry(
                number: 8, slug: "08-inside-the-model", entryPoint: { try AnalysisChapter.run(hp, in: $0) },
                freeze: expensive("08-InsideTheModel.swift", hp, root: root))
        ]
    }

    /// What an expensive chapter's outputs depend on, and nothing else:
    ///
    /// - its cells, `Sources/Book/Chapters/<cells>` (not its prose, which does not run);
    /// - the sources of every library module the cells import, and of the modules
    ///   those depend on, transitively, as Package.swift declares them;
    /// - the compiler settings that can change numbers (`numeric-settings` in
    ///   Package.swift) and the compiler's version;
    /// - the hyperparameters.
    ///
    /// Not the site's stylesheet and templates, the runner, the command line, the
    /// tests, or another chapter's cells: editing those keeps the chapter's kept outputs.
    static func expensive(_ cells: String, _ hp: Hyperparameters, root: URL?) -> FreezeInputs {
        let file = "Sources/Book/Chapters/" + cells
        let imports =
            root.flatMap { try? String(contentsOf: $0.appendingPathComponent(file), encoding: .utf8) }
            .map(importedModules) ?? []
        let folders = Set(imports.flatMap(sourceFolders(of:))).sorted()
        return FreezeInputs(
            paths: [file] + folders + ["Package.swift:numeric-settings"],
            settings: "\(hp)\ncompiler: \(compilerVersion)")
    }

    /// The modules a Swift file imports (`import Model`, `@testable import Model`).
    static func importedModules(_ source: String) -> [String] {
        source.split(whereSeparator: \.isNewline).compactMap { line in
            let words = line.split(separator: " ")
            guard let index = words.firstIndex(of: "import"), index + 1 < words.count else { return nil }
            return String(words[index + 1])
        }
    }

    /// The Swift compiler that built this program, as far as the language can tell: its
    /// minor version. A new compiler may optimise differently; a kept output says which made it.
    static var compilerVersion: String {
        #if compiler(>=7.0)
        return "7.0 or later"
        #elseif compiler(>=6.5)
        return "6.5"
        #elseif compiler(>=6.4)
        return "6.4"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }

    /// The library modules the chapters' code uses: each one's folder and the
    /// modules it depends on, as Package.swift declares them (a test checks
    /// that the two agree).
    static let libraries: [String: (folder: String, dependencies: [String])] = [
        "Parameters": ("Sources/Library/01-Parameters", ["Format"]),
        "Generator": ("Sources/Library/02-Generator", ["Parameters", "Batches", "NumericCore"]),
        "Model": ("Sources/Library/03-Model", ["Parameters", "Batches", "Engine", "NumericCore"]),
        "Loss": ("Sources/Library/04-Loss", ["NumericCore"]),
        "Optimization": (
            "Sources/Library/05-Optimization", ["Batches", "Generator", "Model", "Engine", "Loss", "NumericCore"]
        ),
        "Training": (
            "Sources/Library/06-Training",
            ["Parameters", "Batches", "Generator", "Model", "Engine", "Loss", "Optimization", "Format"]
        ),
        "Analysis": (
            "Sources/Library/08-Analysis",
            [
                "Parameters", "Batches", "Generator", "Model", "Engine", "Loss", "Optimization", "Training",
                "NumericCore"
            ]
        ),
        "Batches": ("Sources/Library/Batches", []),
        "Engine": ("Sources/Library/Engine", ["Parameters", "Batches", "NumericCore"]),
        "NumericCore": ("Sources/Library/NumericCore", []),
        "Format": ("Sources/Library/Format", []),
        "Safetensors": ("Sources/Library/Safetensors", ["SafeFiles", "Format"]),
        "SafeFiles": ("Sources/Library/SafeFiles", []),
        "ModelFiles": (
            "Sources/Library/ModelFiles", ["Safetensors", "Parameters", "Batches", "Engine", "Loss", "Format"]
        )
    ]

    /// The folders of `module` and of every module it depends on, transitively, sorted.
    static func sourceFolders(of module: String) -> [String] {
        var seen: Set<String> = []
        var pending = [module]
        while let next = pending.popLast() {
            guard seen.insert(next).inserted, let library = libraries[next] else { continue }
            pending += library.dependencies
        }
        return seen.compactMap { libraries[$0]?.folder }.sorted()
    }

    /// The numbers of the chapters, in order: what `--list` lists and
    /// `--chapter` accepts (a chapter of prose only says it has no code).
    /// Not always a range: a chapter may be missing while it is being written.
    public static var chapterNumbers: [Int] {
        contents(Hyperparameters()).map(\.number)
    }

    /// The chapters' numbers as a reader types them: `0...6, 8`.
    public static var chapterNumbersText: String {
        var runs: [ClosedRange<Int>] = []
        for number in chapterNumbers {
            if let last = runs.last, last.upperBound + 1 == number {
                runs[runs.count - 1] = last.lowerBound...number
            } else {
                runs.append(number...number)
            }
        }
        return runs.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)...\($0.upperBound)" }
            .joined(separator: ", ")
    }

    /// Reads the tutorial's chapters from `root`, to run with `hp`.
    public static func load(_ root: URL, _ hp: Hyperparameters = Hyperparameters()) throws(BookError) -> Book {
        var book = try Book(root: root, contents: contents(hp, root: root))
        book.values = try values(hp, root: root)
        book.frontPage = { runs in try summary(runs, root: root) }
        book.plugins[ModelPanels.kind] = { ModelPanels(siteFiles: $0) }
        return book
    }

    /// The values the prose quotes by name (`{{value batchSize}}`): every
    /// hyperparameter as its field is named, as the text writes a number
    /// (`2,000`), and the recorded benchmark (`bench.…`), which names the
    /// command and machine that measured it.
    static func values(_ hp: Hyperparameters, root: URL) throws(BookError) -> [String: String] {
        var values = [
            "classCount": "\(hp.classCount)", "maxLength": Format.grouped(hp.maxLength),
            "minLength": Format.grouped(hp.minLength), "maskValue": Format.plain(hp.maskValue),
            "maxValue": Format.grouped(hp.maxValue), "learningRate": Format.plain(hp.learningRate),
            "trainingSteps": Format.grouped(hp.trainingSteps), "batchSize": Format.grouped(hp.batchSize),
            "displayStep": Format.grouped(hp.displayStep), "shuffleBufferSize": Format.grouped(hp.shuffleBufferSize),
            "heldOutSize": Format.grouped(hp.heldOutSize), "hiddenSize": Format.grouped(hp.hiddenSize),
            "gateColumns": Format.grouped(4 * hp.hiddenSize),
            "seed": "\(hp.seed)"
        ]
        if let bench = try recordedBenchmark(root) {
            let median = bench.training.perSecond.median
            values["bench.training"] =
                "\(Format.grouped(Int(median.rounded()))) steps/s "
                + "(\(Format.fixed(Double(bench.training.count) / median, 3)) s)"
            values["bench.steps"] = Format.grouped(bench.training.count)
            values["bench.machine"] = "`tutorial bench` on \(bench.machine.cpu), \(bench.machine.cores) cores"
            let width = bench.machine.vectorExtensions.contains("avx512f") ? "AVX-512" : "AVX2"
            values["bench.command"] =
                "`tutorial bench --json --repeat \(bench.repeats)`, \(bench.machine.build) build, "
                + "on \(bench.machine.cpu) (\(width)) with \(bench.machine.cores) cores, medians"
            values["bench.handoffs"] =
                "about \(Format.grouped(Int((2 * median / 1000).rounded()) * 1000)) hand-offs a second"
            values["bench.peak"] = "\(Format.plain(bench.referenceGFLOPPerSecond)) GFLOP/s"
            values["bench.gflops"] = "\(Format.fixed(bench.training.gflopPerSecond.median, 1)) GFLOP/s"
            for step in bench.stepTimes {
                let key =
                    step.length == step.paddedLength && step.length != bench.maxLength
                    ? "bench.unpadded.\(step.length)" : "bench.step.\(step.length)"
                values[key] = "\(Format.fixed(step.secondsPerStep.median * 1000, 3)) ms"
                if step.length != step.paddedLength || step.length == bench.maxLength {
                    values["bench.ratio.\(step.length)"] = Format.fixed(step.ratioToLongest, 2)
                }
            }
            // A step's cost that does not grow with the length: t(L) ≈ f + L·c, from lengths 10 and 20.
            let padded = bench.stepTimes.filter { $0.paddedLength == bench.maxLength }
            if let t10 = padded.first(where: { $0.length == bench.maxLength / 2 }),
                let t20 = padded.first(where: { $0.length == bench.maxLength })
            {
                let fixed = 2 * t10.secondsPerStep.median - t20.secondsPerStep.median
                values["bench.fixed"] = "\(Int((fixed * 1e6).rounded())) µs"
            }
        }
        if let seeds = try recordedTensorFlowSeeds(root) {
            values.merge(tensorFlowValues(seeds)) { _, new in new }
        }
        if let compare = try recordedComparison(root) {
            values["compare.steps"] = Format.grouped(compare.steps)
            values["compare.pytorch"] = "\(Format.fixed(compare.pytorchTrainSeconds.medianSeconds, 2)) s"
            values["compare.jax"] = "\(Format.fixed(compare.jaxTrainSeconds.medianSeconds, 2)) s"
            values["compare.jax.threads"] =
                compare.jaxTrainSeconds.threads == 1
                ? "one thread"
                : "\(compare.jaxTrainSeconds.threads ?? 0) threads"
            values["compare.tutorial"] = "\(Format.fixed(compare.tutorialProcessSeconds.medianSeconds, 2)) s"
            values["compare.ratio.pytorch"] =
                "\(Format.fixed(compare.pytorchTrainSeconds.medianSeconds / compare.tutorialProcessSeconds.medianSeconds, 1))×"
            values["compare.ratio.jax"] =
                "\(Format.fixed(compare.jaxTrainSeconds.medianSeconds / compare.tutorialProcessSeconds.medianSeconds, 1))×"
            values["compare.machine"] =
                "`Benchmarks/compare.sh --runs \(compare.runs) --steps \(compare.steps)` "
                + "on \(compare.machine.cpu) (\(compare.machine.avx512f ? "AVX-512" : "AVX2")), \(compare.machine.cores) cores "
                + "(\(compare.machine.software)), medians"
            values["compare.accuracy"] =
                "PyTorch \(Format.percent(compare.pytorchTrainSeconds.heldoutAccuracy.first ?? 0)), "
                + "JAX \(Format.percent(compare.jaxTrainSeconds.heldoutAccuracy.first ?? 0)), "
                + "this tutorial \(Format.percent(compare.tutorialProcessSeconds.heldoutAccuracy.first ?? 0))"
        }
        if let sweep = try recordedSweep(root) {
            for point in sweep.points {
                values["sweep.\(point.hidden).gflops"] = "\(Format.fixed(point.gflops, 1)) GFLOP/s"
                if let product = point.productFromMemoryGflops {
                    values["sweep.\(point.hidden).product"] = "\(Format.fixed(product, 1)) GFLOP/s"
                }
                if let product = point.productInCacheGflops {
                    values["sweep.\(point.hidden).product.cached"] = "\(Format.fixed(product, 1)) GFLOP/s"
                }
            }
            if let peak = sweep.corePeakGflops {
                values["sweep.peak"] = "\(Format.fixed(peak, 1)) GFLOP/s"
                values["sweep.peak.two"] = "\(Format.fixed(2 * peak, 1)) GFLOP/s"
            }
            values["sweep.machine"] =
                "`\(sweep.command)` on \(sweep.machine.cpu) (\(sweep.machine.vectorWidth)), "
                + "\(sweep.machine.cores) cores, \(sweep.machine.build) build, medians"
        }
        return values
    }

    /// The front page's summary of a run: the training chapter's `summary`
    /// table, then the recorded training speed.
    static func summary(_ runs: [ChapterRun], root: URL) throws -> [(String, String)] {
        var items: [(String, String)] = []
        if case .table(let table)? = runs.first(where: { $0.chapterNumber == 6 })?.output(named: "summary") {
            items = table.rows.filter { $0.count >= 2 }.map { ($0[0], $0[1]) }
        }
        return items + (try measuredSpeed(root))
    }
}
