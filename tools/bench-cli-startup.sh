#!/bin/bash
# CLI restore wall time, fresh JVM per run (docs/benchmarks.md, "CLI start-up"): before-like (1 thread,
# nothing cached) vs after (empty cache, then the same cache again), single photo and folder mode.
# Needs ../shared/data/celeba-faces and asffnet-examples/target/asffnet-cli.jar.
cd "$(dirname "$0")/.."
JAR=${JAR:-asffnet-examples/target/asffnet-cli.jar}
B=${BENCH_DIR:-/tmp/asffnet-bench}
chmod -R u+w $B/album 2>/dev/null; rm -rf $B/album $B/frames $B/out*; mkdir -p $B/album $B/frames
ls ../shared/data/celeba-faces/7201/*.jpg | head -10 > $B/list
head -1 $B/list | xargs -I{} cp {} $B/in.jpg
tail -n +2 $B/list | xargs -I{} cp {} $B/album/
ls ../shared/data/celeba-faces/7202/*.jpg | head -5 | xargs -I{} cp {} $B/frames/
file $B/in.jpg
echo "exemplars: $(ls $B/album | wc -l)"
run() { # label env threads
  local s=$(date +%s%N)
  env $2 java -jar $JAR restore --input $B/in.jpg --exemplars $B/album --output $B/out-$RANDOM.png --threads $3 >/dev/null 2>$B/err || { echo FAIL; cat $B/err; }
  echo "$1 $(( ($(date +%s%N) - s) / 1000000 ))"
}
for i in 1 2 3 4 5; do
  rm -f $B/album/.asffnet-album.json; chmod a-w $B/album
  run before-1thread-nocache ASFFNET_CACHE=/dev/null/none 1
  chmod u+w $B/album
  C=$B/cache$i; rm -rf $C
  run after-first-run ASFFNET_CACHE=$C 0
  run after-second-run ASFFNET_CACHE=$C 0
done
folder() { # label env threads
  rm -rf $B/outf; mkdir -p $B/outf
  local s=$(date +%s%N)
  env $2 java -jar $JAR restore --input $B/frames --exemplars $B/album --output $B/outf --threads $3 >/dev/null 2>$B/err || { echo FAIL; cat $B/err; }
  echo "$1 total $(( ($(date +%s%N) - s) / 1000000 )) ms for $(ls $B/outf | wc -l) frames"
}
for i in 1 2 3; do
  rm -f $B/album/.asffnet-album.json; chmod a-w $B/album
  folder folder-before-1thread-nocache ASFFNET_CACHE=/dev/null/none 1
  chmod u+w $B/album
  folder folder-after-warm ASFFNET_CACHE=$B/cache1 0
done
# folder mode on a synthetic film (FILM_FRAMES frames, default 40, of one photo moving 3,2 px per frame): faces
# followed by the tracker (default) against the detector on every frame;
# per further frame = (FILM_FRAMES frames - 1 frame) / (FILM_FRAMES - 1)
N=${FILM_FRAMES:-40}
rm -rf $B/film $B/film1; java -cp $JAR dev.asffnet.examples.bench.MovingFrames $(head -1 $B/list) $N $B/film
mkdir -p $B/film1; cp $B/film/frame00.png $B/film1/
film() { # label dir extra-args
  rm -rf $B/outm; mkdir -p $B/outm
  local s=$(date +%s%N)
  ASFFNET_CACHE=$B/cache1 java -jar $JAR restore --input $2 --exemplars $B/album --output $B/outm $3 >/dev/null 2>$B/err || { echo FAIL; cat $B/err; }
  echo "$1 total $(( ($(date +%s%N) - s) / 1000000 )) ms for $(ls $B/outm | wc -l) frames"
}
for i in 1 2 3; do
  film film-1-frame $B/film1 ""
  film film-$N-frames-tracked $B/film ""
  film film-$N-frames-detect-every-frame $B/film "--redetect-every 1"
done
