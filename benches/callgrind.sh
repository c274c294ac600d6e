#!/usr/bin/env bash
# Instructions per request for every benchmark case, counted by
# `valgrind --tool=callgrind` inside `run_one` only (request construction
# excluded): a noise-free complement to the times of `cargo bench`, which
# drift on a shared machine. Usage: benches/callgrind.sh [iterations] [case-filter]
# (`benches/callgrind.sh 2000 shape_`: the policy shapes of issue 12 only)
set -euo pipefail
cd "$(dirname "$0")/.."
iters=${1:-2000}
filter=${2:-}
command -v valgrind >/dev/null || { echo "valgrind not found" >&2; exit 1; }

bin=$(cargo bench --bench cors --no-run --message-format=json 2>/dev/null \
  | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
[ -x "$bin" ] || { echo "could not build the bench binary" >&2; exit 1; }

declare -A ir
cases=$(CORS_BENCH_LIST=1 "$bin" | grep -- "$filter" || true)
for case in $cases; do
  total=$(CORS_BENCH_ONLY=$case CORS_BENCH_ITERS=$iters valgrind --tool=callgrind \
      --toggle-collect='cors::run_one' --callgrind-out-file=/dev/null "$bin" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
  ir[$case]=$((total / iters))
done

printf '\ninstructions per request (callgrind, %s iterations, inside run_one)\n\n' "$iters"
printf '| %-24s | %14s | %14s | %14s | %14s |\n' "scenario (origins)" "bare" "empty layer" "cors-runtime" "tower-http"
printf '|%s|%s|%s|%s|%s|\n' "--------------------------" "----------------" "----------------" "----------------" "----------------"
for origins in 3 1000; do
  for scenario in preflight_allowed preflight_refused get_allowed get_refused get_no_origin; do
    group=${scenario}_${origins}
    bare=${ir[${scenario}_3/bare]:--}
    empty=${ir[${scenario}_3/empty_layer]:--}
    ours=${ir[$group/cors_runtime]:--}
    theirs=${ir[$group/tower_http]:--}
    [ "$ours$theirs" = "--" ] && continue
    printf '| %-24s | %14s | %14s | %14s | %14s |\n' "$scenario ($origins)" "$bare" "$empty" "$ours" "$theirs"
  done
done

# Policy shapes (issue 12): every form against the bare handler's GET.
bare_get=${ir[shape_get/bare]:-}
if [ -n "$bare_get" ]; then
  printf '\npolicy shapes (issue 12): instructions per request, against the bare GET (%s)\n\n' "$bare_get"
  printf '| %-20s | %22s | %22s |\n' "shape" "allowed GET" "allowed preflight (PUT)"
  printf '|%s|%s|%s|\n' "----------------------" "------------------------" "------------------------"
  for shape in $(CORS_BENCH_LIST=1 "$bin" | sed -n 's|^shape_get/||p'); do
    cell() { # $1 = instructions or empty
      [ -z "$1" ] && { echo "-"; return; }
      printf '%s (%+.1f%%)' "$1" "$(echo "($1 / $bare_get - 1) * 100" | bc -l)"
    }
    printf '| %-20s | %22s | %22s |\n' "$shape" "$(cell "${ir[shape_get/$shape]:-}")" "$(cell "${ir[shape_preflight/$shape]:-}")"
  done
fi
