#!/usr/bin/env bash
# Determinism check (`make determinism`): build everything twice and compare the hashes of
# data/processed, reports/figures and notebooks/*.ipynb between the two builds; then run strict
# nbval three times in a row and once under pytest-xdist. Slow (minutes); not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1099872000} PYTHONHASHSEED=0 MPLBACKEND=Agg
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

full_build() {
    "$BIN/csecstats" build >/dev/null
    "$BIN/csecstats" notebooks >/dev/null
    "$BIN/csecstats" charts >/dev/null
}

hashes() {  # one "sha256  path" line per output file, sorted by path
    find data/processed reports/figures -type f -print0 2>/dev/null | sort -z | xargs -0 sha256sum
    ls notebooks/*.ipynb 2>/dev/null | sort | xargs -r sha256sum
}

echo "== build 1"; full_build; hashes > "$work/build1"
echo "== build 2"; full_build; hashes > "$work/build2"
if diff -u "$work/build1" "$work/build2"; then
    echo "OK: $(wc -l < "$work/build1") output files byte-identical across two full builds"
else
    echo "FAIL: outputs differ between two builds (diff above)"; exit 1
fi

for run in 1 2 3; do
    echo "== strict nbval, run $run"
    "$BIN/python" -m pytest -q -p no:cacheprovider notebooks
done
echo "== strict nbval under pytest-xdist (-n 2 --dist loadscope)"
"$BIN/python" -m pytest -q -p no:cacheprovider -n 2 --dist loadscope notebooks
echo "OK: determinism checks passed"
