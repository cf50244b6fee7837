#!/usr/bin/env bash
# Trains the same model with PyTorch (Benchmarks/pytorch_train.py), JAX
# (Benchmarks/jax_train.py) and this tutorial, alternating, and compares the
# times.
#
#   Benchmarks/compare.sh [--runs N] [--steps N] [--python PATH] [--json FILE] [--no-bench]
#                         [--tutorial PATH]
#   Benchmarks/compare.sh --grid [--runs N] [--points LIST] [--python PATH] [--json FILE]
#                         [--no-bench] [--tutorial PATH]
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
# --grid does the same at many sizes in one run (docs/performance.md, "The
# engine at every size"). A point is HxTxBxS: hidden size H, longest sequence
# T (the shortest stays 5), batch B, and S training steps; --points takes them
# separated by commas (32x20x64x2000,128x20x64x300). The default grid:
#
#   H = 32, 64, 128, 192, 256, 384, 512 with T = 20, B = 64
#       (2000, 1000, 300, 200, 200, 100, 100 steps);
#   T = 50 and 100 with H = 32, B = 64 (1000 and 300 steps);
#   B = 128, 256 and 1024 with H = 32, T = 20 (1000, 500 and 100 steps).
#
# At each point, as above but with the point's sizes: JAX is probed once with
# one thread and with every CPU the script may use (for 15% of the point's
# steps, at least 20), then each of --runs repetitions (3 by default)
# alternates PyTorch's loop (one thread), JAX's loop (the probe's choice) and
# the whole `tutorial train --held-out-size 1000 --hidden-size H --max-length
# T --batch-size B --steps S` process (all three classify 1000 held-out
# sequences, which only the tutorial's clock includes). Then, unless
# --no-bench, `tutorial bench --json` at those sizes (--steps S, --repeat N)
# gives the tutorial's training GFLOP/s, and numpy times the recurrent
# product's shape, B×H · H×4H, as sgemm on one thread and on every CPU (the
# best of 7 timings of a loop of at least 20 ms; the table shows the faster):
# the machine's sgemm rate for the same shapes. It prints a Markdown table of
# the medians, the ratios JAX / tutorial and PyTorch / tutorial, whether each
# meets its target (1.5 and 3), and the two GFLOP/s rates. --json FILE writes
# every run's time, the medians, ratios, probes, rates, the table and the
# machine; an existing FILE is replaced only if it is an earlier --grid
# report. --steps does not apply to --grid, and --points only to it. The
# default grid takes some 30 to 60 minutes: the largest points (H = 384 and
# 512) take most of it, and `tutorial bench` there (which also times 1,000
# steps at fixed lengths) about half of theirs; --no-bench leaves it out.
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
    echo "       $0 --grid [--runs N] [--points HxTxBxS,...] [--python PATH] [--json FILE] [--no-bench] [--tutorial PATH]" >&2
    exit 2
}

GRID=0
POINTS_TEXT=
POINTS_GIVEN=0
STEPS_GIVEN=0
RUNS_GIVEN=${RUNS:+1}
RUNS=${RUNS:-5}
STEPS=${STEPS:-2000}
ARGUMENTS="$*"
BENCH=${BENCH:-1}
PYTHON=${PYTHON:-}
JSON=
TUTORIAL=
PROBE_STEPS=300
while (( $# > 0 )); do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --runs|--steps|--python|--json|--tutorial|--points)
            (( $# >= 2 )) || bad_usage "$1 needs a value"
            case "$1" in
                --runs) RUNS=$2; RUNS_GIVEN=1 ;;
                --steps) STEPS=$2; STEPS_GIVEN=1 ;;
                --points) POINTS_TEXT=$2; POINTS_GIVEN=1 ;;
                --python) PYTHON=$2 ;;
                --json) JSON=$2 ;;
                --tutorial) TUTORIAL=$2 ;;
            esac
            shift 2 ;;
        --no-bench) BENCH=0; shift ;;
        --grid) GRID=1; shift ;;
        *) bad_usage "unknown argument '$1'" ;;
    esac
done
# The grid's points, each "H T B S"; the default is the grid of docs/performance.md.
GRID_POINTS=()
if (( GRID )); then
    (( STEPS_GIVEN == 0 )) || bad_usage "--steps does not apply to --grid: each point names its steps (HxTxBxS)"
    [[ -n "$RUNS_GIVEN" ]] || RUNS=3
    (( POINTS_GIVEN )) || POINTS_TEXT=32x20x64x2000,64x20x64x1000,128x20x64x300,192x20x64x200,256x20x64x200,384x20x64x100,512x20x64x100,32x50x64x1000,32x100x64x300,32x20x128x1000,32x20x256x500,32x20x1024x100
    [[ -n "$POINTS_TEXT" ]] || bad_usage "--points needs at least one point HxTxBxS"
    IFS=, read -r -a point_words <<<"$POINTS_TEXT,"
    for word in "${point_words[@]}"; do
        [[ "$word" =~ ^([1-9][0-9]{0,7})x([1-9][0-9]{0,7})x([1-9][0-9]{0,7})x([1-9][0-9]{0,7})$ ]] ||
            bad_usage "--points: '$word' is not HxTxBxS (hidden size, longest sequence, batch, steps: 32x20x64x2000)"
        h=${BASH_REMATCH[1]} t=${BASH_REMATCH[2]} b=${BASH_REMATCH[3]} s=${BASH_REMATCH[4]}
        (( h <= 1024 )) || bad_usage "--points $word: the hidden size H must be in 1...1024, not $h"
        (( t >= 5 && t <= 1000 )) || bad_usage "--points $word: the longest sequence T must be in 5...1000 (the shortest is 5), not $t"
        (( b <= 65536 )) || bad_usage "--points $word: the batch B must be in 1...65536, not $b"
        (( s <= 10000000 )) || bad_usage "--points $word: the steps S must be in 1...10000000, not $s"
        GRID_POINTS+=("$h $t $b $s")
    done
else
    (( POINTS_GIVEN == 0 )) || bad_usage "--points applies to --grid only"
fi
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
    elif (( GRID )); then
        if [[ -e "$JSON" ]] && ! python3 -c '
import json, sys
report = json.load(open(sys.argv[1]))
sys.exit(0 if isinstance(report, dict) and report.get("kind") == "compare.sh --grid" else 1)' "$JSON" 2>/dev/null; then
            fail "--json $JSON exists and is not a --grid report of this script; it is left as it is"
        fi
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

# Runs the whole `tutorial train --steps STEPS ARGS...` process under the wall clock and appends
# its seconds and held-out accuracy to tutorial_seconds and tutorial_accuracies; sets `last`.
run_tutorial() {
    local steps=$1; shift
    local start end output last_step
    start=$EPOCHREALTIME
    output=$("$tutorial" train "$@" --steps "$steps") || fail "tutorial train $* --steps $steps failed"
    end=$EPOCHREALTIME
    # The log has a line every 100 steps: the last one tells how many steps ran.
    last_step=$(awk -F '[:,]' '$1 == "step" { s = $2 } END { print s + 0 }' <<<"$output")
    if (( last_step > steps || (steps >= 100 && last_step <= steps - 100) )); then
        fail "tutorial train --steps $steps ran to step $last_step; the times would not compare"
    fi
    last=$(tail -n 1 <<<"$output")
    seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
    tutorial_seconds+=("$seconds")
    # "held-out accuracy: 97.64% (1000 sequences)"
    tutorial_accuracies+=("$(awk '$1 == "held-out" { sub("%", "", $3); printf "%.4f", $3 / 100 }' <<<"$last")")
    echo "run $run  tutorial  process_seconds $seconds  ($last)"
}

# --grid: the comparison below at every point of the grid, then one table.
if (( GRID )); then
    GRID_HELD_OUT=1000
    # Every CPU this process may use (nproc follows the affinity mask, and would
    # follow OMP_NUM_THREADS, set to 1 above, if it were left in its environment).
    all_threads=$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc 2>/dev/null || echo 1)
    if [[ -n "$TUTORIAL" ]]; then
        build_words="the program given by --tutorial"
    else
        build_words="debug build (swift build; its numeric modules are compiled with -O in every build)"
    fi
    grid_words=$( (( ${#GRID_POINTS[@]} == 1 )) && echo "1 point" || echo "${#GRID_POINTS[@]} points")
    run_words=$( (( RUNS == 1 )) && echo "1 run" || echo "$RUNS runs")
    echo "grid: $grid_words, $run_words each; tutorial: $build_words"
    echo "each run: PyTorch (1 thread), JAX (the probe's choice: 1 thread or $all_threads), the whole tutorial train process"
    points_file=$(mktemp "${TMPDIR:-/tmp}/compare-grid.XXXXXX")
    bench_log=$(mktemp "${TMPDIR:-/tmp}/compare-grid-bench.XXXXXX")
    trap 'rm -f "$points_file" "$bench_log"' EXIT

    # numpy's sgemm on the recurrent product's shape, B×H · H×4H: the best of 7
    # timings of a loop of calls that lasts at least 20 ms. Prints GFLOP/s.
    SGEMM_PY='
import sys, time
import numpy as np
b, h = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(0)
a = rng.standard_normal((b, h), dtype=np.float32)
w = rng.standard_normal((h, 4 * h), dtype=np.float32)
c = np.empty((b, 4 * h), np.float32)
def timed(calls):
    start = time.perf_counter()
    for _ in range(calls):
        np.matmul(a, w, out=c)
    return time.perf_counter() - start
calls = 1
while timed(calls) < 0.02:
    calls *= 2
best = min(timed(calls) for _ in range(7))
print("%.3f" % (2.0 * b * h * 4 * h * calls / best / 1e9))'
    sgemm() {  # threads B H
        OMP_NUM_THREADS=$1 OPENBLAS_NUM_THREADS=$1 MKL_NUM_THREADS=$1 "$PYTHON" -c "$SGEMM_PY" "$2" "$3"
    }

    point_number=0
    tutorial_build=
    for point in "${GRID_POINTS[@]}"; do
        read -r H T B S <<<"$point"
        point_number=$(( point_number + 1 ))
        sizes=(--hidden-size "$H" --max-length "$T" --batch-size "$B")
        echo
        echo "point $point_number of ${#GRID_POINTS[@]}: H $H, T $T, B $B, $S steps"

        # JAX: one thread or every CPU, whichever trains faster at this size
        # (once each, for 15% of the point's steps, at least 20).
        probe_steps=$(( (S * 3 + 19) / 20 ))
        (( probe_steps >= 20 )) || probe_steps=20
        (( probe_steps <= S )) || probe_steps=$S
        run_python Benchmarks/jax_train.py --steps "$probe_steps" --threads 1 "${sizes[@]}" --held-out-size "$GRID_HELD_OUT"
        probe_one=$seconds
        probe_all=
        jax_threads=1
        if (( all_threads > 1 )); then
            run_python Benchmarks/jax_train.py --steps "$probe_steps" --threads "$all_threads" "${sizes[@]}" \
                --held-out-size "$GRID_HELD_OUT"
            probe_all=$seconds
            jax_threads=$(awk -v a="$probe_one" -v b="$probe_all" -v n="$all_threads" 'BEGIN { print (a <= b) ? 1 : n }')
            echo "jax thread probe ($probe_steps steps each): --threads 1 ${probe_one} s," \
                 "--threads $all_threads ${probe_all} s; the runs use --threads $jax_threads"
        else
            echo "jax: one CPU available, --threads 1 (probe $probe_steps steps: ${probe_one} s)"
        fi

        torch_seconds=() torch_accuracies=()
        jax_seconds=() jax_accuracies=()
        tutorial_seconds=() tutorial_accuracies=()
        for run in $(seq 1 "$RUNS"); do
            run_python Benchmarks/pytorch_train.py --steps "$S" "${sizes[@]}" --held-out-size "$GRID_HELD_OUT"
            torch_seconds+=("$seconds")
            torch_accuracies+=("$(field heldout_accuracy "$last")")
            echo "run $run  pytorch   train_seconds $seconds  ($last)"

            run_python Benchmarks/jax_train.py --steps "$S" --threads "$jax_threads" "${sizes[@]}" \
                --held-out-size "$GRID_HELD_OUT"
            jax_seconds+=("$seconds")
            jax_accuracies+=("$(field heldout_accuracy "$last")")
            echo "run $run  jax       train_seconds $seconds  ($last)"

            run_tutorial "$S" --held-out-size "$GRID_HELD_OUT" "${sizes[@]}"
        done

        # The tutorial's training GFLOP/s at this size, from `tutorial bench --json`.
        bench_json=
        if [[ "$BENCH" != 0 ]]; then
            echo "in-process: tutorial bench --json ${sizes[*]} --steps $S --repeat $RUNS" >&2
            bench_json=$("$tutorial" bench --json "${sizes[@]}" --steps "$S" --repeat "$RUNS" 2>"$bench_log") ||
                fail "tutorial bench ${sizes[*]} --steps $S failed: $(tail -n 5 "$bench_log")"
            tutorial_build=$("$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["machine"]["build"])' <<<"$bench_json")
        fi
        sgemm_one=$(sgemm 1 "$B" "$H")
        sgemm_all=
        (( all_threads <= 1 )) || sgemm_all=$(sgemm "$all_threads" "$B" "$H")

        # One JSON object a line in $points_file, for the table and the report.
        H=$H T=$T B=$B S=$S HELD_OUT=$GRID_HELD_OUT ALL_THREADS=$all_threads \
        PROBE_STEPS=$probe_steps PROBE_ONE=$probe_one PROBE_ALL=$probe_all JAX_THREADS=$jax_threads \
        BENCH_JSON=$bench_json SGEMM_ONE=$sgemm_one SGEMM_ALL=$sgemm_all \
        TORCH_SECONDS="${torch_seconds[*]}" TORCH_ACCURACIES="${torch_accuracies[*]}" \
        JAX_SECONDS="${jax_seconds[*]}" JAX_ACCURACIES="${jax_accuracies[*]}" \
        TUTORIAL_SECONDS="${tutorial_seconds[*]}" TUTORIAL_ACCURACIES="${tutorial_accuracies[*]}" \
        "$PYTHON" - >>"$points_file" <<'PY'
import json, os, statistics

env = os.environ
def numbers(name):
    return [float(value) for value in env[name].split()]
def entry(seconds_name, accuracies_name):
    seconds = numbers(seconds_name)
    return {"seconds": seconds, "median_seconds": statistics.median(seconds),
            "heldout_accuracy": numbers(accuracies_name)}

tutorial = entry("TUTORIAL_SECONDS", "TUTORIAL_ACCURACIES")
jax = entry("JAX_SECONDS", "JAX_ACCURACIES")
jax["threads"] = int(env["JAX_THREADS"])
pytorch = entry("TORCH_SECONDS", "TORCH_ACCURACIES")
jax_ratio = jax["median_seconds"] / tutorial["median_seconds"]
pytorch_ratio = pytorch["median_seconds"] / tutorial["median_seconds"]
probe = {"1": float(env["PROBE_ONE"])}
if env["PROBE_ALL"]:
    probe[env["ALL_THREADS"]] = float(env["PROBE_ALL"])
h, b = int(env["H"]), int(env["B"])
sgemm = {"1": float(env["SGEMM_ONE"])}
if env["SGEMM_ALL"]:
    sgemm[env["ALL_THREADS"]] = float(env["SGEMM_ALL"])
point = {
    "hidden_size": h, "max_length": int(env["T"]), "min_length": 5, "batch_size": b, "steps": int(env["S"]),
    "heldout_size": int(env["HELD_OUT"]),
    "jax_thread_probe": {"steps": int(env["PROBE_STEPS"]), "seconds": probe, "chosen_threads": jax["threads"]},
    "tutorial_process_seconds": tutorial, "jax_train_seconds": jax, "pytorch_train_seconds": pytorch,
    "ratios": {"jax_train_seconds / tutorial_process_seconds": round(jax_ratio, 4),
               "pytorch_train_seconds / tutorial_process_seconds": round(pytorch_ratio, 4)},
    "targets_met": {"jax": jax_ratio >= 1.5, "pytorch": pytorch_ratio >= 3.0},
    "tutorial_bench": None,
    "sgemm": {"shape": "%dx%d times %dx%d" % (b, h, h, 4 * h), "flop": 2 * b * h * 4 * h,
              "gflop_per_second_by_threads": sgemm, "gflop_per_second": max(sgemm.values()),
              "threads": int(max(sgemm, key=sgemm.get))},
}
if env["BENCH_JSON"]:
    report = json.loads(env["BENCH_JSON"])
    training = report["training"]
    point["tutorial_bench"] = {"repeats": report["repeats"], "build": report["machine"]["build"],
                               "training_seconds_median": training["seconds"]["median"],
                               "gflop_per_second_median": training["gflop_per_second"]["median"],
                               "gflop_per_second_best": training["gflop_per_second"]["best"],
                               "core_peak_gflop_per_second": report.get("core_peak_gflop_per_second"),
                               "cores_used": min(2, report["machine"]["cores"])}
print(json.dumps(point))
PY
        "$PYTHON" -c '
import json, sys
point = json.loads(sys.stdin.read().splitlines()[-1])
ratios = list(point["ratios"].values())
print("medians: tutorial %.3f s, jax %.3f s, pytorch %.3f s; jax/tutorial %.2f, pytorch/tutorial %.2f"
      % (point["tutorial_process_seconds"]["median_seconds"], point["jax_train_seconds"]["median_seconds"],
         point["pytorch_train_seconds"]["median_seconds"], ratios[0], ratios[1]))' <"$points_file"
    done

    if [[ -n "$TUTORIAL" ]]; then
        build_record="${tutorial_build:-unknown} (--tutorial $TUTORIAL)"
    else
        build_record="${tutorial_build:-debug} (swift build)"
    fi
    echo
    CPU_MODEL=$cpu_model CPU_CORES=$cores AVX512F=$avx512f AVX2=$avx2 VERSIONS=$versions ALL_THREADS=$all_threads \
    RUNS=$RUNS BUILD=$build_record TUTORIAL_PROGRAM=$tutorial COMMAND="Benchmarks/compare.sh $ARGUMENTS" \
    "$PYTHON" - "$points_file" "$JSON" <<'PY'
import json, os, sys

env = os.environ
points = [json.loads(line) for line in open(sys.argv[1])]
threads = env["ALL_THREADS"]
many = threads != "1"

def mark(met):
    return "✓" if met else "✗"

def threads_words(count):
    return "%d thread%s" % (count, "" if count == 1 else "s")

def gflops_cell(bench):
    """The training GFLOP/s, and its share of two cores' peak where bench measured one core's."""
    if not bench:
        return "—"
    peak = bench.get("core_peak_gflop_per_second")
    if not peak:
        return "%.1f" % bench["gflop_per_second_median"]
    cores = bench.get("cores_used", 2)
    return "%.1f (%.0f%% of peak)" % (bench["gflop_per_second_median"], 100 * bench["gflop_per_second_median"] / (cores * peak))

header = ["H", "T", "B", "steps", "tutorial s", "JAX s", "PyTorch s", "JAX / tutorial", "PyTorch / tutorial",
          "tutorial GFLOP/s", "sgemm GFLOP/s"]
rows = []
for p in points:
    jax = p["jax_train_seconds"]
    ratios = list(p["ratios"].values())
    bench = p["tutorial_bench"]
    row = [str(p["hidden_size"]), str(p["max_length"]), str(p["batch_size"]), str(p["steps"]),
           "%.3f" % p["tutorial_process_seconds"]["median_seconds"],
           "%.3f (%s)" % (jax["median_seconds"], threads_words(jax["threads"])),
           "%.3f" % p["pytorch_train_seconds"]["median_seconds"],
           "%.2f %s" % (ratios[0], mark(p["targets_met"]["jax"])),
           "%.2f %s" % (ratios[1], mark(p["targets_met"]["pytorch"])),
           gflops_cell(bench),
           "%.1f (%s)" % (p["sgemm"]["gflop_per_second"], threads_words(p["sgemm"]["threads"]))]
    rows.append(row)
lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
lines += ["| " + " | ".join(row) + " |" for row in rows]
jax_met = sum(p["targets_met"]["jax"] for p in points)
pytorch_met = sum(p["targets_met"]["pytorch"] for p in points)
runs = int(env["RUNS"])
notes = [
    "Medians of %d run%s per point, the three programs alternating. tutorial s: the whole "
    "`tutorial train --held-out-size 1000 --hidden-size H --max-length T --batch-size B --steps S` process, "
    "wall clock; the tutorial's build: %s. JAX s and PyTorch s: their own clocks around the training loop alone "
    "(JAX with the threads its probe chose, PyTorch on one thread)." % (runs, "" if runs == 1 else "s", env["BUILD"]),
    "Targets (✓ met, ✗ missed): JAX / tutorial ≥ 1.5 at %d of %d points, PyTorch / tutorial ≥ 3 at %d of %d."
    % (jax_met, len(points), pytorch_met, len(points)),
    "tutorial GFLOP/s: `tutorial bench --json` at the point's sizes, training median (the LSTM's recurrent "
    "products over real timesteps, 3 × 2·P·H·4H a step, up to two cores), and in brackets its share of those "
    "cores' peak, as `bench` measures one core's (twelve chains of fused multiply-adds, nothing loaded). "
    "sgemm GFLOP/s: numpy's B×H · H×4H "
    "at the point's sizes, the best of 7 timings on one thread%s." % (" and on %s threads, the faster of the two" % threads if many else ""),
]
table = "\n".join(lines)
print(table)
print()
for note in notes:
    print(note)

if sys.argv[2]:
    report = {
        "kind": "compare.sh --grid",
        "command": env["COMMAND"],
        "machine": {"cpu": env["CPU_MODEL"],
                    "cores": int(env["CPU_CORES"]) if env["CPU_CORES"].isdigit() else None,
                    "cpus_available": int(threads),
                    "avx512f": env["AVX512F"] == "yes", "avx2": env["AVX2"] == "yes",
                    "software": env["VERSIONS"], "tutorial_build": env["BUILD"]},
        "runs": runs,
        "clocks": {
            "tutorial_process_seconds": "wall clock around the whole tutorial train process",
            "jax_train_seconds": "jax's own clock, jit-compiled training loop only",
            "pytorch_train_seconds": "torch's own clock, packed training loop only, 1 thread",
        },
        "targets": {"jax_train_seconds / tutorial_process_seconds": 1.5,
                    "pytorch_train_seconds / tutorial_process_seconds": 3.0},
        "targets_met": {"jax": jax_met, "pytorch": pytorch_met, "points": len(points)},
        "points": points,
        "table_markdown": table + "\n\n" + "\n\n".join(notes) + "\n",
    }
    # Complete or not at all: written beside the target, then renamed over it.
    temporary = sys.argv[2] + ".compare-tmp"
    with open(temporary, "w") as file:
        json.dump(report, file, indent=2, ensure_ascii=False)
        file.write("\n")
    os.replace(temporary, sys.argv[2])
    print("wrote %s" % sys.argv[2], file=sys.stderr)
PY
    exit 0
fi

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

    run_tutorial "$STEPS"
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
