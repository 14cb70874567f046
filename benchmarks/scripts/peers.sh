#!/usr/bin/env bash
# weightinit beside its peers, one run (RESULTS.md): the JMH suite's Java fallback and OpenCL device
# at 16M uniform, normal and truncated normal samples, Keras' HeNormal through generate(shape) and
# fill, Commons RNG, java.util.Random and TF-Java's HeNormal and GlorotUniform in the same JMH run,
# then NumPy's Philox and PCG64 (benchmarks/scripts/numpy-peers.py) on the same machine.
#   bash benchmarks/scripts/peers.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# Every fork pre-touches its 6 GiB heap, as a long-running JVM's heap is: otherwise each new array's
# first touch of fresh memory (page faults, slow on this VM) is timed with the call that allocates it.
mvn -B -q -Pbench -DskipTests verify -f library-pom.xml -Djmh.args="-f 1 -wi 3 -w 1 -i 5 -r 1 -jvmArgsAppend -XX:+AlwaysPreTouch \
  -p size=16777216 -p distribution=NORMAL,UNIFORM,TRUNCATED_NORMAL -p threads=0 -p generator=fastest \
  -p transform=NORMAL,UNIFORM,TRUNCATED_NORMAL -p backend=cpu,opencl \
  JavaFallbackBenchmark.fill OpenClBenchmark.generate GenerateBenchmark.generateFloats GenerateBenchmark.fillFloats \
  PeerBenchmark.zigguratL64X128Mix PeerBenchmark.randomNextGaussian PeerBenchmark.l64X128MixNextFloat TfJavaPeerBenchmark"
python3 benchmarks/scripts/numpy-peers.py 16777216 7
