import Batches
import Format
import Generator
import Notebook
import NumericCore
import Parameters

/// Chapter 2's entry point: what the generator draws, and what a batch looks like.
public enum GeneratorChapter {
    public static func run(_ hp: Hyperparameters, in notebook: Notebook) throws {
        try hp.validate()
        var generator = ToySequences(hp, seed: hp.seed)
        let samples = (0..<6).map { _ in generator.next() }
        notebook.text(
            "samples",
            samples.map { sample in
                let name = sample.label == 0 ? "linear" : "random"
                let values = sample.values.prefix(8).map(String.init).joined(separator: ", ")
                let more = sample.values.count > 8 ? ", …" : ""
                return "\(name) (label \(sample.label)), length \(sample.values.count): \(values)\(more)"
            }.joined(separator: "\n"))

        let firstOfEach = [0, 1].compactMap { label in samples.first { $0.label == label } }
        notebook.plot(
            "sample-plot",
            Plot(
                title: "One sequence of each class, as the model sees it",
                xLabel: "timestep", yLabel: "value / maxValue",
                series: firstOfEach.map { sample in
                    Series(
                        name: sample.label == 0 ? "linear" : "random",
                        x: sample.values.indices.map(Double.init),
                        y: sample.values.map { Double(scaled(Double($0), maxValue: hp.maxValue)) })
                }))

        let batch = Batch(Array(samples.prefix(3)), hp)
        notebook.text(
            "padded-batch",
            (0..<batch.count).map { row in
                let values = batch.inputs[(row * hp.maxLength)..<((row + 1) * hp.maxLength)]
                return "length \(batch.lengths[row]):".padding(toLength: 11, withPad: " ", startingAt: 0)
                    + values.map { Format.fixed($0, 4) }.joined(separator: " ")
            }.joined(separator: "\n"))

        var pipeline = InputPipeline(hp, seed: hp.seed)
        let sequences = (0..<10 * hp.batchSize).map { _ in pipeline.nextSequence() }
        let linear = sequences.filter { $0.label == 0 }.count
        let meanLength = Double(sequences.map(\.values.count).reduce(0, +)) / Double(sequences.count)
        notebook.table(
            "pipeline-stats",
            Table(
                header: ["sequences drawn", "linear", "random", "mean length", "padding"],
                rows: [
                    [
                        "\(sequences.count)", "\(linear)", "\(sequences.count - linear)", Format.fixed(meanLength, 2),
                        Format.percent(1 - meanLength / Double(hp.maxLength), 1)
                    ]
                ]))
    }
}
