#!/usr/bin/env bash
# Trains the same model with PyTorch (Benchmarks/pytorch_train.py), JAX
# (Benchmarks/jax_train.py) and this tutorial, alternating, and compares the
# times.
#
#   Benchmarks/compare.sh [--runs N] [--steps N] [--python PATH] [--json FILE] [--no-bench]
#                         [--tutorial PATH]
#
# PyTorch's and JAX's times are their own clocks around the training loop
# alone: their batches are generated before the clock starts, JAX's step is
# compiled before it by one warm-up call, and importing torch or jax (seconds)
# is not counted. Ours is the whole `tutorial train` process: start-up, data
# generation, training, held-out accuracy and exit. The ratios
# pytorch_train_seconds / tutorial_process_seconds and
# jax_train_seconds / tutorial_process_seconds are above 1 when the whole
# tutorial process finishes before the other's training loop alone.
#
# PyTorch runs on one thread (packed sequences, which skip the padding). JAX
# (a jit-compiled step, lax.scan over all 20 timesteps) is first timed once
# for 300 steps with one thread and with two; the runs use the faster. The
# tutorial uses up to two cores. The machines are shared and noisy, so the
# three alternate in each run and the medians are compared (5 runs by
# default). At the top the script prints the CPU and whether it has AVX-512
# (avx512f) and AVX2; at the end, `tutorial bench --json` gives our
# in-process training time (train(hp) alone) for the same number of steps.
# --json FILE also writes every run's times, the medians, the ratios, the
# JAX thread probe and the CPU to FILE as one JSON object. An existing FILE
# is replaced only if it is such a report; anything else is refused.
#
# The tutorial is measured in the debug build, `swift build`: its numeric
# modules are compiled with -O in every build (Package.swift), and a release
# build would first spend some ten minutes optimising swift-syntax, which
# training never runs (docs/performance.md has the measurements).
#
# --tutorial PATH measures that `tutorial` program instead of building this
# checkout's (for instance an older build, to compare before and after).
#
# Python: --python PATH (or PYTHON=PATH) names one that has torch, numpy, jax
# and optax. Without either, the script makes its own virtual environment in
# Benchmarks/.venv the first time and installs them into it from PyPI (a
# large download: PyPI's Linux wheels of torch include CUDA; training still
# runs on the CPU).
set -euo pipefail

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}
fail() { echo "error: $*" >&2; exit 1; }
bad_usage() {
    echo "error: $*" >&2
    echo "usage: $0 [--runs N] [--steps N] [--python PATH] [--json FILE] [--no-bench] [--tutorial PATH]" >&2
    exit 2
}

RUNS=${RUNS:-5}
STEPS=${STEPS:-2000}
BENCH=${BENCH:-1}
PYTHON=${PYTHON:-}
JSON=
TUTORIAL=
PROBE_STEPS=300
while (( $# > 0 )); do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --runs|--steps|--python|--json|--tutorial)
            (( $# >= 2 )) || bad_usage "$1 needs a value"
            case "$1" in
                --runs) RUNS=$2 ;;
                --steps) STEPS=$2 ;;
                --python) PYTHON=$2 ;;
                --json) JSON=$2 ;;
                --tutorial) TUTORIAL=$2 ;;
            esac
            shift 2 ;;
        --no-bench) BENCH=0; shift ;;
        *) bad_usage "unknown argument '$1'" ;;
    esac
done
[[ "$RUNS" =~ ^[1-9][0-9]{0,3}$ ]] || bad_usage "--runs must be a whole number from 1 to 9999, not '$RUNS'"
[[ "$STEPS" =~ ^[1-9][0-9]{0,6}$ ]] || bad_usage "--steps must be a whole number from 1 to 9999999, not '$STEPS'"
if [[ -n "$JSON" ]]; then
    # Relative to where the script was started, not to the repository it moves to.
    [[ "$JSON" == /* ]] || JSON="$PWD/$JSON"
    [[ -d "$(dirname "$JSON")" ]] || fail "--json $JSON: no such directory"
    [[ ! -d "$JSON" ]] || fail "--json $JSON is a directory"
    # Replace only a report this script wrote: anything else stays as it is.
    if [[ -L "$JSON" ]]; then
        fail "--json $JSON is a symbolic link; give a new file, or one this script wrote"
    elif [[ -e "$JSON" ]] && ! python3 -c '
import json, sys
report = json.load(open(sys.argv[1]))
sys.exit(0 if isinstance(report, dict) and "tutorial_process_seconds" in report else 1)' "$JSON" 2>/dev/null; then
        fail "--json $JSON exists and is not a report of this script; it is left as it is"
    fi
fi

if [[ -n "$TUTORIAL" ]]; then
    [[ "$TUTORIAL" == /* ]] || TUTORIAL="$PWD/$TUTORIAL"
    [[ -f "$TUTORIAL" && -x "$TUTORIAL" ]] || fail "--tutorial $TUTORIAL: no such program"
fi

cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=1

packages_missing() { ! "$1" -c 'import torch, numpy, jax, optax' 2>/dev/null; }
if [[ -z "$PYTHON" ]]; then
    PYTHON=Benchmarks/.venv/bin/python
    if ! [[ -x "$PYTHON" ]] || packages_missing "$PYTHON"; then
        echo "setting up Benchmarks/.venv with torch, numpy, jax and optax from PyPI (once; a large download)" >&2
        python3 -m venv Benchmarks/.venv || fail "python3 -m venv failed; install python3-venv, or give --python"
        Benchmarks/.venv/bin/pip install --quiet torch numpy jax optax ||
            fail "pip could not install torch, numpy, jax and optax into Benchmarks/.venv"
    fi
fi
[[ -x "$PYTHON" ]] || command -v "$PYTHON" >/dev/null || fail "--python $PYTHON: no such program"
if packages_missing "$PYTHON"; then
    fail "$PYTHON cannot import torch, numpy, jax and optax (leave out --python to use Benchmarks/.venv)"
fi

# The machine: the CPU's name, its core count, and two of its flags.
cpu_model=$(awk -F ': *' '$1 ~ /^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
cpu_model=${cpu_model:-unknown}
cpu_flags=$(awk -F ': *' '$1 ~ /^flags/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
has_flag() { [[ " $cpu_flags " == *" $1 "* ]] && echo yes || echo no; }
avx512f=$(has_flag avx512f)
avx2=$(has_flag avx2)
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo unknown)
versions=$("$PYTHON" -c '
import platform, numpy, torch, jax, optax
print("python %s  torch %s  jax %s  optax %s  numpy %s" % (platform.python_version(), torch.__version__,
      jax.__version__, optax.__version__, numpy.__version__))')
echo "cpu: $cpu_model, $cores cores"
echo "avx512f (AVX-512): $avx512f  avx2: $avx2"
echo "$versions"

if [[ -n "$TUTORIAL" ]]; then
    tutorial=$TUTORIAL
else
    echo "building: swift build" >&2
    swift build >&2
    tutorial="$(swift build --show-bin-path)/tutorial"
fi
echo "tutorial: $tutorial"

# The median of the numbers given as arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# A field of the Python scripts' last line:
# "train_seconds: 6.123  steps_per_s: 326.6  heldout_accuracy: 0.9500"
field() { awk -v name="$1:" '{ for (i = 1; i < NF; i++) if ($i == name) print $(i + 1) }' <<<"$2"; }

# Runs a Python training script; sets `last` (its last line) and `seconds`.
run_python() {
    local script=$1; shift
    last=$("$PYTHON" "$script" "$@" | tail -n 1)
    seconds=$(field train_seconds "$last")
    [[ -n "$seconds" ]] || fail "$script printed no train_seconds line; its last line was: $last"
}

# JAX: one thread or two, whichever trains faster here (once each, a short run).
run_python Benchmarks/jax_train.py --steps "$PROBE_STEPS" --threads 1
probe_one=$seconds
run_python Benchmarks/jax_train.py --steps "$PROBE_STEPS" --threads 2
probe_two=$seconds
jax_threads=$(awk -v a="$probe_one" -v b="$probe_two" 'BEGIN { print (a <= b) ? 1 : 2 }')
jax_thread_words=$( (( jax_threads == 1 )) && echo "1 thread" || echo "$jax_threads threads")
echo "jax thread probe ($PROBE_STEPS steps each): --threads 1 ${probe_one} s, --threads 2 ${probe_two} s;" \
     "the runs use --threads $jax_threads"
echo

torch_seconds=() torch_accuracies=()
jax_seconds=() jax_accuracies=()
tutorial_seconds=() tutorial_accuracies=()
for run in $(seq 1 "$RUNS"); do
    run_python Benchmarks/pytorch_train.py --steps "$STEPS"
    torch_seconds+=("$seconds")
    torch_accuracies+=("$(field heldout_accuracy "$last")")
    echo "run $run  pytorch   train_seconds $seconds  ($last)"

    run_python Benchmarks/jax_train.py --steps "$STEPS" --threads "$jax_threads"
    jax_seconds+=("$seconds")
    jax_accuracies+=("$(field heldout_accuracy "$last")")
    echo "run $run  jax       train_seconds $seconds  ($last)"

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
    # "held-out accuracy: 97.64% (10000 sequences)"
    tutorial_accuracies+=("$(awk '$1 == "held-out" { sub("%", "", $3); printf "%.4f", $3 / 100 }' <<<"$last")")
    echo "run $run  tutorial  process_seconds $seconds  ($last)"
done

torch_median=$(median "${torch_seconds[@]}")
jax_median=$(median "${jax_seconds[@]}")
tutorial_median=$(median "${tutorial_seconds[@]}")
echo
echo "steps: $STEPS, batch 64, runs: $RUNS each, OMP_NUM_THREADS=1, jax --threads $jax_threads"
echo "pytorch_train_seconds     median $torch_median  (torch's own clock, packed training loop only, 1 thread)"
echo "jax_train_seconds         median $jax_median  (jax's own clock, jit-compiled training loop only, $jax_thread_words)"
echo "tutorial_process_seconds  median $tutorial_median  (the whole tutorial train process)"
awk -v t="$torch_median" -v j="$jax_median" -v s="$tutorial_median" 'BEGIN {
    printf "ratio pytorch_train_seconds / tutorial_process_seconds: %.2f\n", t / s
    printf "ratio jax_train_seconds / tutorial_process_seconds: %.2f\n", j / s
}'

bench_json=
if [[ "$BENCH" != 0 ]]; then
    echo "in-process: tutorial bench --json --steps $STEPS --repeat $RUNS" >&2
    bench_json=$("$tutorial" bench --json --steps "$STEPS" --repeat "$RUNS")
    "$PYTHON" -c '
import json, sys
report = json.load(sys.stdin)
training = report["training"]
print("tutorial_train_seconds    median %.3f  (train(hp) alone, in process, %d runs; %.1f steps/s)"
      % (training["seconds"]["median"], report["repeats"], training["per_second"]["median"]))
' <<<"$bench_json"
fi

if [[ -n "$JSON" ]]; then
    CPU_MODEL=$cpu_model CPU_CORES=$cores AVX512F=$avx512f AVX2=$avx2 VERSIONS=$versions \
    RUNS=$RUNS STEPS=$STEPS PROBE_STEPS=$PROBE_STEPS PROBE_ONE=$probe_one PROBE_TWO=$probe_two \
    JAX_THREADS=$jax_threads BENCH_JSON=$bench_json \
    TORCH_SECONDS="${torch_seconds[*]}" TORCH_ACCURACIES="${torch_accuracies[*]}" \
    JAX_SECONDS="${jax_seconds[*]}" JAX_ACCURACIES="${jax_accuracies[*]}" \
    TUTORIAL_SECONDS="${tutorial_seconds[*]}" TUTORIAL_ACCURACIES="${tutorial_accuracies[*]}" \
    "$PYTHON" - "$JSON" <<'PY'
import json, os, statistics, sys

env = os.environ
def numbers(name):
    return [float(value) for value in env[name].split()]
def entry(seconds_name, accuracies_name, clock):
    seconds = numbers(seconds_name)
    return {"clock": clock, "seconds": seconds, "median_seconds": statistics.median(seconds),
            "heldout_accuracy": numbers(accuracies_name)}

pytorch = entry("TORCH_SECONDS", "TORCH_ACCURACIES", "torch's own clock, packed training loop only, 1 thread")
jax = entry("JAX_SECONDS", "JAX_ACCURACIES", "jax's own clock, jit-compiled training loop only")
jax["threads"] = int(env["JAX_THREADS"])
tutorial = entry("TUTORIAL_SECONDS", "TUTORIAL_ACCURACIES", "the whole tutorial train process")
report = {
    "machine": {"cpu": env["CPU_MODEL"], "cores": int(env["CPU_CORES"]) if env["CPU_CORES"].isdigit() else None,
                "avx512f": env["AVX512F"] == "yes", "avx2": env["AVX2"] == "yes", "software": env["VERSIONS"]},
    "steps": int(env["STEPS"]), "batch_size": 64, "runs": int(env["RUNS"]),
    "jax_thread_probe": {"steps": int(env["PROBE_STEPS"]),
                         "seconds": {"1": float(env["PROBE_ONE"]), "2": float(env["PROBE_TWO"])},
                         "chosen_threads": int(env["JAX_THREADS"])},
    "pytorch_train_seconds": pytorch, "jax_train_seconds": jax, "tutorial_process_seconds": tutorial,
    "ratios": {
        "pytorch_train_seconds / tutorial_process_seconds":
            round(pytorch["median_seconds"] / tutorial["median_seconds"], 4),
        "jax_train_seconds / tutorial_process_seconds":
            round(jax["median_seconds"] / tutorial["median_seconds"], 4),
    },
}
if env["BENCH_JSON"]:
    training = json.loads(env["BENCH_JSON"])["training"]
    report["tutorial_train_seconds"] = {"clock": "train(hp) alone, in process (tutorial bench)",
                                        "median_seconds": training["seconds"]["median"],
                                        "steps_per_second_median": training["per_second"]["median"]}
# Complete or not at all: written beside the target, then renamed over it.
temporary = sys.argv[1] + ".compare-tmp"
with open(temporary, "w") as file:
    json.dump(report, file, indent=2)
    file.write("\n")
os.replace(temporary, sys.argv[1])
PY
    echo "wrote $JSON" >&2
fi
