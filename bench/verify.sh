#!/bin/sh
# sepm-verify against secilc on the fixture policy (refpolicy + container).
#   sepm-verify fast mode, warm cache  vs  secilc compiling the store's CIL
#   plus the module (what semodule -i compiles, with neverallow/bounds checks).
. "$(dirname "$0")/lib.sh"
module="$top/tests/modules/web.cil"
cache="$work/cache"
extract_store_cil "$work/store"
echo "policy: $root ($(ls "$work/store" | wc -l) store modules)"

cold=$(best_of 1 sepm-verify --cache-dir "$cache" -p "$root" "$module")
fast=$(best_of 5 sepm-verify --cache-dir "$cache" -p "$root" "$module")
exact=$(best_of 2 sepm-verify --full --cache-dir "$cache" -p "$root" "$module")
secilc=$(best_of 3 secilc -M true -o "$work/policy" -f /dev/null "$work"/store/*.cil "$module")

mkdir -p "$work/many"
i=0
while [ $i -lt 100 ]; do cp "$module" "$work/many/m$i.cil"; i=$((i + 1)); done
many=$(best_of 1 sepm-verify --cache-dir "$cache" -p "$root" "$work"/many/*.cil)

printf '%-44s %8s\n' "what" "seconds"
printf '%-44s %8s\n' "secilc: store CIL + module (checks on)" "$secilc"
printf '%-44s %8s\n' "sepm-verify fast, warm cache" "$fast"
printf '%-44s %8s\n' "sepm-verify fast, cold cache (first run)" "$cold"
printf '%-44s %8s\n' "sepm-verify --full (exact), warm cache" "$exact"
printf '%-44s %8s\n' "sepm-verify fast, 100 modules, one run" "$many"
echo
echo "fast warm vs secilc: $(ratio "$secilc" "$fast")x faster"
echo "exact vs secilc:     $(ratio "$secilc" "$exact")x"
echo "100 modules:         $(printf '%.3f' "$(echo "$many / 100" | bc -l)") s per module"
