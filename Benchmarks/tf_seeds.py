"""Held-out accuracy of TensorFlow's "Dynamic RNN" notebook over a range of seeds.

Chapter 8 of the tutorial compares its own accuracy with the notebook's over
several seeds. This script is how those TensorFlow figures are produced.

What it runs, for each seed, in a fresh Python process (so every seed starts
as the notebook does, from a newly started interpreter):

- `random.seed(seed)`, `numpy.random.seed(seed)`, `tf.random.set_seed(seed)`.
- The notebook's toy generator, unchanged: it draws with Python's `random`
  (length 5 to 20, start, class) and numpy's global generator (the values of a
  random sequence); class 0 is a run `start, start+1, ...`, class 1 uniform
  integers below 10,000; values are divided by 10,000 and padded with -1 to 20.
- The notebook's input pipeline, unchanged: `tf.data.Dataset.from_generator`
  then `.repeat().shuffle(5000).batch(64).prefetch(1)`.
- The notebook's model: Keras `Masking(-1)` -> `LSTM(32)` -> `Dense(2)`,
  sparse softmax cross-entropy on the logits, `Adam(0.001)`, 2000 steps,
  printing loss and batch accuracy every 100 steps as the notebook does.

What differs from the notebook:

- The training step is wrapped in `tf.function`. The maths is the same as the
  notebook's eager step; it is only about 5x faster (about 20-25 s instead of
  about 2 minutes for 2000 steps on one core).
- TensorFlow is limited to one intra-op and one inter-op thread, so that the
  runs do not fight other work on a shared machine. (tf.data's own background
  threads, which run the Python generator, are not covered by this limit.)
- The notebook has no held-out set: it only prints the accuracy of the batch
  it has just trained on. After training, this script draws 10,000 fresh
  sequences from the same generator (continuing its random state) and reports
  the share the trained model classifies correctly.

Set up (CPU-only TensorFlow from PyPI):

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu

Run (from the repository root):

    nice -n 10 /tmp/tfvenv/bin/python Benchmarks/tf_seeds.py --seeds 0-19 --out Benchmarks/tf-seeds.json

Options: `--seeds` (a range `0-19`, a single seed, or a comma list such as
`0-3,7`), `--steps` (2000), `--held-out` (10000), `--out` (the results file).
A quick check: `--seeds 0-0 --steps 50 --held-out 500 --out /tmp/x.json`.

Expected time: about 20-40 s a seed with one thread on a 2-core AMD EPYC
(training, plus a few seconds to start TensorFlow), so 7-15 minutes for
seeds 0-19; more on a busy machine.

The results file is JSON: one entry per seed (seed, heldout_accuracy,
train_seconds), the median, mean, min and max of the held-out accuracies, the
TensorFlow, Keras, Python and numpy versions, the CPU model, the date and the
command line. It is rewritten after every seed, with "complete": false until
the last seed is done. The script refuses to overwrite an existing file that
is not one of its own results files (recognised by the "tf_seeds_results" key).
"""
import argparse
import datetime
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time

MARKER = "tf_seeds_results"  # key that identifies a results file written by this script
FORMAT_VERSION = 1
RESULT_PREFIX = "TF_SEEDS_RESULT "  # how a child process hands its result back on stdout


def parse_seeds(text):
    """'0-19' -> [0, ..., 19]; '5' -> [5]; '0-3,7' -> [0, 1, 2, 3, 7]."""
    seeds = []
    for part in text.split(","):
        part = part.strip()
        try:
            if "-" in part:
                first, last = (int(p) for p in part.split("-", 1))
            else:
                first = last = int(part)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a seed or a range of seeds: {part!r}")
        if first < 0 or last < first:
            raise argparse.ArgumentTypeError(f"bad seed range: {part!r}")
        seeds.extend(range(first, last + 1))
    if len(seeds) != len(set(seeds)):
        raise argparse.ArgumentTypeError(f"seed listed twice in {text!r}")
    return seeds


def positive(text):
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text}")
    return value


# ---------------------------------------------------------------------------
# One seed: the notebook, run in this (child) process.
# ---------------------------------------------------------------------------

def run_one_seed(seed, steps, held_out):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import random

    import numpy as np
    import tensorflow as tf
    from tensorflow.keras import Model, layers

    # One thread each: must be set before TensorFlow runs its first operation.
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)

    random.seed(seed)
    np.random.seed(seed)
    tf.random.set_seed(seed)

    # The notebook's parameters.
    num_classes = 2
    seq_max_len = 20
    seq_min_len = 5
    masking_val = -1
    max_value = 10000
    learning_rate = 0.001
    batch_size = 64
    display_step = 100
    num_units = 32

    def toy_sequence_data():
        """The notebook's generator: linear runs (label 0) or random integers (label 1)."""
        while True:
            seq_len = random.randint(seq_min_len, seq_max_len)
            rand_start = random.randint(0, max_value - seq_len)
            if random.random() < .5:
                seq = np.arange(start=rand_start, stop=rand_start + seq_len) / max_value
                label = 0
            else:
                seq = np.random.randint(max_value, size=seq_len) / max_value
                label = 1
            seq = np.pad(seq, mode='constant', pad_width=(0, seq_max_len - seq_len),
                         constant_values=masking_val)
            yield np.array(seq, dtype=np.float32), np.array(label, dtype=np.float32)

    train_data = tf.data.Dataset.from_generator(toy_sequence_data, output_types=(tf.float32, tf.float32))
    train_data = train_data.repeat().shuffle(5000).batch(batch_size).prefetch(1)

    class LSTM(Model):
        def __init__(self):
            super().__init__()
            self.masking = layers.Masking(mask_value=masking_val)
            self.lstm = layers.LSTM(units=num_units)
            self.out = layers.Dense(num_classes)

        def call(self, x, is_training=False):
            x = tf.reshape(x, shape=[-1, seq_max_len, 1])
            x = self.masking(x)
            x = self.lstm(x)
            x = self.out(x)
            if not is_training:
                x = tf.nn.softmax(x)
            return x

    lstm_net = LSTM()

    def cross_entropy_loss(x, y):
        y = tf.cast(y, tf.int64)
        return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=x))

    def accuracy(y_pred, y_true):
        correct = tf.equal(tf.argmax(y_pred, 1), tf.cast(y_true, tf.int64))
        return tf.reduce_mean(tf.cast(correct, tf.float32), axis=-1)

    optimizer = tf.optimizers.Adam(learning_rate)

    @tf.function  # the only change to the notebook's training step
    def run_optimization(x, y):
        with tf.GradientTape() as g:
            pred = lstm_net(x, is_training=True)
            loss = cross_entropy_loss(pred, y)
        trainable_variables = lstm_net.trainable_variables
        gradients = g.gradient(loss, trainable_variables)
        optimizer.apply_gradients(zip(gradients, trainable_variables))

    start = time.perf_counter()
    for step, (batch_x, batch_y) in enumerate(train_data.take(steps), 1):
        run_optimization(batch_x, batch_y)
        if step % display_step == 0 or step == 1:
            pred = lstm_net(batch_x, is_training=True)
            print("seed %d step: %i, loss: %f, accuracy: %f"
                  % (seed, step, cross_entropy_loss(pred, batch_y), accuracy(pred, batch_y)),
                  file=sys.stderr, flush=True)
    train_seconds = time.perf_counter() - start

    # Held-out evaluation (the notebook has none): fresh sequences from the same generator.
    generator = toy_sequence_data()
    xs, ys = zip(*[next(generator) for _ in range(held_out)])
    xs = np.stack(xs)
    ys = np.array(ys)
    predictions = lstm_net(xs).numpy()
    heldout_accuracy = float((predictions.argmax(1) == ys).mean())

    result = {"seed": seed, "heldout_accuracy": heldout_accuracy, "train_seconds": round(train_seconds, 3)}
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def child_versions():
    """Versions as seen by the interpreter that runs the seeds (this one)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import numpy as np
    import tensorflow as tf
    try:
        import keras
        keras_version = keras.__version__
    except ImportError:
        keras_version = None
    print(RESULT_PREFIX + json.dumps({"tensorflow": tf.__version__, "keras": keras_version,
                                      "numpy": np.__version__,
                                      "python": platform.python_version()}), flush=True)


# ---------------------------------------------------------------------------
# The driver: one child process per seed, results gathered into --out.
# ---------------------------------------------------------------------------

def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def check_out_file(path):
    """Exit with a message unless `path` is absent or one of this script's results files."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        sys.exit(f"tf_seeds.py: the directory for --out does not exist: {directory}")
    if not os.path.exists(path):
        return
    if not os.path.isfile(path):
        sys.exit(f"tf_seeds.py: refusing to overwrite {path}: it is not a regular file")
    try:
        with open(path) as f:
            existing = json.load(f)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        existing = None
    if not isinstance(existing, dict) or MARKER not in existing:
        sys.exit(f"tf_seeds.py: refusing to overwrite {path}: it exists and is not a tf_seeds.py "
                 f"results file (no \"{MARKER}\" key). Choose another --out or remove it yourself.")


def run_child(arguments):
    """Run this script with `arguments` in a new interpreter; return the JSON it hands back."""
    command = [sys.executable, os.path.abspath(__file__)] + arguments
    completed = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    results = [line[len(RESULT_PREFIX):] for line in completed.stdout.splitlines()
               if line.startswith(RESULT_PREFIX)]
    if completed.returncode != 0 or not results:
        sys.exit(f"tf_seeds.py: child process failed (exit {completed.returncode}): {shlex.join(command)}")
    return json.loads(results[-1])


def write_results(path, document):
    temporary = path + ".tmp"
    with open(temporary, "w") as f:
        json.dump(document, f, indent=2)
        f.write("\n")
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser(description="Held-out accuracy of the TensorFlow Dynamic RNN notebook "
                                                 "over a range of seeds.")
    parser.add_argument("--seeds", type=parse_seeds, default=parse_seeds("0-19"),
                        help="seeds to run: a range 0-19, one seed, or a comma list (default 0-19)")
    parser.add_argument("--steps", type=positive, default=2000, help="training steps (default 2000)")
    parser.add_argument("--held-out", type=positive, default=10000,
                        help="fresh sequences to measure accuracy on (default 10000)")
    parser.add_argument("--out", required=True, help="results file (JSON) to write")
    parser.add_argument("--one-seed", type=int, help=argparse.SUPPRESS)  # internal: run one seed here
    parser.add_argument("--versions", action="store_true", help=argparse.SUPPRESS)  # internal
    args = parser.parse_args()

    if args.versions:
        child_versions()
        return
    if args.one_seed is not None:
        run_one_seed(args.one_seed, args.steps, args.held_out)
        return

    check_out_file(args.out)
    started = time.perf_counter()
    document = {
        MARKER: FORMAT_VERSION,
        "description": "TensorFlow Dynamic RNN notebook (Masking(-1) + LSTM(32) + Dense(2), Adam 1e-3, "
                       "batch 64), training step in tf.function, 1 intra-op and 1 inter-op thread, "
                       "one fresh process per seed; accuracy on fresh sequences from the notebook's "
                       "generator after training",
        "command": shlex.join([sys.executable] + sys.argv),
        "niceness": os.nice(0),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "cpu": cpu_model(),
        "cpu_count": os.cpu_count(),
        "versions": run_child(["--versions", "--out", args.out]),
        "steps": args.steps,
        "batch_size": 64,
        "held_out": args.held_out,
        "seeds_requested": args.seeds,
        "complete": False,
        "results": [],
    }
    write_results(args.out, document)
    for seed in args.seeds:
        result = run_child(["--one-seed", str(seed), "--steps", str(args.steps),
                            "--held-out", str(args.held_out), "--out", args.out])
        document["results"].append(result)
        accuracies = [r["heldout_accuracy"] for r in document["results"]]
        document.update({
            "median": statistics.median(accuracies),
            "mean": statistics.fmean(accuracies),
            "min": min(accuracies),
            "max": max(accuracies),
            "total_seconds": round(time.perf_counter() - started, 1),
        })
        document["complete"] = len(document["results"]) == len(args.seeds)
        write_results(args.out, document)
        print("seed %d: held-out accuracy %.2f%%, train %.1f s" % (
            seed, 100 * result["heldout_accuracy"], result["train_seconds"]), flush=True)
    print("%d seeds: median %.2f%%, mean %.2f%%, min %.2f%%, max %.2f%%; %.0f s in all; written to %s" % (
        len(args.seeds), 100 * document["median"], 100 * document["mean"], 100 * document["min"], 100 * document["max"],
        document["total_seconds"], args.out), flush=True)


if __name__ == "__main__":
    main()
