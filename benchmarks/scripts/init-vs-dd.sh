#!/usr/bin/env bash
# init end to end against dd of the same bytes to the same place, in one run (issue "Speed where
# users call it", item 2). Wall seconds, JVM starts included; every output is removed before the
# next run, and the runs alternate (dd, then each jar), so all meet the same file system state.
#   bash benchmarks/scripts/init-vs-dd.sh [DIR] [RUNS] [-- extra init arguments]
# DIR defaults to /dev/shm (tmpfs), RUNS to 3. JARS (environment) lists the jars to compare,
# default target/weightinit.jar (mvn -B -q package -DskipTests). dd writes with bs=1M, fsync'ed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
dir=${1:-/dev/shm}
runs=${2:-3}
shift $(( $# < 2 ? $# : 2 ))
[ "${1:-}" = "--" ] && shift
extra=("$@")
read -r -a jars <<<"${JARS:-target/weightinit.jar}"
work=$(mktemp -d)
trap 'rm -rf "$work" "$dir"/wi-bench-*' EXIT
python3 benchmarks/scripts/billion-spec.py bfloat16 "$work/big.json" # 1.07B parameters, 2 GiB
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; return 1; }; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
case_run() { # name, init arguments...
  local name=$1; shift
  local out="$dir/wi-bench-$name.safetensors"
  java -jar "${jars[0]}" init "$@" "${extra[@]}" --out "$out" --progress none --no-summary >/dev/null 2>&1
  local bytes; bytes=$(stat -c %s "$out"); rm -f "$out"
  local mib=$(( (bytes + 1048575) / 1048576 ))
  for r in $(seq "$runs"); do
    local d line
    d=$(seconds dd if=/dev/zero of="$dir/wi-bench-dd" bs=1M count="$mib" conv=fsync status=none); rm -f "$dir/wi-bench-dd"
    line=$(printf '%-11s %5d MiB  dd %5.2f s' "$name" "$mib" "$d")
    for jar in "${jars[@]}"; do
      local i; i=$(seconds java -jar "$jar" init "$@" "${extra[@]}" --out "$out" --progress none --no-summary); rm -f "$out"
      line+=$(printf '  %s %5.2f s (%.2fx dd)' "$(basename "$jar")" "$i" "$(echo "$i / $d" | bc -l)")
    done
    echo "$line"
  done
}
case_run big-bf16 --spec "$work/big.json"
case_run gpt2-small --preset gpt2-small --seed 1
