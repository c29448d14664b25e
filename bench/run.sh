#!/usr/bin/env bash
# bench/run.sh: how fast is `archdrift check` on a large estate?
#
# Builds archdrift, generates estates (internal/estategen) at 1x, 10x and
# 100x, runs `archdrift check` on each RUNS times under /usr/bin/time -v,
# each run followed by one of the bare-parse floor (bench/parsefloor: HCL
# parse + YAML decode + DSL lex of the same files), and prints the median
# wall time, CPU time, peak RSS and throughput of each, their ratio and how
# time grows with size; then
# checks that the 100x check finds exactly the planted drift
# (bench/plantedcheck).
#
#   bench/run.sh                  # everything, 5 runs each
#   RUNS=3 SCALES="1 10" bench/run.sh
#   WORK=/tmp/bench bench/run.sh  # keep the estates and binaries there
#   ARCHDRIFT=/tmp/old/archdrift bench/run.sh  # time another build
#
# bench/RESULTS.md records the figures of one run and how to profile.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
SCALES=${SCALES:-"1 10 100"}
PLANTED_SCALE=${PLANTED_SCALE:-100}
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/archdrift-bench.XXXXXX")}
TIME=/usr/bin/time

if [ ! -x "$TIME" ]; then
	echo "bench/run.sh: $TIME is missing (GNU time); install it: apt-get install -y time" >&2
	exit 2
fi
mkdir -p "$WORK"
echo "work directory: $WORK"
echo "machine: $(nproc) CPUs, $(uname -sm), $(go version | cut -d' ' -f3)"

ARCHDRIFT=${ARCHDRIFT:-$WORK/archdrift}
[ "$ARCHDRIFT" != "$WORK/archdrift" ] || go build -o "$WORK/archdrift" ./cmd/archdrift
go build -o "$WORK/estategen" ./internal/estategen
go build -o "$WORK/parsefloor" ./bench/parsefloor
go build -o "$WORK/plantedcheck" ./bench/plantedcheck

# timeit OUT CMD...: runs CMD once under /usr/bin/time -v and appends
# "wall cpu rss_kb" to OUT. The wall time is bash's microsecond clock
# around the run: /usr/bin/time counts it in hundredths of a second, one
# step of which is 5% of a 0.2 s floor.
timeit() {
	local out=$1
	shift
	local start=$EPOCHREALTIME
	"$TIME" -v -o "$WORK/time.txt" "$@" >/dev/null
	local end=$EPOCHREALTIME
	awk -F': ' -v start="$start" -v end="$end" '
		/User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { m = $2 }
		END { printf "%.4f %.3f %d\n", end - start, u + s, m }' "$WORK/time.txt" >>"$out"
}

# medians OUT: the median of each column of OUT.
medians() {
	for col in 1 2 3; do
		cut -d' ' -f"$col" "$1" | sort -g | awk '{ v[NR] = $1 } END { printf "%s ", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
	done
	echo
}

# count KEY DIR reads one of the counts of DIR/planted.json.
count() { sed -n "s/^ *\"$1\": \([0-9]*\),*$/\1/p" "$2/planted.json"; }

declare -A WALL
printf '\n%-6s %-36s %8s %8s %8s %10s %10s\n' scale input "wall s" "cpu s" "RSS MB" "MiB/s" "files/s"
for s in $SCALES; do
	dir="$WORK/estate-$s"
	[ -f "$dir/planted.json" ] || "$WORK/estategen" -scale "$s" -out "$dir" >/dev/null
	files=$(count files "$dir") bytes=$(count bytes "$dir")
	tf=$(count terraform_resources "$dir") wl=$(count kubernetes_workloads "$dir")
	el=$(count model_elements "$dir") adrs=$(count adrs "$dir")
	input="${tf} tf, ${wl} k8s, ${el} el, ${adrs} adr"
	# The check and the floor run in turn, so that both see the same load
	# on a shared machine and their ratio does not drift with it.
	: >"$WORK/check-$s.times"
	: >"$WORK/floor-$s.times"
	for _ in $(seq "$RUNS"); do
		timeit "$WORK/check-$s.times" "$ARCHDRIFT" check "$dir" --fail-on never --policy-timeout 120s
		timeit "$WORK/floor-$s.times" "$WORK/parsefloor" "$dir"
	done
	read -r cw cc cr < <(medians "$WORK/check-$s.times")
	read -r fw fc fr < <(medians "$WORK/floor-$s.times")
	WALL[$s]=$cw
	awk -v s="$s" -v inp="$input" -v w="$cw" -v c="$cc" -v r="$cr" -v b="$bytes" -v f="$files" \
		'BEGIN { printf "%-6s %-36s %8.2f %8.2f %8.0f %10.2f %10.0f   check\n", s "x", inp, w, c, r / 1024, b / 1048576 / w, f / w }'
	# /usr/bin/time counts in hundredths of a second: a floor under that is
	# shown as 0 and no ratio is given.
	awk -v w="$fw" -v c="$fc" -v r="$fr" -v b="$bytes" -v f="$files" \
		'BEGIN { printf "%-6s %-36s %8.2f %8.2f %8.0f %10s %10s   bare-parse floor\n", "", "", w, c, r / 1024, (w > 0 ? sprintf("%.2f", b / 1048576 / w) : "-"), (w > 0 ? sprintf("%.0f", f / w) : "-") }'
	awk -v cw="$cw" -v fw="$fw" -v cc="$cc" -v fc="$fc" \
		'BEGIN { printf "%-6s %-36s %9s %8s %8s   check / floor\n", "", "", (fw > 0 ? sprintf("%.2fx", cw / fw) : "-"), (fc > 0 ? sprintf("%.2fx", cc / fc) : "-"), "" }'
done

echo
prev=
for s in $SCALES; do
	if [ -n "$prev" ]; then
		awk -v a="$prev" -v b="$s" -v ta="${WALL[$prev]}" -v tb="${WALL[$s]}" \
			'BEGIN { printf "%sx -> %sx: input x%g, wall time x%.2f\n", a, b, b / a, tb / ta }'
	fi
	prev=$s
done

echo
echo "planted drift at ${PLANTED_SCALE}x:"
dir="$WORK/estate-$PLANTED_SCALE"
[ -f "$dir/planted.json" ] || "$WORK/estategen" -scale "$PLANTED_SCALE" -out "$dir" >/dev/null
"$ARCHDRIFT" check "$dir" --format json --fail-on never --policy-timeout 120s >"$WORK/report-$PLANTED_SCALE.json"
"$WORK/plantedcheck" "$dir" "$WORK/report-$PLANTED_SCALE.json"
