import Analysis
import Batches
import Engine
import Format
import Generator
import Model
import Notebook
import NumericCore
import Parameters
import Training

/// Chapter 8's entry point: where the trained model fails, what it keeps
/// along a sequence, and what each choice of the recipe buys.
public enum AnalysisChapter {
    public static func run(_ hp: Hyperparameters, in notebook: Notebook) throws {
        let results = try experiments(hp, progress: notebook.progress)
        let studies = results.studies
        let trained = LSTMClassifier(hp, weights: studies[0].finalWeights)
        let predictions = Evaluation(trained, heldOutSequences(hp), hp)
        whereItFails(hp, trained, predictions, notebook)
        whatItLearned(hp, trained, notebook)
        inside(hp, trained, notebook)
        whatEachChoiceBuys(hp, results, notebook)
        spread(hp, studies, notebook)
    }

    /// How many seeds show the spread of the default recipe.
    public static let seedCount = 20
    /// How many seeds each variant is trained with.
    public static let variantSeeds = 3
    /// The gradient norm above which the clipping remedy scales the gradient down.
    public static let clipLimit: Float = 10

    /// A change to the recipe and the held-out accuracy it gave, seed by seed.
    struct Variant {
        var name: String
        var hyperparameters: Hyperparameters
        var recipe = Recipe()
    }

    /// What a variant's run ended with: its held-out accuracy, or the step at
    /// which its loss stopped being a number (a learning rate too large diverges).
    enum Ending {
        case accuracy(Double)
        case diverged(seed: UInt64, step: Int)
    }

    struct Results {
        var studies: [SeedStudy]
        var variants: [(Variant, [Ending])]
    }

    /// The hidden sizes the chapter compares, relative to the chosen one:
    /// a quarter, a half, the same and twice as many units, at least 1, each
    /// once, and only those the tutorial can run with (not 2,048).
    static func hiddenSizes(_ hp: Hyperparameters) -> [Int] {
        let sizes = [hp.hiddenSize / 4, hp.hiddenSize / 2, hp.hiddenSize, hp.hiddenSize * 2].map { max(1, $0) }
        return sizes.enumerated()
            .filter { !sizes.prefix($0.offset).contains($0.element) }.map(\.element)
            .filter { $0 == hp.hiddenSize || isValid(hp, changing: \.hiddenSize, to: $0) }
    }

    /// The learning rates the chapter compares: a tenth of the chosen one, the same, ten times it.
    /// The scaling is done on the decimal digits (in `Double`), so that a tenth of 0.001 is 0.0001
    /// exactly as a reader would type it.
    static func learningRates(_ hp: Hyperparameters) -> [Float] {
        let rate = Double("\(hp.learningRate)") ?? Double(hp.learningRate)
        return [Float(rate / 10), hp.learningRate, Float(rate * 10)]
            .filter { $0 == hp.learningRate || isValid(hp, changing: \.learningRate, to: $0) }
    }

    /// Whether `hp` with one field changed is still a setting the tutorial runs with.
    static func isValid<Value>(
        _ hp: Hyperparameters, changing field: WritableKeyPath<Hyperparameters, Value>,
        to value: Value
    ) -> Bool {
        var changed = hp
        changed[keyPath: field] = value
        return (try? changed.validate()) != nil
    }

    /// Every run of the chapter, one after another: the studies of 20 seeds
    /// and the variants that need runs of their own, 3 seeds each. The
    /// variants the studies already hold (the chosen hidden size, learning
    /// rate and steps are the recipe; a quarter and half of the steps are
    /// read off its runs) are not run again.
    static func experiments(_ hp: Hyperparameters, progress: ((ProgressReport) -> Void)?) throws -> Results {
        var variants: [Variant] = []
        // The larger size first: the longest job starts first.
        let sizes = hiddenSizes(hp)
        for size in sizes.filter({ $0 > hp.hiddenSize }) + sizes.filter({ $0 < hp.hiddenSize }) {
            var changed = hp
            changed.hiddenSize = size
            variants.append(Variant(name: "hidden size \(size)", hyperparameters: changed))
        }
        variants.append(Variant(name: "masking off", hyperparameters: hp, recipe: Recipe(masking: false)))
        for rate in learningRates(hp) where rate != hp.learningRate {
            var changed = hp
            changed.learningRate = rate
            variants.append(Variant(name: "learning rate \(Format.plain(rate))", hyperparameters: changed))
        }
        enum Job { case study(Hyperparameters), variant(Int, Hyperparameters) }
        let jobs: [Job] =
            variants.indices.prefix(2).flatMap { v in
                (0..<UInt64(variantSeeds)).map { Job.variant(v, seeded(variants[v].hyperparameters, $0)) }
            } + (0..<UInt64(seedCount)).map { Job.study(seeded(hp, $0)) }
            + variants.indices.dropFirst(2).flatMap { v in
                (0..<UInt64(variantSeeds)).map { Job.variant(v, seeded(variants[v].hyperparameters, $0)) }
            }
        var results = Results(studies: [], variants: variants.map { ($0, []) })
        for (done, job) in jobs.enumerated() {
            switch job {
            case .study(let hp):
                results.studies.append(try study(hp, clipLimit: clipLimit))
            case .variant(let v, let hp):
                do {
                    results.variants[v].1.append(.accuracy(try finalHeldOut(hp, recipe: variants[v].recipe)))
                } catch let diverged as TrainingDiverged {
                    results.variants[v].1.append(.diverged(seed: hp.seed, step: diverged.step))
                }
            }
            progress?(ProgressReport(done: done + 1, total: jobs.count, detail: "training runs"))
        }
        return results
    }

    static func whereItFails(
        _ hp: Hyperparameters, _ model: LSTMClassifier, _ predictions: Evaluation,
        _ notebook: Notebook
    ) {
        let rows = accuracyByLength(predictions, hp)
        func percent(_ part: (correct: Int, count: Int)) -> String {
            part.count == 0 ? "" : Format.percent(Double(part.correct) / Double(part.count))
        }
        notebook.table(
            "by-length",
            Table(
                header: ["length", "linear", "random", "all", "sequences"],
                rows: rows.map {
                    [
                        "\($0.length)", percent($0.linear), percent($0.random), Format.percent($0.all),
                        Format.grouped($0.linear.count + $0.random.count)
                    ]
                }))
        let lengths = rows.map { Double($0.length) }
        func fraction(_ part: (correct: Int, count: Int)) -> Double {
            Double(part.correct) / Double(max(1, part.count))
        }
        notebook.plot(
            "by-length-plot",
            Plot(
                title: "Held-out accuracy by sequence length", xLabel: "sequence length (values)",
                yLabel: "held-out accuracy (fraction)",
                series: [
                    Series(name: "linear runs", x: lengths, y: rows.map { fraction($0.linear) }),
                    Series(name: "random sequences", x: lengths, y: rows.map { fraction($0.random) })
                ]))

        let counts = confusion(predictions, classCount: hp.classCount)
        notebook.table(
            "confusion",
            Table(
                header: ["true class", "predicted linear", "predicted random", "recall"],
                rows: ["linear", "random"].enumerated().map { label, name in
                    [
                        name, Format.grouped(counts[label][0]), Format.grouped(counts[label][1]),
                        Format.percent(Double(counts[label][label]) / Double(max(1, counts[label].reduce(0, +))))
                    ]
                }))

        let wrong = confidentlyWrong(predictions)
        notebook.table(
            "hardest",
            Table(
                header: ["class", "length", "p(random)", "span", "values"],
                rows: wrong.prefix(10).map { i in
                    let sequence = predictions.sequences[i]
                    return [
                        sequence.label == 0 ? "linear" : "random", "\(sequence.values.count)",
                        Format.fixed(predictions.pRandom[i], 4),
                        Format.grouped((sequence.values.max() ?? 0) - (sequence.values.min() ?? 0)),
                        sequence.values.map(String.init).joined(separator: " ")
                    ]
                }))

        let rule = predictions.sequences.filter { (ruleSaysLinear($0.values) ? 0 : 1) == $0.label }.count
        notebook.table(
            "rule",
            Table(
                header: ["classifier", "held-out accuracy", "wrong"],
                rows: [
                    [
                        "LSTM (chapter 6)", Format.percent(predictions.accuracy),
                        Format.grouped(wrong.count)
                    ],
                    [
                        "rule: every step is +1", Format.percent(Double(rule) / Double(max(1, predictions.count))),
                        Format.grouped(predictions.count - rule)
                    ]
                ]))

        let (linear, random) = exampleSequences(hp)
        let steps = (1...hp.maxLength).map(Double.init)
        notebook.text(
            "prefix-sequences",
            """
            linear: \(linear.values.map(String.init).joined(separator: " "))
            random: \(random.values.map(String.init).joined(separator: " "))
            """)
        notebook.plot(
            "prefixes",
            Plot(
                title: "p(random) after the first k values", xLabel: "k, values read", yLabel: "p(random), probability",
                series: [
                    Series(
                        name: "linear run", x: Array(steps.prefix(linear.values.count)),
                        y: prefixVerdicts(model, linear, hp)),
                    Series(
                        name: "random sequence", x: Array(steps.prefix(random.values.count)),
                        y: prefixVerdicts(model, random, hp))
                ]))
    }

    /// The two sequences chapter 6 follows: the linear run from 4617 and the
    /// first random sequence of the generator seeded with the seed plus one,
    /// here both of the longest length so that every timestep has a column.
    static func exampleSequences(_ hp: Hyperparameters) -> (linear: LabeledSequence, random: LabeledSequence) {
        let start = min(4617, hp.maxValue - hp.maxLength)
        let linear = LabeledSequence(values: Array(start..<(start + hp.maxLength)), label: 0)
        var generator = ToySequences(hp, seed: hp.seed &+ 1)
        var random = generator.next()
        while random.label != 1 || random.values.count != hp.maxLength { random = generator.next() }
        return (linear, random)
    }

    /// The trained model on families of sequences the generator never draws, and on +1 runs by start and length.
    static func whatItLearned(_ hp: Hyperparameters, _ model: LSTMClassifier, _ notebook: Notebook) {
        notebook.table(
            "probes",
            Table(
                header: ["family", "called linear", "the +1 rule says", "sequences"],
                rows: probeFamilies(hp).map { family in
                    let verdicts = Evaluation(model, family.sequences, hp)
                    let linear = verdicts.predicted.filter { $0 == 0 }.count
                    return [
                        family.name,
                        family.sequences.isEmpty
                            ? "-" : Format.percent(Double(linear) / Double(family.sequences.count)),
                        family.ruleSays, Format.grouped(family.sequences.count)
                    ]
                }))
        let map = linearRunErrors(model, hp)
        notebook.heatmap(
            "linear-run-errors",
            Heatmap(
                title: "+1 runs called random, by start and length", xLabel: "start value", yLabel: "length (values)",
                columnLabels: map.starts.map { "\($0.lowerBound)-\($0.upperBound)" },
                rowLabels: map.lengths.map(String.init), values: map.errors, decimals: 2, scale: .sequential(0, 1)))
    }

    static func inside(_ hp: Hyperparameters, _ model: LSTMClassifier, _ notebook: Notebook) {
        let (linear, random) = exampleSequences(hp)
        let traces = [
            ("linear run", model.trace(of: Batch([linear], hp))),
            ("random sequence", model.trace(of: Batch([random], hp)))
        ]
        // The linear run's heatmap is chapter 6's (the same run of the same model): only the random one here.
        let randomTrace = traces[1].1
        notebook.heatmap(
            "units-random",
            Heatmap(
                title: "The \(units(hp.hiddenSize, "hidden unit")) along the random sequence", xLabel: "timestep",
                yLabel: "unit",
                columnLabels: randomTrace.hidden.indices.map(String.init),
                rowLabels: (0..<hp.hiddenSize).map { "h[\($0)]" },
                values: (0..<hp.hiddenSize).map { unit in randomTrace.hidden.map { Double($0[unit]) } },
                decimals: 2, scale: .diverging(1)))
        notebook.plot(
            "units-saturated",
            Plot(
                title: "How many of the \(units(hp.hiddenSize)) have |h| > 0.5", xLabel: "timestep",
                yLabel: "hidden units (count)",
                series: traces.map { name, trace in
                    Series(
                        name: name, x: trace.hidden.indices.map(Double.init),
                        y: trace.hidden.map { Double($0.filter { abs($0) > 0.5 }.count) })
                }))
        notebook.plot(
            "forget-gate",
            Plot(
                title: "The forget gate's mean over the \(units(hp.hiddenSize))", xLabel: "timestep",
                yLabel: "mean forget gate f (0 to 1)",
                series: traces.map { name, trace in
                    Series(
                        name: name, x: trace.forget.indices.map(Double.init),
                        y: trace.forget.map { Double($0.reduce(0, +)) / Double($0.count) })
                }))
        // Each unit's forget gate along the random sequence, averaged over its steps, in the trained
        // model and in the same model before its first step: what training did to the dial.
        let untrained = LSTMClassifier(hp, seed: hp.seed).trace(of: Batch([random], hp))
        func unitMeans(_ forget: [[Float]]) -> [Double] {
            (0..<hp.hiddenSize).map { unit in forget.map { Double($0[unit]) }.reduce(0, +) / Double(forget.count) }
        }
        let (after, before) = (unitMeans(randomTrace.forget), unitMeans(untrained.forget))
        let bins: [(String, Range<Double>)] = [
            ("below 0.5", 0..<0.5), ("0.5 to 0.7", 0.5..<0.7), ("0.7 to 0.8", 0.7..<0.8),
            ("0.8 to 0.9", 0.8..<0.9), ("0.9 to 0.95", 0.9..<0.95), ("0.95 and above", 0.95..<2)
        ]
        notebook.table(
            "forget-gate-units",
            Table(
                header: ["unit's mean forget gate", "units after training", "units before training"],
                rows: bins.map { name, range in
                    [name, "\(after.filter(range.contains).count)", "\(before.filter(range.contains).count)"]
                }
                    + [["largest", Format.fixed(after.max() ?? 0, 3), Format.fixed(before.max() ?? 0, 3)]]))
    }

    /// "32 units", "1 unit".
    static func units(_ count: Int, _ noun: String = "unit") -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    static func whatEachChoiceBuys(_ hp: Hyperparameters, _ results: Results, _ notebook: Notebook) {
        var rows: [[String]] = []
        func row(_ name: String, _ endings: [Ending], note: String = "") {
            var accuracies: [Double] = [], diverged: [String] = []
            for ending in endings {
                switch ending {
                case .accuracy(let accuracy): accuracies.append(accuracy)
                case .diverged(let seed, let step):
                    diverged.append("seed \(seed) diverged at step \(Format.grouped(step))")
                }
            }
            let notes = ([note] + diverged).filter { !$0.isEmpty }.joined(separator: "; ")
            guard let lowest = accuracies.min(), let highest = accuracies.max() else {
                rows.append([name, "", "", notes])
                return
            }
            let mean = accuracies.reduce(0, +) / Double(accuracies.count)
            rows.append([name, Format.percent(mean), Format.percent(lowest) + " – " + Format.percent(highest), notes])
        }
        let recipe = results.studies.prefix(variantSeeds).map { Ending.accuracy($0.final) }
        func measured(_ name: String) -> [Ending] { results.variants.first { $0.0.name == name }?.1 ?? [] }
        row("the notebook's recipe", recipe, note: "seeds \(seedRange(hp, variantSeeds)), as every row")
        row("masking off", measured("masking off"))
        for size in hiddenSizes(hp).sorted() {
            let name = "hidden size \(size)"
            size == hp.hiddenSize ? row(name, recipe, note: "the recipe's runs") : row(name, measured(name))
        }
        for rate in learningRates(hp) {
            let name = "learning rate \(Format.plain(rate))"
            rate == hp.learningRate ? row(name, recipe, note: "the recipe's runs") : row(name, measured(name))
        }
        for steps in stepVariants(hp) {
            row(
                "\(Format.grouped(steps)) steps",
                results.studies.prefix(variantSeeds).compactMap { $0.heldOut[steps].map(Ending.accuracy) },
                note: steps == hp.trainingSteps ? "the recipe's runs" : "the recipe's runs after step \(steps)")
        }
        notebook.table("variants", Table(header: ["variant", "mean", "range", "runs"], rows: rows))
    }

    static func seedRange(_ hp: Hyperparameters, _ count: Int) -> String {
        "\(hp.seed)–\(hp.seed &+ UInt64(count - 1))"
    }

    static func spread(_ hp: Hyperparameters, _ studies: [SeedStudy], _ notebook: Notebook) {
        let finals = studies.map(\.final)
        let middle = median(finals)
        notebook.plot(
            "seeds",
            Plot(
                title: "Held-out accuracy of the notebook's recipe, seed by seed", xLabel: "seed",
                yLabel: "held-out accuracy (fraction)",
                series: [
                    Series(name: "held-out accuracy", x: studies.map { Double($0.seed) }, y: finals, marks: .points)
                ]))
        notebook.table(
            "seed-summary",
            Table(
                header: ["measure", "value"],
                rows: [
                    ["seeds", seedRange(hp, studies.count)],
                    ["median", Format.percent(middle)],
                    ["mean", Format.percent(finals.reduce(0, +) / Double(finals.count))],
                    ["lowest", Format.percent(finals.min()!)],
                    ["highest", Format.percent(finals.max()!)]
                ]))

        let worst = studies.min { $0.final < $1.final }!
        let typical = studies.min { abs($0.final - middle) < abs($1.final - middle) }!
        let worstHP = seeded(hp, worst.seed &- hp.seed)
        let typicalHP = seeded(hp, typical.seed &- hp.seed)
        let window = hp.displayStep
        let checkpoints = worst.validation.map(\.step)
        /// The held-out accuracy of `study`'s snapshots at `steps`.
        func heldOutCurve(_ study: SeedStudy, _ hp: Hyperparameters, _ steps: [Int]) -> [Double] {
            let held = heldOutSequences(hp)
            return steps.map { step in
                Evaluation(LSTMClassifier(hp, weights: study.snapshots[step] ?? study.finalWeights), held, hp).accuracy
            }
        }
        /// The largest gradient norm over steps `after + 1 ... through`.
        func largestNorm(_ study: SeedStudy, after: Int, through: Int) -> Double {
            Double(study.gradientNorms[after..<through].max() ?? 0)  // index i holds step i + 1
        }
        notebook.plot(
            "worst-seed",
            Plot(
                title: "Held-out accuracy along training", xLabel: "training step",
                yLabel: "held-out accuracy (fraction)",
                series: [(worst, worstHP), (typical, typicalHP)].map { study, hp in
                    Series(
                        name: "seed \(study.seed)", x: checkpoints.map(Double.init),
                        y: heldOutCurve(study, hp, checkpoints))
                }))
        notebook.plot(
            "worst-seed-gradients",
            Plot(
                title: "The largest gradient norm in each \(window) steps", xLabel: "training step",
                yLabel: "gradient norm (L2)",
                series: [worst, typical].map { study in
                    Series(
                        name: "seed \(study.seed)", x: checkpoints.map(Double.init),
                        y: checkpoints.map { largestNorm(study, after: max(0, $0 - window), through: $0) })
                }))

        // A close look at how the two runs end.
        let close = worst.snapshots.keys.filter { $0 >= hp.trainingSteps - 2 * window }.sorted()
        let curves = [heldOutCurve(worst, worstHP, close), heldOutCurve(typical, typicalHP, close)]
        notebook.table(
            "worst-seed-end",
            Table(
                header: ["step", "seed \(worst.seed)", "norm", "seed \(typical.seed)", "norm"],
                rows: close.indices.map { i in
                    [Format.grouped(close[i])]
                        + [worst, typical].enumerated().flatMap { s, study in
                            [
                                Format.percent(curves[s][i]),
                                i == 0
                                    ? "" : Format.fixed(largestNorm(study, after: close[i - 1], through: close[i]), 1)
                            ]
                        }
                }))

        func summary(_ name: String, _ values: [Double]) -> [String] {
            let lowest = values.indices.min { values[$0] < values[$1] }!
            return [
                name, Format.percent(values.reduce(0, +) / Double(values.count)),
                Format.percent(median(values)),
                Format.percent(values[lowest]) + " (seed \(studies[lowest].seed))",
                "\(values.filter { $0 < 0.95 }.count)"
            ]
        }
        notebook.table(
            "remedies",
            Table(
                header: ["recipe", "mean", "median", "lowest", "seeds below 95%"],
                rows: [
                    summary("the notebook's recipe", finals),
                    summary("keep the best validation snapshot", studies.map(\.bestHeldOut)),
                    summary("learning rate ÷10 for the last quarter", studies.map(\.lateDropHeldOut)),
                    summary("gradient clipped to norm \(Format.plain(clipLimit))", studies.map(\.clippedHeldOut))
                ]))
        let firstClipped = studies.compactMap(\.firstClippedStep).sorted()
        notebook.text(
            "first-clipped",
            firstClipped.isEmpty
                ? "the limit of \(Format.plain(clipLimit)) never bit"
                : "the limit of \(Format.plain(clipLimit)) first bit in \(firstClipped.count) of \(studies.count) runs, "
                    + "between step \(firstClipped.first!) and step \(firstClipped.last!) "
                    + "(in half of them by step \(firstClipped[(firstClipped.count - 1) / 2]))")
    }
}
