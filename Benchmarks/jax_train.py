"""The tutorial's training job in JAX, for Benchmarks/compare.sh.

The same model and optimiser as `tutorial train` and Benchmarks/pytorch_train.py:
Masking(-1) -> LSTM(32) -> Dense(2) over sequences of 5 to 20 values, softmax
cross-entropy, Adam (learning rate 1e-3, epsilon 1e-7, optax's), 64 sequences a
batch. Keras's initialisation is copied (Glorot-uniform input and dense kernels,
orthogonal recurrent kernel, zero biases but the forget gate's, which is 1), and
so is Keras's gate order i, f, g (the cell candidate), o.

The train step is one jit-compiled function: `jax.lax.scan` runs the cell over
all 20 timesteps, and the mask is Keras's: where a step is padding (the value
is -1), `jnp.where` carries h and c through unchanged, so the final h is the
one after each sequence's last value. This is the usual way in JAX; unlike
the tutorial's packed LSTM and PyTorch's packed sequences, it computes the
padded steps and throws their results away.

The data generator is pytorch_train.py's (Sources/Library/02-Generator's distribution,
numpy's random numbers). All batches are generated and copied to the device,
and the step is compiled by one warm-up call whose result is thrown away,
before the clock starts; the clock stops after the last step's result is
ready (`block_until_ready`), so the time is the training loop of --steps steps
alone. Importing jax and compiling are not counted.

--threads 1 keeps XLA's CPU runtime to one thread: before jax is imported,
XLA_FLAGS turns off multi-threaded products and the process is pinned to one
CPU (XLA sizes its thread pools by the CPUs it may run on). --threads 2, the
default, lets it use two CPUs, all of them on a 2-core machine; --threads N
lets it use N (Benchmarks/compare.sh --grid gives it every core).

The sizes are the notebook's unless flags change them, as in
pytorch_train.py: --hidden-size H (32), --max-length T (20, the longest
sequence; the shortest stays 5, and the scan runs over all T timesteps),
--batch-size B (64) and --held-out-size N (10,000 sequences, classified after
the clock stops).

The last line is what the comparison script reads, as pytorch_train.py's:
    train_seconds: 2.345  steps_per_s: 852.9  heldout_accuracy: 0.9500
"""
import argparse
import os
import time

import numpy as np

MAX_LENGTH, MIN_LENGTH, MAX_VALUE, MASK_VALUE = 20, 5, 10_000, -1.0
BATCH_SIZE, HIDDEN_SIZE, LEARNING_RATE, HELD_OUT = 64, 32, 1e-3, 10_000

# Read once, when jax creates its CPU client; later changes do nothing. jaxlib 0.10 knows
# this flag (it stops a single product being split over threads) and aborts on unknown
# ones; `intra_op_parallelism_threads=1`, often seen beside it, is not an XLA flag and
# is ignored. The flag alone leaves jax's thread pools as they are: what keeps the work
# on one thread is the CPU affinity set below, by which XLA sizes its pools.
ONE_THREAD_XLA_FLAGS = "--xla_cpu_multi_thread_eigen=false"


def limit_threads(threads):
    """Keep XLA to `threads` CPUs. Must run before jax is imported."""
    if threads == 1:
        os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + " " + ONE_THREAD_XLA_FLAGS).strip()
    available = sorted(os.sched_getaffinity(0))
    if len(available) > threads:
        os.sched_setaffinity(0, available[:threads])


def sequences(count, rng, max_length=MAX_LENGTH):
    """`count` sequences scaled and padded as the tutorial's Batch: inputs (count x T), lengths, labels."""
    inputs = np.full((count, max_length), MASK_VALUE, np.float32)
    lengths = rng.integers(MIN_LENGTH, max_length, size=count, endpoint=True)
    labels = (rng.random(count) >= 0.5).astype(np.int32)  # 0 linear, 1 random
    for row, (length, label) in enumerate(zip(lengths, labels)):
        start = rng.integers(0, MAX_VALUE - length, endpoint=True)
        values = np.arange(start, start + length) if label == 0 else rng.integers(0, MAX_VALUE, size=length)
        inputs[row, :length] = values / MAX_VALUE  # divided in double precision, then rounded to float32
    return inputs, lengths.astype(np.int32), labels


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=2000, help="training steps (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of numpy's and jax's generators (default 0)")
    parser.add_argument("--threads", type=int, default=2,
                        help="CPU threads XLA may use (default 2; 1 also turns off multi-threaded products)")
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

    limit_threads(arguments.threads)
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    import jax
    import jax.numpy as jnp
    import optax

    h = arguments.hidden_size
    glorot, orthogonal = jax.nn.initializers.glorot_uniform(), jax.nn.initializers.orthogonal()
    input_key, recurrent_key, dense_key = jax.random.split(jax.random.PRNGKey(arguments.seed), 3)
    params = {  # Keras's shapes and initialisation; the columns are the gates i, f, g, o
        "kernel": glorot(input_key, (1, 4 * h), jnp.float32),
        "recurrent_kernel": orthogonal(recurrent_key, (h, 4 * h), jnp.float32),
        "bias": jnp.zeros(4 * h, jnp.float32).at[h:2 * h].set(1.0),  # unit_forget_bias
        "dense_kernel": glorot(dense_key, (h, 2), jnp.float32),
        "dense_bias": jnp.zeros(2, jnp.float32),
    }

    def logits(params, inputs):
        """The classifier's logits for a batch of padded inputs (batch x T)."""
        steps = inputs.T  # (T, batch): scan runs over the first axis
        projected = steps[:, :, None] * params["kernel"] + params["bias"]  # every step's input part at once
        mask = (steps != MASK_VALUE)[:, :, None]  # Keras's Masking(-1)

        def cell(state, step):
            h_prev, c_prev = state
            z_t, mask_t = step
            z = z_t + h_prev @ params["recurrent_kernel"]
            i, f, g, o = jnp.split(z, 4, axis=1)
            c = jax.nn.sigmoid(f) * c_prev + jax.nn.sigmoid(i) * jnp.tanh(g)
            h_new = jax.nn.sigmoid(o) * jnp.tanh(c)
            return (jnp.where(mask_t, h_new, h_prev), jnp.where(mask_t, c, c_prev)), None

        zeros = jnp.zeros((inputs.shape[0], h), jnp.float32)
        (final, _), _ = jax.lax.scan(cell, (zeros, zeros), (projected, mask))
        return final @ params["dense_kernel"] + params["dense_bias"]

    def loss_function(params, inputs, labels):
        return optax.softmax_cross_entropy_with_integer_labels(logits(params, inputs), labels).mean()

    optimizer = optax.adam(LEARNING_RATE, eps=1e-7)

    @jax.jit
    def train_step(params, optimizer_state, inputs, labels):
        loss, gradients = jax.value_and_grad(loss_function)(params, inputs, labels)
        updates, optimizer_state = optimizer.update(gradients, optimizer_state, params)
        return optax.apply_updates(params, updates), optimizer_state, loss

    rng = np.random.default_rng(arguments.seed)
    batches = []
    for _ in range(arguments.steps):
        inputs, _, labels = sequences(arguments.batch_size, rng, arguments.max_length)  # the mask comes from the -1 padding, as in Keras
        batches.append((jax.device_put(inputs), jax.device_put(labels)))
    optimizer_state = optimizer.init(params)
    # Compile: one call whose result is thrown away, so the loop below runs all --steps steps.
    jax.block_until_ready(train_step(params, optimizer_state, *batches[0]))

    start = time.perf_counter()
    for step, (inputs, labels) in enumerate(batches, 1):
        params, optimizer_state, loss = train_step(params, optimizer_state, inputs, labels)
        if step == 1 or step % 100 == 0:
            print(f"step: {step}, loss: {float(loss):.6f}", flush=True)
    jax.block_until_ready((params, optimizer_state, loss))
    seconds = time.perf_counter() - start

    inputs, _, labels = sequences(arguments.held_out_size, rng, arguments.max_length)
    predictions = np.asarray(jax.jit(logits)(params, inputs)).argmax(1)
    accuracy = float((predictions == labels).mean())
    print(f"train_seconds: {seconds:.3f}  steps_per_s: {arguments.steps / seconds:.1f}  "
          f"heldout_accuracy: {accuracy:.4f}")


if __name__ == "__main__":
    main()
