# Sourced by scripts/fuzz-inputs and scripts/fuzz-language: the fuzzer-instrumented build of latent's
# library modules, each a static library and its module in $out, rebuilt only when a source is newer.
# Expects $swiftc, $out and the flags array to be set.

# gold warns once per ASan helper symbol; only real diagnostics are shown.
quiet() { grep -v "Cannot export local symbol" >&2 || true; }

# module NAME: builds Sources/NAME (all its Swift files, subfolders included) as module NAME.
module() {
    local name="$1" sources
    sources=$(find "Sources/$name" -name '*.swift')
    if [[ ! -f "$out/lib$name.a" || -n "$(find "Sources/$name" -newer "$out/lib$name.a" -name '*.swift')" ]]; then
        echo "building $name (fuzzer-instrumented)" >&2
        # shellcheck disable=SC2086
        "$swiftc" "${flags[@]}" -module-name "$name" -emit-module -emit-module-path "$out/$name.swiftmodule" \
            -emit-library -static -o "$out/lib$name.a" $sources 2>&1 | quiet
    fi
}
