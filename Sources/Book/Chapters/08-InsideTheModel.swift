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
        let predictions = Evaluation(trained, results.heldOut, hp)
        engineAndReference(hp, results, notebook)
        whereItFails(hp, trained, predictions, notebook)
        whatItLearned(hp, trained, results, notebook)
        inside(hp, trained, notebook)
        whatEachChoiceBuys(hp, results, notebook)
        spread(hp, results, notebook)
    }

    /// How many seeds show the spread of the default recipe.
    public static let seedCount = 20
    /// How many seeds each variant is trained with.
    public static let variantSeeds = 5
    /// How many steps the readable reference trains beside the engine.
    public static let referenceSteps = 50

    /// A change to the recipe: its name in the table (the same at every setting, so that the prose
    /// can quote its row), the setting it stands for at these hyperparameters, and what it trains.
    /// `hyperparameters` is nil when the change is not one at this setting (a quarter of 1 unit is
    /// still 1 unit) or not a setting the tutorial runs with; `note` then says which.
    struct Variant {
        var name: String
        var setting: String
        var hyperparameters: Hyperparameters?
        var recipe = Recipe()
        /// The recurrent layer: the LSTM, or one of the two trained beside it.
        var cell = CellKind.lstm
        var note = ""
    }

    /// What a variant's run ended with: its held-out accuracy, or the step at
    /// which its loss stopped being a number (a learning rate too large diverges).
    enum Ending {
        case accuracy(Double)
        case diverged(seed: UInt64, step: Int)
    }

    /// A choice the chapter makes on the tuning seed: each candidate's validation accuracy, and the one chosen.
    struct Choice {
        var candidates: [(value: Float, accuracy: Double?)]
        var chosen: Float
    }

    struct Results {
        /// The held-out and validation sets every run of the chapter is judged on.
        var heldOut: [LabeledSequence]
        var validation: [LabeledSequence]
        var studies: [SeedStudy] = []
        var variants: [(Variant, [Ending])] = []
        /// The clipping limit: the largest gradient norm in the first half of the tuning seed's run.
        var clipLimit: Float = 0
        /// The learning rates of plain SGD and of SGD with momentum, each chosen on the tuning seed.
        var sgdRate = Choice(candidates: [], chosen: 0)
        var momentumRate = Choice(candidates: [], chosen: 0)
        /// The model trained on data with near misses in its random class (`Recipe.nearMisses`).
        var nearMissWeights: [Float] = []
        /// The first steps' losses of the readable reference and of the engine, from the same start.
        var referenceLosses: [Float] = []
        var engineLosses: [Float] = []
    }

    /// The seed on which the chapter makes its choices (the clipping limit,
    /// SGD's learning rates): the first one after the studied seeds, so that
    /// no seed a choice is judged on helped to make it.
    static func tuning(_ hp: Hyperparameters) -> Hyperparameters { seeded(hp, UInt64(seedCount)) }

    /// The chosen learning rate times `factor`. The scaling is done on the decimal digits (in
    /// `Double`), so that a tenth of 0.001 is 0.0001 exactly as a reader would type it.
    static func learningRate(_ hp: Hyperparameters, times factor: Double) -> Float {
        Float((Double("\(hp.learningRate)") ?? Double(hp.learningRate)) * factor)
    }

    /// The candidates among the chosen learning rate times each factor: those the tutorial runs with.
    static func learningRates(_ hp: Hyperparameters, times factors: [Double]) -> [Float] {
        factors.map { learningRate(hp, times: $0) }.filter { isValid(hp, changing: \.learningRate, to: $0) }
    }

    /// The variants the chapter trains, relative to the chosen settings: a quarter, half and twice
    /// the hidden size, no masking, a tenth and ten times the learning rate.
    static func variants(_ hp: Hyperparameters) -> [Variant] {
        func changed<Value: Equatable>(
            _ name: String, _ field: WritableKeyPath<Hyperparameters, Value>, _ value: Value, _ setting: String
        ) -> Variant {
            var changed = hp
            changed[keyPath: field] = value
            let note =
                value == hp[keyPath: field]
                ? "the recipe itself at this setting"
                : isValid(hp, changing: field, to: value) ? "" : "not a valid setting"
            return Variant(name: name, setting: setting, hyperparameters: note.isEmpty ? changed : nil, note: note)
        }
        var variants = [
            Variant(name: "masking off", setting: "", hyperparameters: hp, recipe: Recipe(masking: false))
        ]
        for (name, size) in [
            ("hidden size ÷4", hp.hiddenSize / 4), ("hidden size ÷2", hp.hiddenSize / 2),
            ("hidden size ×2", hp.hiddenSize * 2)
        ] {
            variants.append(changed(name, \.hiddenSize, max(1, size), units(max(1, size))))
        }
        for (name, factor) in [("learning rate ÷10", 0.1), ("learning rate ×10", 10.0)] {
            let rate = learningRate(hp, times: factor)
            variants.append(changed(name, \.learningRate, rate, Format.plain(rate)))
        }
        return variants
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

    /// The validation accuracy of a run, or nil if it diverged.
    static func validationAccuracy(_ hp: Hyperparameters, _ recipe: Recipe, _ results: Results) throws -> Double? {
        do {
            return try finalHeldOut(hp, recipe: recipe, heldOut: results.validation)
        } catch is TrainingDiverged {
            return nil
        }
    }

    /// Every run of the chapter, two at a time (`twoAtATime`): first the
    /// choices made on the tuning seed, then the studies of 20 seeds and the
    /// variants that need runs of their own, 5 seeds each. The variants the studies already
    /// hold (the chosen hidden size, learning rate and steps are the recipe;
    /// a quarter and half of the steps are read off its runs) are not run again.
    static func experiments(_ hp: Hyperparameters, progress: ((ProgressReport) -> Void)?) throws -> Results {
        var results = Results(heldOut: heldOutSequences(hp), validation: validationSet(hp))
        let sgdCandidates = learningRates(hp, times: [10, 100, 1000])
        let momentumCandidates = learningRates(hp, times: [1, 10, 100])
        let variantCount = variants(hp).filter { $0.hyperparameters != nil }.count + 4
        let total = 3 + sgdCandidates.count + momentumCandidates.count + seedCount + variantCount * variantSeeds
        var done = 0
        func report(_: Int) {
            done += 1
            progress?(ProgressReport(done: done, total: total, detail: "training runs"))
        }

        // First the runs the others depend on, two at a time: the readable reference beside the
        // engine, the tuning seed's choices, and the run on data with near misses.
        enum First {
            case reference, clipLimit, sgd(Float), momentum(Float), nearMisses
        }
        let first: [First] =
            [.reference, .clipLimit, .nearMisses] + sgdCandidates.map(First.sgd)
            + momentumCandidates.map(First.momentum)
        /// What each of those runs gives: losses, the clipping limit, weights, or a validation
        /// accuracy (nil when the run diverged).
        enum FirstOutcome {
            case losses([Float]), limit(Float), weights([Float]), accuracy(Double?)
        }
        let frozen = results
        let firstOutcomes = try twoAtATime(
            first.count,
            { i -> FirstOutcome in
                switch first[i] {
                case .reference:
                    return .losses(referenceLosses(hp, steps: min(referenceSteps, hp.trainingSteps)))
                case .clipLimit:
                    let firstHalf = try TrainingRun(tuning(hp))
                    try firstHalf.train(until: max(1, hp.trainingSteps / 2))
                    return .limit(((firstHalf.gradientNorms.max() ?? 1) * 10).rounded() / 10)
                case .nearMisses:
                    let run = try TrainingRun(hp, recipe: Recipe(nearMisses: true))
                    try run.train(until: hp.trainingSteps)
                    return .weights(run.model.weights)
                case .sgd(let rate), .momentum(let rate):
                    var changed = tuning(hp)
                    changed.learningRate = rate
                    let momentum: Float = if case .sgd = first[i] { 0 } else { 0.9 }
                    return .accuracy(try validationAccuracy(changed, Recipe(sgdMomentum: momentum), frozen))
                }
            }, done: report)
        var sgdTried: [(value: Float, accuracy: Double?)] = [], momentumTried = sgdTried
        for (job, outcome) in zip(first, firstOutcomes) {
            switch (job, outcome) {
            case (_, .losses(let losses)): results.referenceLosses = losses
            case (_, .limit(let limit)): results.clipLimit = limit
            case (_, .weights(let weights)): results.nearMissWeights = weights
            case (.sgd(let rate), .accuracy(let accuracy)): sgdTried.append((rate, accuracy))
            case (.momentum(let rate), .accuracy(let accuracy)): momentumTried.append((rate, accuracy))
            default: preconditionFailure("a tuning run's outcome that is not its own")
            }
        }
        let engine = try TrainingRun(hp)
        try engine.train(until: results.referenceLosses.count)
        results.engineLosses = engine.losses
        /// The candidate whose run scored best (the first on a tie); a diverged run is never chosen.
        func choice(_ tried: [(value: Float, accuracy: Double?)]) -> Choice {
            let best = tried.max { ($0.accuracy ?? -1) < ($1.accuracy ?? -1) }
            return Choice(candidates: tried, chosen: best?.value ?? hp.learningRate)
        }
        (results.sgdRate, results.momentumRate) = (choice(sgdTried), choice(momentumTried))

        var variants = variants(hp)
        for (name, momentum, choice) in [
            ("SGD", Float(0), results.sgdRate), ("SGD, momentum 0.9", 0.9, results.momentumRate)
        ] {
            var changed = hp
            changed.learningRate = choice.chosen
            let candidates = choice.candidates.map { Format.plain($0.value) }.joined(separator: ", ")
            variants.append(
                Variant(
                    name: name, setting: "learning rate \(Format.plain(choice.chosen))",
                    hyperparameters: choice.candidates.isEmpty ? nil : changed, recipe: Recipe(sgdMomentum: momentum),
                    note: choice.candidates.isEmpty
                        ? "no valid learning rate to try"
                        : "the best of \(candidates) on seed \(tuning(hp).seed)"))
        }
        for kind in [CellKind.plainRNN, .gru] {
            let parameters = kind.parameterCount(hp)
            variants.append(
                Variant(
                    name: kind.name, setting: "\(Format.grouped(parameters)) parameters", hyperparameters: hp,
                    cell: kind,
                    note: "the LSTM's \(units(hp.hiddenSize)); the LSTM has "
                        + "\(Format.grouped(CellKind.lstm.parameterCount(hp))) parameters"))
        }
        results.variants = variants.map { ($0, []) }

        // Then every variant's runs and the studies, two at a time.
        enum Job {
            case variant(Int, Hyperparameters)
            case study(Hyperparameters)
        }
        enum Outcome {
            case variant(Int, Ending)
            case study(SeedStudy)
        }
        let jobs: [Job] =
            variants.indices.flatMap { v in
                variants[v].hyperparameters.map { changed in
                    (0..<UInt64(variantSeeds)).map { Job.variant(v, seeded(changed, $0)) }
                } ?? []
            } + (0..<UInt64(seedCount)).map { Job.study(seeded(hp, $0)) }
        let settled = results
        let outcomes = try twoAtATime(
            jobs.count,
            { i -> Outcome in
                switch jobs[i] {
                case .study(let seeded):
                    return .study(
                        try study(
                            seeded, clipLimit: settled.clipLimit, heldOut: settled.heldOut,
                            validation: settled.validation))
                case .variant(let v, let seeded):
                    do {
                        let accuracy =
                            variants[v].cell == .lstm
                            ? try finalHeldOut(seeded, recipe: variants[v].recipe, heldOut: settled.heldOut)
                            : try cellResult(variants[v].cell, seeded, heldOut: settled.heldOut).heldOutAccuracy
                        return .variant(v, .accuracy(accuracy))
                    } catch let diverged as TrainingDiverged {
                        return .variant(v, .diverged(seed: seeded.seed, step: diverged.step))
                    } catch let diverged as AlternativeDiverged {
                        return .variant(v, .diverged(seed: seeded.seed, step: diverged.step))
                    }
                }
            }, done: report)
        for outcome in outcomes {
            switch outcome {
            case .variant(let v, let ending): results.variants[v].1.append(ending)
            case .study(let study): results.studies.append(study)
            }
        }
        return results
    }

    /// The readable reference's losses beside the engine's, step by step.
    static func engineAndReference(_ hp: Hyperparameters, _ results: Results, _ notebook: Notebook) {
        let (reference, engine) = (results.referenceLosses, results.engineLosses)
        let shown = reference.indices.filter { $0 < 3 || ($0 + 1) % 10 == 0 || $0 == reference.count - 1 }
        notebook.table(
            "reference-run",
            Table(
                header: ["step", "reference loss", "engine loss", "difference"],
                rows: shown.map { i in
                    [
                        "\(i + 1)", Format.fixed(Double(reference[i]), 7), Format.fixed(Double(engine[i]), 7),
                        Format.scientific(Double(engine[i] - reference[i]))
                    ]
                }))
        let largest = zip(reference, engine).map { abs(Double($0) - Double($1)) }.max() ?? 0
        notebook.table(
            "reference-summary",
            Table(
                header: ["measure", "value"],
                rows: [
                    ["steps", "\(reference.count)"],
                    ["steps with the same bits", "\(zip(reference, engine).filter { $0 == $1 }.count)"],
                    ["largest difference", Format.scientific(largest)],
                    [
                        "largest relative difference",
                        Format.scientific(
                            zip(reference, engine).map { abs(Double($0) - Double($1)) / max(1e-30, abs(Double($0))) }
                                .max() ?? 0)
                    ]
                ]))
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

    /// The trained model on families of sequences the generator never draws, and on +1 runs by start and length;
    /// then the same families put to the model trained with near misses.
    static func whatItLearned(
        _ hp: Hyperparameters, _ model: LSTMClassifier, _ results: Results, _ notebook: Notebook
    ) {
        let families = probeFamilies(hp)
        func calledLinear(_ model: LSTMClassifier, _ family: ProbeFamily) -> String {
            guard !family.sequences.isEmpty else { return "-" }
            let verdicts = Evaluation(model, family.sequences, hp)
            return Format.percent(Double(verdicts.predicted.filter { $0 == 0 }.count) / Double(family.sequences.count))
        }
        notebook.table(
            "probes",
            Table(
                header: ["family", "called linear", "the +1 rule says", "sequences"],
                rows: families.map { family in
                    [family.name, calledLinear(model, family), family.ruleSays, Format.grouped(family.sequences.count)]
                }))
        let retrained = LSTMClassifier(hp, weights: results.nearMissWeights)
        notebook.table(
            "probes-near-misses",
            Table(
                header: ["family", "trained with near misses", "trained as the notebook"],
                rows: families.map { [$0.name, calledLinear(retrained, $0), calledLinear(model, $0)] }
                    + [
                        [
                            "held-out accuracy", Format.percent(Evaluation(retrained, results.heldOut, hp).accuracy),
                            Format.percent(Evaluation(model, results.heldOut, hp).accuracy)
                        ]
                    ]))
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
        func row(_ name: String, _ setting: String, _ endings: [Ending], note: String = "") {
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
                rows.append([name, "-", "-", "-", setting, notes])
                return
            }
            let mean = accuracies.reduce(0, +) / Double(accuracies.count)
            rows.append([
                name, Format.percent(mean), Format.percent(median(accuracies)),
                Format.percent(lowest) + " – " + Format.percent(highest), setting, notes
            ])
        }
        let recipe = results.studies.prefix(variantSeeds).map { Ending.accuracy($0.final) }
        row("the notebook's recipe", "", recipe, note: "seeds \(seedRange(hp, variantSeeds)), as every row")
        for (variant, endings) in results.variants {
            row(variant.name, variant.setting, endings, note: variant.note)
        }
        for (name, steps) in [
            ("a quarter of the steps", hp.trainingSteps / 4), ("half the steps", hp.trainingSteps / 2)
        ] {
            let endings = results.studies.prefix(variantSeeds).compactMap { $0.heldOut[steps].map(Ending.accuracy) }
            row(
                name, "\(Format.grouped(steps)) steps", steps == 0 ? [] : endings,
                note: steps == 0 ? "no steps at all" : "the recipe's runs after step \(Format.grouped(steps))")
        }
        notebook.table(
            "variants", Table(header: ["variant", "mean", "median", "range", "setting", "runs"], rows: rows))
        func choice(_ name: String, _ choice: Choice) -> [[String]] {
            let rate = Double("\(hp.learningRate)") ?? Double(hp.learningRate)
            return choice.candidates.map { candidate in
                let factor = Double("\(candidate.value)").map { $0 / rate } ?? Double(candidate.value) / rate
                return [
                    "\(name), rate ×\(Format.plain(Float(factor.rounded())))", Format.plain(candidate.value),
                    candidate.accuracy.map { Format.percent($0) } ?? "diverged",
                    candidate.value == choice.chosen ? "yes" : ""
                ]
            }
        }
        notebook.table(
            "sgd-rates",
            Table(
                header: ["optimizer and rate", "learning rate", "validation accuracy", "chosen"],
                rows: choice("SGD", results.sgdRate) + choice("momentum", results.momentumRate)))

        // How many models the chapter trains, by kind.
        let runs = results.variants.map { $0.1.count }.reduce(0, +)
        let clipped = results.studies.filter { $0.firstClippedStep != nil }.count
        let counts: [(String, Int)] = [
            ("the reference and the engine, \(results.referenceLosses.count) steps each", 2),
            (
                "choices on the tuning seed",
                1 + results.sgdRate.candidates.count + results.momentumRate.candidates.count
            ),
            ("trained with near misses", 1), ("variants", runs), ("studies of the recipe", results.studies.count),
            ("forks: rate lowered late", results.studies.count), ("forks: gradient clipped", clipped)
        ]
        notebook.table(
            "chapter-runs",
            Table(
                header: ["training runs", "count"],
                rows: counts.map { [$0.0, "\($0.1)"] } + [["all", "\(counts.map(\.1).reduce(0, +))"]]))
    }

    static func seedRange(_ hp: Hyperparameters, _ count: Int) -> String {
        "\(hp.seed)–\(hp.seed &+ UInt64(count - 1))"
    }

    static func spread(_ hp: Hyperparameters, _ results: Results, _ notebook: Notebook) {
        let studies = results.studies
        let clipLimit = results.clipLimit
        let finals = studies.map(\.final)
        let middle = median(finals)
        /// "96.47% (seed 6)".
        func seedAccuracy(_ index: Int) -> String { Format.percent(finals[index]) + " (seed \(studies[index].seed))" }
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
                    ["lowest", seedAccuracy(finals.indices.min { finals[$0] < finals[$1] }!)],
                    ["highest", seedAccuracy(finals.indices.max { finals[$0] < finals[$1] }!)],
                    [
                        "closest to the median",
                        seedAccuracy(finals.indices.min { abs(finals[$0] - middle) < abs(finals[$1] - middle) }!)
                    ]
                ]))

        let worst = studies.min { $0.final < $1.final }!
        let typical = studies.min { abs($0.final - middle) < abs($1.final - middle) }!
        let worstHP = seeded(hp, worst.seed &- hp.seed)
        let typicalHP = seeded(hp, typical.seed &- hp.seed)
        let window = hp.displayStep
        let checkpoints = worst.validation.map(\.step)
        /// The held-out accuracy of `study`'s snapshots at `steps`.
        func heldOutCurve(_ study: SeedStudy, _ hp: Hyperparameters, _ steps: [Int]) -> [Double] {
            steps.map { step in
                let weights = study.snapshots[step] ?? study.finalWeights
                return Evaluation(LSTMClassifier(hp, weights: weights), results.heldOut, hp).accuracy
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

        // What the close look shows, for the prose to quote: each run's largest fall from one
        // checkpoint to the next, the largest norm in the steps between, and its largest norms in
        // each half of training.
        let half = hp.trainingSteps / 2
        notebook.table(
            "falls",
            Table(
                header: [
                    "run", "seed", "largest fall", "from", "to", "at step", "largest norm before it",
                    "largest norm, first half", "largest norm, second half", "final"
                ],
                rows: [("worst", worst, 0), ("median", typical, 1)].map { name, study, s in
                    let fall = close.indices.dropFirst().max {
                        curves[s][$0 - 1] - curves[s][$0] < curves[s][$1 - 1] - curves[s][$1]
                    }
                    let cells: [String] =
                        fall.map { i in
                            [
                                Format.fixed((curves[s][i - 1] - curves[s][i]) * 100, 2) + " points",
                                Format.percent(curves[s][i - 1]),
                                Format.percent(curves[s][i]), Format.grouped(close[i]),
                                Format.fixed(largestNorm(study, after: close[i - 1], through: close[i]), 1)
                            ]
                        } ?? ["-", "-", "-", "-", "-"]
                    return [name, "\(study.seed)"] + cells + [
                        Format.fixed(largestNorm(study, after: 0, through: half), 1),
                        Format.fixed(largestNorm(study, after: half, through: hp.trainingSteps), 1),
                        Format.percent(study.final)
                    ]
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
            "choices",
            Table(
                header: ["choice", "value", "how"],
                rows: [
                    ["tuning seed", "\(tuning(hp).seed)", "the first seed after the studied ones"],
                    [
                        "clipping limit", Format.plain(clipLimit),
                        "the largest gradient norm in the first \(Format.grouped(max(1, hp.trainingSteps / 2))) "
                            + "steps of the recipe on the tuning seed"
                    ]
                ]))
        notebook.table(
            "remedies",
            Table(
                header: ["recipe", "mean", "median", "lowest", "seeds below 95%"],
                rows: [
                    summary("the notebook's recipe", finals),
                    summary("keep the best validation snapshot", studies.map(\.bestHeldOut)),
                    summary("learning rate ÷10 for the last quarter", studies.map(\.lateDropHeldOut)),
                    summary("gradient clipped", studies.map(\.clippedHeldOut))
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
