#!/usr/bin/env bash
# Trains the same model with PyTorch and with this tutorial, alternating, and
# compares the times.
#
#   Benchmarks/compare-with-pytorch.sh
#
# PyTorch's time is its own clock around the training loop alone: its batches
# are generated before the clock starts, and importing torch (seconds) is not
# counted. Ours is the whole `tutorial train` process: start-up, data
# generation, training, held-out accuracy and exit. The ratio
# pytorch_train_seconds / tutorial_process_seconds is above 1 when the whole
# tutorial process finishes before PyTorch's training loop alone.
#
# The machines are shared and noisy, so the two alternate in the same run and
# the medians are compared. At the end, `tutorial bench --json` gives our
# in-process training time (train(hp) alone) for the same number of steps.
#
# Environment:
#   PYTHON        the Python with torch (default /tmp/anchors/bin/python if it exists, else python3)
#   TORCH_ANCHOR  the PyTorch script (default ../shared/bench/seed_torch.py, from the repository root)
#   RUNS          runs of each (default 3)
#   STEPS         training steps (default 2000)
#   BENCH         set to 0 to skip the in-process measurement
set -euo pipefail

cd "$(dirname "$0")/.."

if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x /tmp/anchors/bin/python ]]; then PYTHON=/tmp/anchors/bin/python; else PYTHON=python3; fi
fi
TORCH_ANCHOR=${TORCH_ANCHOR:-../shared/bench/seed_torch.py}
RUNS=${RUNS:-3}
STEPS=${STEPS:-2000}
BENCH=${BENCH:-1}
export OMP_NUM_THREADS=1

fail() { echo "error: $*" >&2; exit 1; }

[[ -f "$TORCH_ANCHOR" ]] || fail "$TORCH_ANCHOR: no such file (set TORCH_ANCHOR to the path of seed_torch.py)"
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
    fail "$PYTHON cannot import torch; install it with:
  python3 -m venv /tmp/anchors && /tmp/anchors/bin/pip install torch
or set PYTHON to a Python that has it"
fi

echo "building: swift build -c release" >&2
swift build -c release >&2
tutorial="$(swift build -c release --show-bin-path)/tutorial"

# The median of the numbers given as arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

torch_seconds=()
tutorial_seconds=()
for run in $(seq 1 "$RUNS"); do
    # PyTorch's last line: "train_seconds: 6.123  steps_per_s: 326.6  heldout_accuracy: 0.9500"
    last=$(STEPS="$STEPS" "$PYTHON" "$TORCH_ANCHOR" | tail -n 1)
    seconds=$(awk '$1 == "train_seconds:" { print $2 }' <<<"$last")
    [[ -n "$seconds" ]] || fail "$TORCH_ANCHOR printed no train_seconds line; its last line was: $last"
    torch_seconds+=("$seconds")
    echo "run $run  pytorch   train_seconds $seconds  ($last)"

    start=$EPOCHREALTIME
    output=$("$tutorial" train --steps "$STEPS")
    end=$EPOCHREALTIME
    # The log has a line every 100 steps: the last one tells how many steps ran.
    last_step=$(awk -F '[:,]' '$1 == "step" { s = $2 } END { print s + 0 }' <<<"$output")
    if (( last_step > STEPS || last_step <= STEPS - 100 )); then
        fail "tutorial train --steps $STEPS ran to step $last_step; the times would not compare"
    fi
    last=$(tail -n 1 <<<"$output")
    seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
    tutorial_seconds+=("$seconds")
    echo "run $run  tutorial  process_seconds $seconds  ($last)"
done

torch_median=$(median "${torch_seconds[@]}")
tutorial_median=$(median "${tutorial_seconds[@]}")
echo
echo "steps: $STEPS, batch 64, runs: $RUNS each, OMP_NUM_THREADS=1"
echo "pytorch_train_seconds     median $torch_median  (torch's own clock, training loop only)"
echo "tutorial_process_seconds  median $tutorial_median  (the whole tutorial train process)"
awk -v t="$torch_median" -v s="$tutorial_median" \
    'BEGIN { printf "ratio pytorch_train_seconds / tutorial_process_seconds: %.2f\n", t / s }'

if [[ "$BENCH" != 0 ]]; then
    echo "in-process: tutorial bench --json --steps $STEPS --repeat $RUNS" >&2
    "$tutorial" bench --json --steps "$STEPS" --repeat "$RUNS" | "$PYTHON" -c '
import json, sys
report = json.load(sys.stdin)
training = report["training"]
print("tutorial_train_seconds    median %.3f  (train(hp) alone, in process, %d runs; %.1f steps/s)"
      % (training["seconds"]["median"], report["repeats"], training["per_second"]["median"]))
'
fi
