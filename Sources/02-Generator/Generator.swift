// The toy sequences.
