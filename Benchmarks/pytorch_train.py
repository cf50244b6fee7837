"""The tutorial's training job in PyTorch, for Benchmarks/compare.sh.

The same model and optimiser as `tutorial train`: Masking(-1) -> LSTM(32) ->
Dense(2) over sequences of 5 to 20 values, softmax cross-entropy, Adam
(learning rate 1e-3, epsilon 1e-7), 64 sequences a batch. Keras's
initialisation is copied (Glorot-uniform input kernel, orthogonal recurrent
kernel, forget-gate bias 1), so that both start from the same kind of model.

Padding is skipped with `pack_padded_sequence`, as the tutorial's packed
LSTM and Keras's mask skip it; feeding the padded batch unpacked would be
faster but would run the -1 padding through the state.

The data generator follows the tutorial's (Sources/Library/02-Generator): a linear
run `start, start+1, ...` or uniform random values below 10,000, each half
of the time, divided by 10,000. Its random numbers are numpy's, not the
tutorial's xoshiro256**, so the sequences differ; their distribution is the
same. All batches are generated before the clock starts, so the time is the
training loop alone.

The sizes are the notebook's unless flags change them: --hidden-size H (32),
--max-length T (20, the longest sequence; the shortest stays 5), --batch-size
B (64) and --held-out-size N (10,000 sequences, classified after the clock
stops). Benchmarks/compare.sh --grid sets them at each point of its grid.

The last line is what the comparison script reads:
    train_seconds: 6.123  steps_per_s: 326.6  heldout_accuracy: 0.9500
"""
import argparse
import time

import numpy as np
import torch
from torch import nn

MAX_LENGTH, MIN_LENGTH, MAX_VALUE, MASK_VALUE = 20, 5, 10_000, -1.0
BATCH_SIZE, HIDDEN_SIZE, LEARNING_RATE, HELD_OUT = 64, 32, 1e-3, 10_000


def sequences(count, rng, max_length=MAX_LENGTH):
    """`count` sequences scaled and padded as the tutorial's Batch: inputs (count x T), lengths, labels."""
    inputs = np.full((count, max_length), MASK_VALUE, np.float32)
    lengths = rng.integers(MIN_LENGTH, max_length, size=count, endpoint=True)
    labels = (rng.random(count) >= 0.5).astype(np.int64)  # 0 linear, 1 random
    for row, (length, label) in enumerate(zip(lengths, labels)):
        start = rng.integers(0, MAX_VALUE - length, endpoint=True)
        values = np.arange(start, start + length) if label == 0 else rng.integers(0, MAX_VALUE, size=length)
        inputs[row, :length] = values / MAX_VALUE  # divided in double precision, then rounded to float32
    return torch.from_numpy(inputs), torch.from_numpy(lengths), torch.from_numpy(labels)


class Classifier(nn.Module):
    def __init__(self, hidden_size=HIDDEN_SIZE):
        super().__init__()
        self.lstm = nn.LSTM(1, hidden_size, batch_first=True)
        self.dense = nn.Linear(hidden_size, 2)
        h = hidden_size
        with torch.no_grad():  # Keras's initialisation (PyTorch's gate order i, f, g, o matches Keras's)
            nn.init.xavier_uniform_(self.lstm.weight_ih_l0)
            nn.init.orthogonal_(self.lstm.weight_hh_l0)  # (4H, H): Keras's orthogonal (H, 4H), transposed
            self.lstm.bias_ih_l0.zero_()
            self.lstm.bias_hh_l0.zero_()
            self.lstm.bias_ih_l0[h:2 * h] = 1.0
            nn.init.xavier_uniform_(self.dense.weight)
            self.dense.bias.zero_()

    def forward(self, inputs, lengths):
        packed = nn.utils.rnn.pack_padded_sequence(inputs.unsqueeze(-1), lengths, batch_first=True,
                                                   enforce_sorted=False)
        _, (final, _) = self.lstm(packed)
        return self.dense(final[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=2000, help="training steps (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of numpy's and torch's generators (default 0)")
    parser.add_argument("--threads", type=int, default=1, help="torch's intra-op threads (default 1)")
    parser.add_argument("--hidden-size", type=int, default=HIDDEN_SIZE,
                        help=f"the LSTM's hidden size H (default {HIDDEN_SIZE})")
    parser.add_argument("--max-length", type=int, default=MAX_LENGTH,
                        help=f"the longest sequence T (default {MAX_LENGTH}; the shortest is {MIN_LENGTH})")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE,
                        help=f"sequences per training step (default {BATCH_SIZE})")
    parser.add_argument("--held-out-size", type=int, default=HELD_OUT,
                        help=f"sequences classified after training, not timed (default {HELD_OUT})")
    arguments = parser.parse_args()
    if arguments.steps < 1:
        parser.error("--steps must be at least 1")
    if arguments.threads < 1:
        parser.error("--threads must be at least 1")
    if not 1 <= arguments.hidden_size <= 1024:
        parser.error("--hidden-size must be in 1...1024")
    if not MIN_LENGTH <= arguments.max_length <= 1000:
        parser.error(f"--max-length must be in {MIN_LENGTH}...1000")
    if not 1 <= arguments.batch_size <= 65_536:
        parser.error("--batch-size must be in 1...65536")
    if arguments.held_out_size < 1:
        parser.error("--held-out-size must be at least 1")

    torch.set_num_threads(arguments.threads)
    torch.manual_seed(arguments.seed)
    rng = np.random.default_rng(arguments.seed)
    model = Classifier(arguments.hidden_size)
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, eps=1e-7)
    loss_function = nn.CrossEntropyLoss()
    batches = [sequences(arguments.batch_size, rng, arguments.max_length) for _ in range(arguments.steps)]

    start = time.perf_counter()
    for step, (inputs, lengths, labels) in enumerate(batches, 1):
        optimizer.zero_grad()
        loss = loss_function(model(inputs, lengths), labels)
        loss.backward()
        optimizer.step()
        if step == 1 or step % 100 == 0:
            print(f"step: {step}, loss: {loss.item():.6f}", flush=True)
    seconds = time.perf_counter() - start

    inputs, lengths, labels = sequences(arguments.held_out_size, rng, arguments.max_length)
    with torch.no_grad():
        accuracy = (model(inputs, lengths).argmax(1) == labels).float().mean().item()
    print(f"train_seconds: {seconds:.3f}  steps_per_s: {arguments.steps / seconds:.1f}  "
          f"heldout_accuracy: {accuracy:.4f}")


if __name__ == "__main__":
    main()
