#!/usr/bin/env bash
# Measures the engine's training speed at hidden sizes H = 32 to 512 and
# records it in Benchmarks/hidden-sweep.json, the file chapter 7 plots.
#
#   Benchmarks/hidden-sweep.sh [--repeat N] [--steps N] [--tutorial PATH] [--json FILE]
#
# For each H it runs `tutorial bench --json --hidden-size H --steps N
# --repeat N` and keeps the training figures: the median GFLOP/s (the LSTM's
# matrix work divided by the time, as `tutorial bench` counts it) and the
# median seconds of the N training steps, beside the forward product h·W_h
# alone on one core (W_h in the caches and from memory) and one core's peak
# (the median of the points' probes), as `bench` measures them. The other defaults (batch 64,
# sequences of up to 20) stay as the training chapter has them, so the only
# thing that changes from point to point is the size of the weights: W_h is
# H×4H floats, 16 KiB at H = 32 and 4 MiB at H = 512.
#
# The tutorial is built in release mode (`swift build -c release --product
# tutorial`), unless --tutorial PATH names a program to measure instead.
# The file says which machine and which command measured it:
#
#   {"machine": {...}, "command": "...", "core_peak_gflops": P,
#    "points": [{"hidden": H, "gflops": G, "seconds": S, "product_in_cache_gflops": C,
#                "product_from_memory_gflops": M}, ...]}
#
# The machines are shared and noisy: compare points measured in one run.
set -euo pipefail

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}
fail() { echo "error: $*" >&2; exit 1; }

REPEAT=3
STEPS=200
TUTORIAL=
JSON=Benchmarks/hidden-sweep.json
SIZES=(32 64 128 192 256 384 512)
while (( $# > 0 )); do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --repeat|--steps|--tutorial|--json)
            (( $# >= 2 )) || fail "$1 needs a value"
            case "$1" in
                --repeat) REPEAT=$2 ;;
                --steps) STEPS=$2 ;;
                --tutorial) TUTORIAL=$2 ;;
                --json) JSON=$2 ;;
            esac
            shift 2 ;;
        *) fail "unknown argument '$1'" ;;
    esac
done
[[ "$REPEAT" =~ ^[1-9][0-9]{0,2}$ ]] || fail "--repeat must be a whole number from 1 to 999, not '$REPEAT'"
[[ "$STEPS" =~ ^[1-9][0-9]{0,5}$ ]] || fail "--steps must be a whole number from 1 to 999999, not '$STEPS'"
[[ "$JSON" == /* ]] || JSON="$PWD/$JSON"
# An existing --json FILE is replaced only if it is an earlier report of this script.
[[ ! -L "$JSON" ]] || fail "--json $JSON is a symbolic link; give a new file, or one this script wrote"
if [[ -e "$JSON" ]]; then
    python3 - "$JSON" <<'PY' || fail "--json $JSON exists and is not a report of this script; it is left as it is"
import json, sys
try:
    with open(sys.argv[1]) as file:
        report = json.load(file)
    ours = isinstance(report, dict) and "points" in report and str(report.get("command", "")).startswith(
        "Benchmarks/hidden-sweep.sh")
except (OSError, ValueError):
    ours = False
sys.exit(0 if ours else 1)
PY
fi
[[ -d "$(dirname "$JSON")" ]] || fail "--json $JSON: no such folder"
# Before minutes of measuring: can a file be made beside it? (Tried, not read from the mode bits.)
python3 -c 'import os, sys, tempfile; d, p = tempfile.mkstemp(dir=sys.argv[1]); os.close(d); os.unlink(p)' \
    "$(dirname "$JSON")" 2>/dev/null || fail "--json $JSON: cannot write in $(dirname "$JSON")"
if [[ -n "$TUTORIAL" ]]; then
    [[ "$TUTORIAL" == /* ]] || TUTORIAL="$PWD/$TUTORIAL"
    [[ -f "$TUTORIAL" && -x "$TUTORIAL" ]] || fail "--tutorial $TUTORIAL: no such program"
fi

cd "$(dirname "$0")/.."
if [[ -n "$TUTORIAL" ]]; then
    tutorial=$TUTORIAL
else
    echo "building: swift build -c release --product tutorial" >&2
    swift build -c release --product tutorial >&2
    tutorial="$(swift build -c release --show-bin-path)/tutorial"
fi

reports=()
for hidden in "${SIZES[@]}"; do
    echo "H = $hidden: tutorial bench --json --hidden-size $hidden --steps $STEPS --repeat $REPEAT" >&2
    reports+=("$("$tutorial" bench --json --hidden-size "$hidden" --steps "$STEPS" --repeat "$REPEAT" 2>/dev/null)")
done

COMMAND="Benchmarks/hidden-sweep.sh --repeat $REPEAT --steps $STEPS (tutorial bench --json --hidden-size H --steps $STEPS --repeat $REPEAT, release build)" \
python3 - "$JSON" "${reports[@]}" <<'PY'
import json, os, sys, tempfile

target, reports = sys.argv[1], [json.loads(text) for text in sys.argv[2:]]
machine = reports[0]["machine"]
def point(report):
    """A point of the sweep; the product's figures where the tutorial measured them (older builds did not)."""
    figures = {"hidden": report["hidden_size"],
               "gflops": round(report["training"]["gflop_per_second"]["median"], 2),
               "seconds": round(report["training"]["seconds"]["median"], 4)}
    if report.get("product"):
        figures["product_from_memory_gflops"] = round(report["product"]["from_memory_gflop_per_second"], 2)
        figures["product_in_cache_gflops"] = round(report["product"]["in_cache_gflop_per_second"], 2)
    return figures

points = [point(report) for report in reports]
sweep = {"machine": machine, "command": os.environ["COMMAND"],
         "steps": reports[0]["training"]["count"], "batch_size": reports[0]["batch_size"]}
peaks = sorted(report["core_peak_gflop_per_second"] for report in reports if report.get("core_peak_gflop_per_second"))
if len(peaks) == len(reports):
    sweep["core_peak_gflops"] = round(peaks[len(peaks) // 2], 2)
sweep["points"] = points
# A temporary file of our own beside the target, then a rename: a reader never sees half a file.
try:
    descriptor, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".hidden-sweep-", suffix=".tmp")
except OSError as error:
    sys.exit("error: --json %s: cannot write in its folder: %s" % (target, error.strerror or error))
try:
    with os.fdopen(descriptor, "w") as file:
        json.dump(sweep, file, indent=2)
        file.write("\n")
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)
except OSError as error:
    os.unlink(temporary)
    sys.exit("error: --json %s: cannot write it: %s" % (target, error.strerror or error))
except BaseException:
    os.unlink(temporary)
    raise
for figures in points:
    line = "H = %4d  %8.2f GFLOP/s  %8.4f s" % (figures["hidden"], figures["gflops"], figures["seconds"])
    if "product_in_cache_gflops" in figures:
        line += "  (h·W_h alone, one core: %.2f in cache, %.2f from memory)" % (
            figures["product_in_cache_gflops"], figures["product_from_memory_gflops"])
    print(line)
if "core_peak_gflops" in sweep:
    print("one core's peak (median of the points' probes): %.2f GFLOP/s" % sweep["core_peak_gflops"])
PY
echo "wrote $JSON" >&2
