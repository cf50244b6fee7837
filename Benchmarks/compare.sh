#!/usr/bin/env bash
# Trains the same model with PyTorch (Benchmarks/pytorch_train.py) and with
# this tutorial, alternating, and compares the times.
#
#   Benchmarks/compare.sh [--runs N] [--steps N] [--python PATH] [--no-bench]
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
# The tutorial is measured in the debug build, `swift build`: its numeric
# modules are compiled with -O in every build (Package.swift), and a release
# build would first spend some ten minutes optimising swift-syntax, which
# training never runs (docs/performance.md has the measurements).
#
# Python: --python PATH (or PYTHON=PATH) names one that has torch. Without
# either, the script makes its own virtual environment in Benchmarks/.venv
# the first time and installs torch into it from PyPI (a large download:
# PyPI's Linux wheels include CUDA; training still runs on the CPU).
set -euo pipefail

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}
fail() { echo "error: $*" >&2; exit 1; }
bad_usage() { echo "error: $*" >&2; echo "usage: $0 [--runs N] [--steps N] [--python PATH] [--no-bench]" >&2; exit 2; }

RUNS=${RUNS:-3}
STEPS=${STEPS:-2000}
BENCH=${BENCH:-1}
PYTHON=${PYTHON:-}
while (( $# > 0 )); do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --runs|--steps|--python)
            (( $# >= 2 )) || bad_usage "$1 needs a value"
            case "$1" in
                --runs) RUNS=$2 ;;
                --steps) STEPS=$2 ;;
                --python) PYTHON=$2 ;;
            esac
            shift 2 ;;
        --no-bench) BENCH=0; shift ;;
        *) bad_usage "unknown argument '$1'" ;;
    esac
done
[[ "$RUNS" =~ ^[1-9][0-9]{0,3}$ ]] || bad_usage "--runs must be a whole number from 1 to 9999, not '$RUNS'"
[[ "$STEPS" =~ ^[1-9][0-9]{0,6}$ ]] || bad_usage "--steps must be a whole number from 1 to 9999999, not '$STEPS'"

cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=1

if [[ -z "$PYTHON" ]]; then
    PYTHON=Benchmarks/.venv/bin/python
    if ! [[ -x "$PYTHON" ]] || ! "$PYTHON" -c 'import torch, numpy' 2>/dev/null; then
        echo "setting up Benchmarks/.venv with torch and numpy from PyPI (once; a large download)" >&2
        python3 -m venv Benchmarks/.venv || fail "python3 -m venv failed; install python3-venv, or give --python"
        Benchmarks/.venv/bin/pip install --quiet torch numpy || fail "pip could not install torch into Benchmarks/.venv"
    fi
fi
[[ -x "$PYTHON" ]] || command -v "$PYTHON" >/dev/null || fail "--python $PYTHON: no such program"
"$PYTHON" -c 'import torch, numpy' 2>/dev/null || fail "$PYTHON cannot import torch and numpy (leave out --python to use Benchmarks/.venv)"

echo "building: swift build" >&2
swift build >&2
tutorial="$(swift build --show-bin-path)/tutorial"

# The median of the numbers given as arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

torch_seconds=()
tutorial_seconds=()
for run in $(seq 1 "$RUNS"); do
    # PyTorch's last line: "train_seconds: 6.123  steps_per_s: 326.6  heldout_accuracy: 0.9500"
    last=$("$PYTHON" Benchmarks/pytorch_train.py --steps "$STEPS" | tail -n 1)
    seconds=$(awk '$1 == "train_seconds:" { print $2 }' <<<"$last")
    [[ -n "$seconds" ]] || fail "Benchmarks/pytorch_train.py printed no train_seconds line; its last line was: $last"
    torch_seconds+=("$seconds")
    echo "run $run  pytorch   train_seconds $seconds  ($last)"

    start=$EPOCHREALTIME
    output=$("$tutorial" train --steps "$STEPS")
    end=$EPOCHREALTIME
    # The log has a line every 100 steps: the last one tells how many steps ran.
    last_step=$(awk -F '[:,]' '$1 == "step" { s = $2 } END { print s + 0 }' <<<"$output")
    if (( last_step > STEPS || (STEPS >= 100 && last_step <= STEPS - 100) )); then
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
