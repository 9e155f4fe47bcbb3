#!/bin/bash
# Folder mode per further frame, fresh JVM per run (docs/benchmarks.md, "Folder mode two frames at a time"): each jar of JARS restores
# a 1-frame and an N-frame synthetic film (MovingFrames, N = FILM_FRAMES, default 40) with faces followed, the
# jars interleaved, ROUNDS rounds (default 3). Printed per run: the wall times, "per further frame" =
# (N-frame total - 1-frame total) / (N - 1), and "steady" = the time between the first and the last output
# file written over N - 1 (no JVM start or model loading in it). Needs ../shared/data/celeba-faces and a warm cache (run tools/bench-cli-startup.sh first,
# or any restore with ASFFNET_CACHE=$BENCH_DIR/cache1 on the same album). An entry of JARS may carry restore
# options after an @, comma-separated: JARS="a.jar a.jar@--threads=1" compares one jar at two settings.
cd "$(dirname "$0")/.."
JARS=${JARS:-asffnet-examples/target/asffnet-cli.jar}
B=${BENCH_DIR:-/tmp/asffnet-bench}
N=${FILM_FRAMES:-40}
first=${JARS%% *}
mkdir -p $B/album
if [ -z "$(ls $B/album 2>/dev/null)" ]; then ls ../shared/data/celeba-faces/7201/*.jpg | head -10 | tail -n +2 | xargs -I{} cp {} $B/album/; fi
rm -rf $B/filmN $B/film1N
java -cp ${first%%@*} dev.asffnet.examples.bench.MovingFrames $(ls ../shared/data/celeba-faces/7201/*.jpg | head -1) $N $B/filmN
mkdir -p $B/film1N; cp $B/filmN/frame00.png $B/film1N/
film() { # jar[@options] dir
  rm -rf $B/outN; mkdir -p $B/outN
  local jar=${1%%@*} opts=""
  [ "$jar" != "$1" ] && opts=${1#*@} && opts=${opts//,/ }
  local s=$(date +%s%N)
  ASFFNET_CACHE=$B/cache1 java -jar $jar restore --input $2 --exemplars $B/album --output $B/outN $opts >/dev/null 2>$B/err || { echo FAIL; cat $B/err; }
  echo "$(( ($(date +%s%N) - s) / 1000000 ))"
}
steady() { # ms per frame between the first and the last output file of the last run
  find $B/outN -name '*.png' -printf '%T@\n' | sort -n | awk 'NR==1{a=$1} {b=$1; n=NR} END{printf "%.1f", 1000*(b-a)/(n-1)}'
}
for j in $JARS; do film $j $B/film1N >/dev/null; done    # warm the cache and the page cache
for r in $(seq ${ROUNDS:-3}); do
  for j in $JARS; do
    one=$(film $j $B/film1N); all=$(film $j $B/filmN)
    echo "$j 1-frame $one $N-frames $all per-further-frame $(( (all - one) / (N - 1) )) steady $(steady)"
  done
done
