/// Stochastic gradient descent, with Keras's momentum: the update chapter 8
/// trains beside Adam, on the same batches.
///
/// For every parameter w with gradient g:
///
///     velocity ← μ · velocity − lr · g
///     w ← w + velocity
///
/// With μ = 0 this is plain gradient descent, w ← w − lr · g: every step
/// is the gradient scaled by one number, so a parameter whose gradient is
/// small moves little, however far it is from where it should be. With
/// μ = 0.9 the velocity is a running sum of the last steps (about ten of
/// them), which smooths the noise of single batches and speeds up along
/// directions the gradient keeps pointing in.
public struct SGD: Sendable {
    // ANCHOR: sgd
    public var learningRate: Float
    public var momentum: Float
    public private(set) var velocity: [Float]

    public init(parameterCount: Int, learningRate: Float, momentum: Float = 0) {
        (self.learningRate, self.momentum) = (learningRate, momentum)
        velocity = [Float](repeating: 0, count: parameterCount)
    }

    public mutating func update(_ weights: inout [Float], gradients: [Float]) {
        precondition(weights.count == velocity.count && gradients.count == velocity.count)
        for i in weights.indices {
            velocity[i] = momentum * velocity[i] - learningRate * gradients[i]
            weights[i] += velocity[i]
        }
    }
    // ANCHOR_END: sgd
}
