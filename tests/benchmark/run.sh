#!/usr/bin/env bash
# Benchmarks the `ocds` commands against the bare RapidJSON parse + write baseline on the same
# generated inputs, and prints a Markdown table of wall time, throughput and peak RSS.
#
# Environment:
#   BUILD_DIR   where the project was built with -DOCDS_BUILD_BENCHMARKS=ON (default: <repo>/build)
#   BENCH_DIR   where data and outputs go (default: <repo>/bench-data, git-ignored)
#   BENCH_SIZE  size of each generated input: 100M, 1G, ... (default: 1G)
#   BENCH_SEED  generator seed (default: 1)
#   BENCH_RUNS  runs per command; the fastest is reported (default: 1)
#   REGENERATE  1 to regenerate inputs that exist already (default: 0, they are reused)
#   REAL_LIKE   0 to skip the input shaped like real publications, 2 to run only it (default: 1)
#   PEERS       a folder of source snapshots of OCDS Kit and lib-cove-ocds (see README.md): also runs
#               the reference tools on the real-like input, once each, and reports the ratios
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
bench_dir=${BENCH_DIR:-$root/bench-data}
size=${BENCH_SIZE:-1G}
seed=${BENCH_SEED:-1}
runs=${BENCH_RUNS:-1}
regenerate=${REGENERATE:-0}
real_like=${REAL_LIKE:-1}
peers=${PEERS:-}

ocds=$build_dir/src/ocds
generate=$build_dir/tests/benchmark/ocds_bench_generate
baseline=$build_dir/tests/benchmark/ocds_bench_baseline
generate_real_like=$build_dir/tests/benchmark/ocds_bench_real_like

for program in "$ocds" "$generate" "$baseline" "$generate_real_like"; do
    if [[ ! -x $program ]]; then
        echo "run.sh: $program is missing; build with:" >&2
        echo "  cmake -S $root -B $build_dir -DCMAKE_BUILD_TYPE=Release -DOCDS_BUILD_BENCHMARKS=ON && cmake --build $build_dir -j2" >&2
        exit 2
    fi
done

# GNU time gives peak RSS; the shell's `time` keyword does not.
gnu_time=/usr/bin/time
if [[ ! -x $gnu_time ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        apt-get install -y time >/dev/null
    else
        echo "run.sh: GNU time is needed: apt-get install time" >&2
        exit 2
    fi
fi

mkdir -p "$bench_dir/out"
out=$bench_dir/out
log=$bench_dir/run-$size.log
: >"$log"

# --- data --------------------------------------------------------------------------------------

package=$bench_dir/releases-$size.json
lines=$bench_dir/releases-$size.jsonl

make_input() { # FILE SHAPE [--gzip] [GENERATOR]
    local file=$1 shape=$2 generator=${4:-$generate}
    local flags=()
    [[ ${3:-} == --gzip ]] && flags=(--gzip)
    if [[ -s $file && $regenerate != 1 ]]; then
        echo "reusing $file" >&2
        return
    fi
    echo "generating $file" >&2
    local start=$SECONDS
    "$generator" --shape "$shape" --size "$size" --seed "$seed" "${flags[@]}" -o "$file.tmp" 2>>"$log"
    mv "$file.tmp" "$file"
    echo "  $((SECONDS - start)) s" >&2
}

synthetic=("$package" "$lines" "$package.gz" "$lines.gz")
if [[ $real_like == 2 ]]; then
    synthetic=()
else
    make_input "$package" release-package
    make_input "$lines" jsonl
    make_input "$package.gz" release-package --gzip
    make_input "$lines.gz" jsonl --gzip
fi
# Shaped like real publications: JSON Lines of release packages of twelve publisher profiles.
real_packages=$bench_dir/real-like-$size.jsonl
if [[ $real_like != 0 ]]; then
    make_input "$real_packages" packages "" "$generate_real_like"
fi

# --- measurement -------------------------------------------------------------------------------

declare -A megabytes     # input file -> uncompressed MB
declare -A baseline_secs # input file -> seconds of the baseline on it
declare -A baseline_cpu  # input file -> CPU seconds (user + system) of the baseline on it
declare -A wall_of       # "label|input" -> seconds (fastest run)
declare -A cpu_of        # "label|input" -> CPU seconds (least)
rows=()
checks=()

file_megabytes() { # FILE: uncompressed size in MB (10^6 bytes)
    local bytes
    if [[ $1 == *.gz ]]; then
        bytes=$(gzip -dc "$1" | wc -c)
    else
        bytes=$(stat -c %s "$1")
    fi
    awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }'
}

# Runs a command BENCH_RUNS times under GNU time; sets `seconds` (fastest), `rss_mb` (largest)
# `cpu` (the CPU use of the fastest run, in percent of one core: 200 is both cores busy) and
# `cpu_seconds` (the least user + system time of the runs: on a machine shared with other work,
# wall time grows with the load, CPU time much less).
measure() {
    seconds='' rss_mb='' status=0 cpu='' cpu_seconds=''
    local timing=$out/time.txt run
    for ((run = 1; run <= runs; run++)); do
        echo "+ $*" >>"$log"
        local rc=0
        "$gnu_time" -f '%e %M %P %U %S' -o "$timing" "$@" >>"$log" 2>&1 || rc=$?
        if ((rc != 0 && rc != ${allowed_exit:-0})); then
            status=1
        fi
        local s kb percent user system
        read -r s kb percent user system < <(tail -n 1 "$timing")
        echo "= $s s, $kb KB peak RSS, $percent CPU, $user s user, $system s system" >>"$log"
        cpu_seconds=$(awk -v a="$cpu_seconds" -v u="$user" -v y="$system" 'BEGIN { t = u + y; print (a == "" || t < a) ? t : a }')
        if [[ -z $seconds ]] || awk -v a="$seconds" -v b="$s" 'BEGIN { exit !(b < a) }'; then
            cpu=${percent%\%}
        fi
        seconds=$(awk -v a="$seconds" -v b="$s" 'BEGIN { print (a == "" || b < a) ? b : a }')
        rss_mb=$(awk -v a="$rss_mb" -v b="$kb" 'BEGIN { m = b / 1024; print (a == "" || m > a) ? m : a }')
        rm -rf "${out:?}"/*
    done
}

# bench LABEL INPUT COMMAND...: measures one command on one input and records a table row.
bench() {
    local label=$1 input=$2
    shift 2
    echo "running: $label on $(basename "$input")" >&2
    if [[ -z ${megabytes[$input]:-} ]]; then
        megabytes[$input]=$(file_megabytes "$input")
        cat "$input" >/dev/null # every command starts with the input in the page cache
    fi
    measure "$@"
    wall_of["$label|$input"]=$seconds
    cpu_of["$label|$input"]=$cpu_seconds
    local mb=${megabytes[$input]}
    if [[ $label == baseline* && $label != *null* ]]; then
        baseline_secs[$input]=$seconds
        baseline_cpu[$input]=$cpu_seconds
    fi
    local ratio='-' cpu_ratio='-'
    if [[ -n ${baseline_secs[$input]:-} ]]; then
        ratio=$(awk -v b="${baseline_secs[$input]}" -v s="$seconds" 'BEGIN { printf "%.2f", b / s }')
        cpu_ratio=$(awk -v b="${baseline_cpu[$input]}" -v s="$cpu_seconds" 'BEGIN { printf "%.2f", (s > 0) ? b / s : 0 }')
    fi
    local name
    name=$(basename "$input")
    local shown=$label
    [[ $status == 0 ]] || shown="$label **(FAILED, see $log)**"
    rows+=("$(awk -v l="$shown" -v i="$name" -v mb="$mb" -v s="$seconds" -v r="$rss_mb" -v x="$ratio" -v c="$cpu" \
        -v u="$cpu_seconds" -v y="$cpu_ratio" \
        'BEGIN { printf "| %s | %s | %.0f | %.2f | %.1f | %.1f | %s | %.2f | %s | %s |", l, i, mb, s, mb / s, r, c, u, x, y }')")
    if [[ $input == "$real_packages" && ($label == validate* || $label == compile*) ]]; then
        # The issue's targets on real-shaped data: validate --format json at 30x lib-cove-ocds'
        # throughput (107 MB in 53.7 s: 2.0 MB/s, so 60 MB/s); compile at 15x OCDS Kit's 10 MB/s.
        local target=0
        [[ $label == "validate --format json" ]] && target=60
        [[ $label == compile ]] && target=150
        checks+=("$(awk -v l="$label" -v n="$name" -v mb="$mb" -v s="$seconds" -v c="$cpu" -v u="$cpu_seconds" \
            -v bs="${baseline_secs[$input]:-0}" -v bc="${baseline_cpu[$input]:-0}" -v t="$target" 'BEGIN {
                printf "- %s on %s: %.1f MB/s, CPU %s %% (both cores: 200), %.2fx the baseline'"'"'s time, %.2fx its CPU time", l, n, mb / s, c, (bs > 0) ? s / bs : 0, (bc > 0) ? u / bc : 0
                if (t > 0) printf "; the issue'"'"'s figure, %d MB/s (from the peers'"'"' speed on its machine; PEERS gives the ratio in this run): **%s**", t, (mb / s >= t) ? "met" : "MISSED"
                printf "\n" }')")
    elif [[ $label == validate ]]; then
        checks+=("- validate on $name: peak RSS $(printf '%.1f' "$rss_mb") MB (< 150), $(awk -v mb="$mb" -v s="$seconds" 'BEGIN { printf "%.1f", mb / s }') MB/s (>= 75, 30x lib-cove-ocds's 2.5 MB/s)")
    fi
    if [[ $label == compile* ]]; then
        checks+=("- $label on $name: peak RSS $(printf '%.1f' "$rss_mb") MB, $(awk -v x="$ratio" 'BEGIN { printf "%.2f", (x == "-" || x == 0) ? 0 : 1 / x }')x the baseline's time")
    fi
    if [[ ($label == detect-format || $label == package*) && $input != *.gz ]]; then
        local verdict
        verdict=$(awk -v r="$rss_mb" -v x="$ratio" -v ok="$status" \
            'BEGIN { print (ok == 0 && r < 100 && x != "-" && x >= 0.5) ? "met" : "MISSED" }')
        checks+=("- $label on $name: peak RSS $(printf '%.1f' "$rss_mb") MB (< 100), throughput ${ratio}x the baseline (>= 0.5): **$verdict**")
    fi
}

meta=(--uri https://example.org/releases.json --publisher-name 'Municipio de San Pedro Garza García'
      --published-date 2024-01-01T00:00:00Z)

# The baseline runs first on each input so that the other rows can be compared with it.
for input in "${synthetic[@]}"; do
    bench baseline "$input" "$baseline" "$input" "$out/baseline.jsonl"
    bench "baseline (to /dev/null)" "$input" "$baseline" "$input" /dev/null
    bench detect-format "$input" "$ocds" detect-format "$input"
    bench "package releases" "$input" "$ocds" package releases "${meta[@]}" "$input" -o "$out/package.json" -O
    # The generated data has invalid releases on purpose, so validate exits 1: not a failure here.
    allowed_exit=1 bench validate "$input" "$ocds" validate -q --schema-version 1.1 "$input"
    if [[ $input == "$package" ]]; then
        bench combine "$input" "$ocds" combine "$input" -o "$out/combine.json" -O
        bench "split --max-items 100000" "$input" "$ocds" split --max-items 100000 "$input" -o "$out/split-{n}.json" -O
        bench compile "$input" "$ocds" compile "$input" -o "$out/compiled.jsonl" -O
        bench "compile --versioned" "$input" "$ocds" compile --versioned "$input" -o "$out/versioned.jsonl" -O
        bench "compile --package --versioned" "$input" "$ocds" compile --package --versioned "${meta[@]}" "$input" \
            -o "$out/records.json" -O
    fi
done
if [[ $real_like != 0 ]]; then
    input=$real_packages
    bench baseline "$input" "$baseline" "$input" "$out/baseline.jsonl"
    bench "baseline (to /dev/null)" "$input" "$baseline" "$input" /dev/null
    # Real publications are invalid: validate exits 1 on them.
    allowed_exit=1 bench "validate" "$input" "$ocds" validate -q "$input"
    allowed_exit=1 bench "validate --format json" "$input" \
        bash -c '"$0" validate -q --format json "$1" > "$2"' "$ocds" "$input" "$out/report.json"
    # Some processes cannot be merged (an array in one release, an object in the next): exit 1.
    allowed_exit=1 bench compile "$input" "$ocds" compile "$input" -o "$out/compiled.jsonl" -O
    allowed_exit=1 bench "compile --package --versioned" "$input" "$ocds" compile --package --versioned "${meta[@]}" \
        "$input" -o "$out/records.json" -O
fi

# The reference tools on the same bytes, once each (they take a minute or more): OCDS Kit's
# compile on what it can take whole (kit_input.py: the 1.1 packages without the processes that
# neither tool can merge), lib-cove-ocds on every package of the real-like input.
peer_checks=()
if [[ $real_like != 0 && -n $peers ]]; then
    python=/usr/bin/python3 # Debian's, with Debian's python3-ijson, -jsonschema, -requests, -rfc3987
    if ! "$python" -c 'import ijson, jsonschema, requests, rfc3987' 2>/dev/null; then
        if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
            apt-get install -y python3-ijson python3-jsonschema python3-requests python3-rfc3987 >/dev/null
        else
            echo "run.sh: PEERS needs apt-get install python3-ijson python3-jsonschema python3-requests python3-rfc3987" >&2
            exit 2
        fi
    fi
    peer_dir=$root/tests/benchmark/peers
    kit_input=$bench_dir/real-like-$size-kit.jsonl
    kit_schema=$bench_dir/real-like-$size-kit-schema.json
    if [[ ! -s $kit_input || $kit_input -ot $real_packages || $regenerate == 1 ]]; then
        echo "making $kit_input" >&2
        "$python" "$peer_dir/kit_input.py" "$peers" "$real_packages" "$kit_input.tmp" "$kit_schema"
        mv "$kit_input.tmp" "$kit_input"
    fi
    bench baseline "$kit_input" "$baseline" "$kit_input" "$out/baseline.jsonl"
    bench compile "$kit_input" "$ocds" compile "$kit_input" -o "$out/compiled.jsonl" -O
    # Outside $out, which measure() empties: the two outputs are compared below.
    runs=1 bench "OCDS Kit compile" "$kit_input" bash -c '"$0" "$1" "$2" --schema "$3" < "$4" > "$5"' \
        "$python" "$peer_dir/kit_compile.py" "$peers" "$kit_schema" "$kit_input" "$bench_dir/kit-compiled.jsonl"
    "$ocds" compile -q "$kit_input" -o "$bench_dir/ocds-compiled.jsonl" -O
    peer_checks+=("- the two compile outputs: $("$python" "$peer_dir/same_compiled.py" "$bench_dir/ocds-compiled.jsonl" \
        "$bench_dir/kit-compiled.jsonl" || true)")
    runs=1 allowed_exit=0 bench "lib-cove-ocds" "$real_packages" \
        "$python" "$peer_dir/libcove_validate.py" "$peers" "$real_packages" "$out/libcove.jsonl"
    # ratio LABEL TOOL PEER INPUT TARGET: the tool's throughput over the peer's, by wall and CPU time.
    ratio() {
        local key="$2|$4" peer="$3|$4"
        awk -v l="$1" -v tw="${wall_of[$key]}" -v pw="${wall_of[$peer]}" -v tc="${cpu_of[$key]}" \
            -v pc="${cpu_of[$peer]}" -v t="$5" -v n="$(basename "$4")" 'BEGIN {
                printf "- %s on %s: %.1fx by wall time (%.2f s against %.2f s), %.1fx by CPU time (%.2f s against %.2f s); target %dx: **%s**\n",
                    l, n, pw / tw, tw, pw, pc / tc, tc, pc, t, (pw / tw >= t) ? "met" : "MISSED" }'
    }
    peer_checks+=("$(ratio "compile against OCDS Kit" compile "OCDS Kit compile" "$kit_input" 15)")
    peer_checks+=("$(ratio "validate --format json against lib-cove-ocds" "validate --format json" lib-cove-ocds \
        "$real_packages" 30)")
fi
rm -rf "$out"

# --- report ------------------------------------------------------------------------------------

echo
echo "Inputs: BENCH_SIZE=$size, seed $seed, $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'),"
echo "$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM; $runs run(s) per command, fastest shown; warm page cache."
echo "MB: uncompressed input, 10^6 bytes. vs baseline: throughput / the baseline's on the same input."
echo "CPU s: user + system seconds (the least of the runs); vs baseline (CPU s): the baseline's CPU time / this one's."
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (wall times are only comparable on an idle machine)."
echo
echo "| command | input | MB | s | MB/s | peak RSS MB | CPU % | CPU s | vs baseline | vs baseline (CPU s) |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "Targets (detect-format and package on the uncompressed inputs), and compile:"
printf '%s\n' "${checks[@]}"
if ((${#peer_checks[@]} > 0)); then
    echo
    echo "Against the reference tools, measured in this run:"
    printf '%s\n' "${peer_checks[@]}"
fi
