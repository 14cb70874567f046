#!/usr/bin/env bash
# Builds, on this machine, what a lent GPU machine needs to run benchmarks/scripts/pipeline-check.sh
# (that machine has no Java and no Maven; see shared/GPU.md):
#   .jre/                  a jlink'ed Java runtime with the modules the tool and JMH use
#   target/weightinit.jar  the tool (mvn -B -q package -DskipTests, built here if missing)
#   target/device/         the JMH benchmarks (classes and BenchmarkList), their three libraries, and
#                          this machine's OpenCL ICD loader (libOpenCL.so.1), for a machine without one
# Carry exactly those three paths (the device tool's `carry`: [".jre", "target/weightinit.jar",
# "target/device"]); together they must stay under the 64 MiB a run may carry, which is checked.
# java.desktop (bench --report's charts) is left out to fit; WITH_DESKTOP=1 adds it.
#   bash benchmarks/scripts/device-bundle.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if [ ! -f target/weightinit.jar ] || [ ! -f target/test-classes/META-INF/BenchmarkList ]; then
  mvn -B -q package -DskipTests # also compiles the benchmarks (test sources) and their BenchmarkList
fi
modules=java.base,java.logging,java.management,jdk.management,jdk.unsupported,jdk.incubator.vector,java.scripting,java.sql,jdk.jfr
[ "${WITH_DESKTOP:-0}" = 1 ] && modules+=,java.desktop
rm -rf .jre target/device
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output .jre
mkdir -p target/device/classes/dev/weightinit target/device/lib target/device/ocl
cp -r target/test-classes/META-INF target/device/classes/
cp -r target/test-classes/dev/weightinit/benchmarks target/device/classes/dev/weightinit/
# JMH and what it needs at run time, at the versions the build resolved (library-pom.xml).
mvn -B -q -f library-pom.xml dependency:copy-dependencies -DincludeScope=test \
  -DincludeArtifactIds=jmh-core,jopt-simple,commons-math3 -DoutputDirectory=target/device/lib
loader=$(ldconfig -p | awk '/libOpenCL\.so\.1 .*x86-64/ {print $NF; exit}')
if [ -n "$loader" ]; then
  cp -L "$loader" target/device/ocl/libOpenCL.so.1
else
  echo "note: no libOpenCL.so.1 here to carry; the GPU machine must have its own loader" >&2
fi
bytes=$(du -scb .jre target/weightinit.jar target/device | awk 'END {print $1}')
limit=$((64 << 20))
printf 'bundle: %.1f MiB (.jre %s, weightinit.jar %s, device %s)\n' "$(echo "$bytes / 1048576" | bc -l)" \
  "$(du -sh .jre | cut -f1)" "$(du -sh target/weightinit.jar | cut -f1)" "$(du -sh target/device | cut -f1)"
if [ "$bytes" -ge "$limit" ]; then
  echo "error: the bundle is $bytes bytes, over the $limit a device run may carry" >&2
  exit 1
fi
