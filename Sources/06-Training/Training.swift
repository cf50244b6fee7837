// The training loop.
