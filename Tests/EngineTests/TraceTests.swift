import Batches
import Engine
import Foundation
import NumericCore
import Parameters
import XCTest

final class TraceTests: XCTestCase {
    /// The gates the engine reports give back its h at every timestep:
    /// c_t = f·c_{t-1} + i·g and h_t = o·tanh(c_t).
    func testTheTracedGatesReproduceTheEnginesStates() {
        var hp = Hyperparameters()
        hp.hiddenSize = 8
        var random = Xoshiro256(seed: 5)
        let model = LSTMClassifier(
            hp, weights: (0..<ParameterLayout(hp).count).map { _ in random.float(in: -0.5...0.5) })
        for length in [1, 7, hp.maxLength] {
            let values = (0..<length).map { _ in random.float(in: 0...1) }
            let batch = Batch(
                inputs: values + [Float](repeating: hp.maskValue, count: hp.maxLength - length),
                lengths: [length], labels: [0], maxLength: hp.maxLength)
            let trace = model.trace(of: batch)
            XCTAssertEqual(trace.hidden.count, length)
            XCTAssertEqual(trace.forget.count, length)
            var c = [Float](repeating: 0, count: hp.hiddenSize)
            for t in trace.hidden.indices {
                for k in c.indices {
                    XCTAssert((0...1).contains(trace.forget[t][k]) && (-1...1).contains(trace.candidate[t][k]))
                    c[k] = trace.forget[t][k] * c[k] + trace.input[t][k] * trace.candidate[t][k]
                    XCTAssertEqual(
                        trace.output[t][k] * Float(tanh(Double(c[k]))), trace.hidden[t][k],
                        accuracy: 1e-6, "t=\(t) unit \(k)")
                }
            }
        }
    }
}
