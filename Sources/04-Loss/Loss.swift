// Softmax cross-entropy.
