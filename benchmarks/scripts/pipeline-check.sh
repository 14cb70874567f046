#!/usr/bin/env bash
# Issue "The init pipeline at the engine's speed", measured in one call on any machine: this one, or
# a lent GPU machine (build and carry the bundle first: benchmarks/scripts/device-bundle.sh).
#   bash benchmarks/scripts/pipeline-check.sh [OUT]
# In one run, on every backend (the Java fallback; the best OpenCL device when there is one):
#   1. PipelineBenchmark (JMH, warm): fill alone, write alone and the whole init of SIZE values,
#      bfloat16 and float32, to tmpfs (and to DISK when set): init as a ratio of its serial limit
#      1/(1/fill + 1/write);
#   2. one-shot `init --spec` of 8 x 4096 x 32768 random_normal (1.07B values), bfloat16 and float32,
#      the rate the summary prints (JVM start excluded), against the same serial limit;
#   3. GenerateBenchmark on the OpenCL device: generate() against fill (item 3).
# Logs, JMH JSON and summary.md go to OUT ($OUT on the device machine, else a new folder).
# Environment: JAVA (default .jre/bin/java when present, else java), SIZE (default 268435456),
# DISK (a folder on a disk to time besides tmpfs), JMH (JMH's iteration flags, default
# "-f 1 -wi 2 -i 3 -w 1 -r 1"), STEP_SECONDS (each step's time limit, default 240).
# On 2 cores the defaults take about 7 minutes; on the 16-core GPU machine they should fit one
# 600 s device call without DISK (each DISK step adds a second pass of the JMH run and of the one-shots).
set -uo pipefail # not -e: a step that fails is reported, and the others still run
out=${1:-${OUT:-$(mktemp -d)}}
mkdir -p "$out"
out=$(cd "$out" && pwd) # as the caller named it, before the cd below
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# A rerun into the same folder must not report an earlier run's figures for a step that fails now.
rm -f "$out"/pipeline.json "$out"/generate.json "$out"/oneshot.tsv "$out"/summary.md "$out"/*.log
dirs="" # the folders timed, set below
remove_outputs() { # a one-shot's output, should the script be stopped mid-run
  local d
  for d in ${dirs//,/ }; do rm -f "$d/wi-pipeline-check-$$.safetensors"; done
}
trap remove_outputs EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
java=${JAVA:-$( [ -x .jre/bin/java ] && echo .jre/bin/java || echo java )}
size=${SIZE:-268435456}
jmh=${JMH:--f 1 -wi 2 -i 3 -w 1 -r 1}
limit=${STEP_SECONDS:-240}
java_home=$(cd "$(dirname "$(readlink -f "$(command -v "$java")")")/.." && pwd)
tmpfs=/dev/shm
[ -d "$tmpfs" ] && [ -w "$tmpfs" ] || tmpfs=${TMPDIR:-/tmp}
log() { echo "$*" >>"$out/summary.md"; }
step() { # name, command...: runs with the step limit, output to OUT/name.log, status to the summary
  local name=$1; shift
  # --foreground: the step stays in the script's process group, so Ctrl-C reaches it (and the tool
  # removes what it was writing) instead of only the script, which would wait and go on.
  timeout --foreground "$limit" "$@" >"$out/$name.log" 2>&1
  local rc=$?
  [ $rc -eq 0 ] || log "- step \`$name\` exited $rc (see $name.log)"
  # Stopped by Ctrl-C or a TERM: the tool exits 130 / 143 itself, so bash would not stop on its own.
  if [ $rc -eq 130 ] || [ $rc -eq 143 ]; then
    exit $rc
  fi
  return $rc
}

# An NVIDIA machine may lack the ICD loader, or the vendor file that names its OpenCL driver.
if ! ldconfig -p 2>/dev/null | grep -q 'libOpenCL\.so\.1' && [ -f target/device/ocl/libOpenCL.so.1 ]; then
  export LD_LIBRARY_PATH=$PWD/target/device/ocl${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi
if ! ls /etc/OpenCL/vendors/*nvidia* >/dev/null 2>&1; then
  nvidia=$( (ldconfig -p 2>/dev/null | awk '/libnvidia-opencl\.so\.1/ {print $NF; exit}'; \
    ls /usr/lib/x86_64-linux-gnu/libnvidia-opencl.so.1 /usr/local/nvidia/lib64/libnvidia-opencl.so.1 2>/dev/null) | head -1)
  if [ -n "$nvidia" ]; then
    mkdir -p "$out/vendors"
    echo "$nvidia" >"$out/vendors/nvidia.icd"
    export OCL_ICD_VENDORS=$out/vendors
  fi
fi
# JOCL and the JVM share signals: the tool's own launcher arranges it; JMH's JVMs need it given.
jsig=$java_home/lib/libjsig.so

: >"$out/summary.md"
log "# Pipeline check, $(date -u +%FT%TZ)"
log ""
log "- machine: $(nproc) processors, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB"
command -v nvidia-smi >/dev/null && log "- GPU: $(nvidia-smi -L 2>/dev/null | head -1)"
log "- java: $("$java" -version 2>&1 | head -1); SIZE=$size; JMH=\"$jmh\"; tmpfs: $tmpfs${DISK:+; disk: $DISK}"
# Certify first (exit 1 if a device fails), so that auto uses the device and no timed run certifies.
step certify "$java" -jar target/weightinit.jar certify
step devices "$java" -jar target/weightinit.jar devices
devices="cpu"
grep -q '^opencl:' "$out/devices.log" && devices="cpu,opencl"
log "- backends: $devices"
log ""

cp=target/device/classes:target/weightinit.jar:target/device/lib/*
dirs=$tmpfs
[ -n "${DISK:-}" ] && dirs+=,$DISK
# shellcheck disable=SC2086 # JMH's flags are words
step pipeline env LD_PRELOAD="$jsig" "$java" --add-modules jdk.incubator.vector -cp "$cp" org.openjdk.jmh.Main PipelineBenchmark \
  -p device="$devices" -p dtype=bfloat16,float32 -p elements="$size" -p dir="$dirs" $jmh -rf json -rff "$out/pipeline.json"
if [ "$devices" = "cpu,opencl" ]; then
  # shellcheck disable=SC2086
  step generate env LD_PRELOAD="$jsig" "$java" --add-modules jdk.incubator.vector -cp "$cp" org.openjdk.jmh.Main GenerateBenchmark \
    -p backend=opencl $jmh -jvmArgsAppend -XX:+AlwaysPreTouch -rf json -rff "$out/generate.json" # a heap already faulted in, as a long-lived one is
fi

for dtype in bfloat16 float32; do
  python3 benchmarks/scripts/billion-spec.py "$dtype" "$out/spec-$dtype.json"
done
: >"$out/oneshot.tsv"
for dir in ${dirs//,/ }; do
  for dtype in bfloat16 float32; do
    for device in ${devices//,/ }; do
      flag=$([ "$device" = opencl ] && echo auto || echo cpu)
      target="$dir/wi-pipeline-check-$$.safetensors"
      name="oneshot-$device-$dtype-$(basename "$dir")"
      step "$name" "$java" -jar target/weightinit.jar init --spec "$out/spec-$dtype.json" \
        --device "$flag" --progress none --out "$target"
      rm -f "$target"
      line=$(grep -h '^total:' "$out/$name.log")
      printf '%s\t%s\t%s\t%s\n' "$device" "$dtype" "$dir" "$line" >>"$out/oneshot.tsv"
    done
  done
done

python3 - "$out" "$tmpfs" >>"$out/summary.md" <<'PY'
import json, os, re, sys
out, tmpfs = sys.argv[1], sys.argv[2]
def load(name):
    path = os.path.join(out, name)
    return json.load(open(path)) if os.path.exists(path) else []
ms = {}
for r in load("pipeline.json"):
    p = r["params"]
    ms[(p["device"], p["dtype"], p["dir"], p["stage"])] = r["primaryMetric"]["score"]
print("## Warm (PipelineBenchmark, ms per op, JMH means)\n")
print("| backend | dtype | folder | fill | write | serial limit | init | init / serial limit |")
print("|---|---|---|---:|---:|---:|---:|---:|")
limits = {}
for (device, dtype, folder, stage) in sorted(k for k in ms if k[3] == "init"):
    f, w, i = (ms.get((device, dtype, folder, s)) for s in ("fill", "write", "init"))
    if None in (f, w, i):
        continue
    limits[(device, dtype, folder)] = f + w
    print(f"| {device} | {dtype} | {folder} | {f:.1f} | {w:.1f} | {f + w:.1f} | {i:.1f} | **{(f + w) / i:.2f}** |")
print("\n## One-shot `init` (8 x 4096 x 32768 random_normal; the rate the summary prints)\n")
print("| backend | dtype | folder | init rate | serial limit (warm, from above) | init / serial limit |")
print("|---|---|---|---:|---:|---:|")
size_bytes = {}
for r in load("pipeline.json"):
    p = r["params"]
    size_bytes[p["dtype"]] = int(p["elements"]) * (2 if p["dtype"] == "bfloat16" else 4)
for line in open(os.path.join(out, "oneshot.tsv")):
    device, dtype, folder, total = line.rstrip("\n").split("\t")
    m = re.search(r"([\d.]+) GB/s", total)
    rate = float(m.group(1)) if m else None
    lim = limits.get((device, dtype, folder))
    lim_rate = size_bytes.get(dtype, 0) / (lim / 1e3) / 1e9 if lim else None
    cells = [f"{rate:.3f} GB/s" if rate else "failed", f"{lim_rate:.3f} GB/s" if lim_rate else "n/a",
             f"**{rate / lim_rate:.2f}**" if rate and lim_rate else "n/a"]
    print(f"| {device} | {dtype} | {folder} | " + " | ".join(cells) + " |")
gen = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["score"] for r in load("generate.json")}
if gen:
    print("\n## generate() against fill on the OpenCL device (GenerateBenchmark, ms per op)\n")
    print("| call | ms | fill / call |")
    print("|---|---:|---:|")
    for call, fill in (("generateFloats", "fillFloats"), ("generateBfloat16", "fillBfloat16"), ("generateBytesBfloat16", "fillBfloat16")):
        if call in gen and fill in gen:
            print(f"| {call} | {gen[call]:.2f} | **{gen[fill] / gen[call]:.2f}** |")
PY
cat "$out/summary.md"
echo "results in $out"
