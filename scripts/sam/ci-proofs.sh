#!/usr/bin/env bash
# SAM proofs for CI (issue 3), run by .ci/run after the unit tests:
#   1. sam validate --lint on every template: zero errors, zero warnings;
#   2. sam build --config-env <env> for the five functions and the root: each function is
#      an ESM bundle without the shared layer's code, each built layer has
#      nodejs/node_modules/@intelliview/shared/;
#   3. SAM CLI's own providers list the routes and layers `sam local` would mount, for the
#      root template and each function template alone (scripts/sam/providers_check.py).
# Needs python3 (3.9+) and the npm workspace installed (esbuild in node_modules/.bin).
# The aws-sam-cli virtualenv .venv-sam is created on first use and reused afterwards.
# Exits non-zero on the first failure.
set -euo pipefail

cd "$(dirname "$0")/../.."
REPO="$PWD"
SAM_CLI_VERSION="1.170.0"
VENV="$REPO/.venv-sam"
FUNCTIONS=(generateInterviewQuestion fetchSession generateFeedbackFunction listSessions aggregateSkillsFunction)
LAYER_PACKAGE="nodejs/node_modules/@intelliview/shared"

export SAM_CLI_TELEMETRY=0
# sam build's esbuild workflow looks for esbuild on PATH; the layer Makefile needs node.
export PATH="$REPO/node_modules/.bin:$VENV/bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() { printf '\033[31mFAIL: %s\033[0m\n' "$*" >&2; exit 1; }
started=$SECONDS

# ------------------------------------------------------------------ SAM CLI
step "aws-sam-cli $SAM_CLI_VERSION in .venv-sam"
if [[ ! -x "$VENV/bin/sam" ]] || [[ "$("$VENV/bin/sam" --version 2>/dev/null)" != *"$SAM_CLI_VERSION"* ]]; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "aws-sam-cli==$SAM_CLI_VERSION"
fi
sam --version
command -v esbuild >/dev/null || fail "esbuild not found in node_modules/.bin (run npm ci first)"

# ------------------------------------------------------------------ 1. validate --lint
step "1. sam validate --lint (every template, zero errors and warnings)"
for template in template.yml platform/template.yml "${FUNCTIONS[@]/%//template.yml}"; do
  # --lint without credentials: cfn-lint runs offline; any rule match (E or W) exits 1.
  sam validate --lint --region us-east-1 -t "$template" || fail "sam validate --lint $template"
done

# ------------------------------------------------------------------ 2. build
# The bundle of a function must import the layer, never contain it: these strings exist
# only in the layer's own code (the repository and the error classes).
LAYER_MARKERS=('ConditionalCheckFailedException' 'userId = :userId' 'Session not found')

check_function_bundle() { # <function artifacts dir>
  local dir="$1" bundle="$1/handler.mjs"
  [[ -f "$bundle" ]] || fail "$bundle missing (OutExtension .js=.mjs)"
  [[ -f "$bundle.map" ]] || fail "$bundle.map missing (Sourcemap)"
  grep -Eq '(^|[;}])\s*import\s*[{*a-zA-Z_$]' "$bundle" || fail "$bundle is not an ES module"
  grep -q '"@intelliview/shared/' "$bundle" || fail "$bundle does not import @intelliview/shared (External)"
  local marker
  for marker in "${LAYER_MARKERS[@]}"; do
    grep -qF "$marker" "$bundle" && fail "$bundle contains layer code ($marker)"
  done
  [[ -z "$(find "$dir" -name node_modules -print -quit)" ]] || fail "$dir ships a node_modules folder"
  printf '   %-70s %6s bytes, imports the layer, contains none of it, loads against it\n' "${bundle#"$REPO/"}" "$(wc -c <"$bundle")"
}

check_handler_loads() { # <function artifacts dir> <layer artifacts dir>
  # Load the built handler under Node 22 with the built layer as its node_modules, as
  # Lambda resolves /opt/nodejs/node_modules: every import the bundle makes must exist
  # in the layer's exports (an ESM link error fails here), and `handler` must be a function.
  local task
  task="$(mktemp -d)"
  cp "$1"/handler.mjs* "$task/"
  ln -s "$2/nodejs/node_modules" "$task/node_modules"
  (cd "$task" && node --enable-source-maps --input-type=module -e '
    const m = await import("./handler.mjs");
    if (typeof m.handler !== "function") { console.error("no handler export"); process.exit(1); }
  ') || { rm -rf "$task"; fail "$1/handler.mjs does not load against its layer"; }
  rm -rf "$task"
}

check_layer() { # <layer artifacts dir>
  local pkg="$1/$LAYER_PACKAGE"
  [[ -f "$pkg/package.json" ]] || fail "$pkg/package.json missing"
  node -e '
    const fs = require("node:fs"), path = require("node:path");
    const dir = process.argv[1];
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    const want = ["config", "errors", "domain", "http", "sessions", "model", "skills"];
    for (const name of want) {
      const target = pkg.exports?.["./" + name];
      if (!target || !fs.existsSync(path.join(dir, target))) { console.error(`export ./${name} -> ${target} missing`); process.exit(1); }
    }
    if (pkg.type !== "module") { console.error("layer package.json is not type module"); process.exit(1); }
  ' "$pkg" || fail "layer package $pkg is incomplete"
  printf '   %-70s %s files\n' "${pkg#"$REPO/"}/" "$(find "$pkg" -type f | wc -l)"
}

step "2. sam build --config-env <env> (5 functions + root)"
mkdir -p "$REPO/.aws-sam"
for env in "${FUNCTIONS[@]}" default; do
  if [[ "$env" == default ]]; then build_dir="$REPO/.aws-sam/build"; else build_dir="$REPO/.aws-sam/$env/build"; fi
  printf '\n-- %s\n' "$env"
  t0=$SECONDS
  sam build --config-env "$env" >"$REPO/.aws-sam/last-build.log" 2>&1 || { cat "$REPO/.aws-sam/last-build.log"; fail "sam build --config-env $env"; }
  echo "   built in $((SECONDS - t0)) s -> ${build_dir#"$REPO/"}"
  found_function=0
  while IFS= read -r bundle; do
    check_function_bundle "$(dirname "$bundle")"
    # The layer next to the function: same (nested) stack folder.
    check_handler_loads "$(dirname "$bundle")" "$(dirname "$(dirname "$bundle")")/SharedLayer"
    found_function=$((found_function + 1))
  done < <(find "$build_dir" -name handler.mjs -not -path '*/node_modules/*' | sort)
  found_layer=0
  while IFS= read -r pkg; do
    check_layer "${pkg%/"$LAYER_PACKAGE"}"
    found_layer=$((found_layer + 1))
  done < <(find "$build_dir" -type d -path "*/$LAYER_PACKAGE" | sort)
  expected=1; [[ "$env" == default ]] && expected=5
  [[ $found_function -eq $expected ]] || fail "$env: $found_function function bundles built, expected $expected"
  [[ $found_layer -eq $expected ]] || fail "$env: $found_layer layers built, expected $expected"
done
rm -f "$REPO/.aws-sam/last-build.log"

# ------------------------------------------------------------------ 3. providers
step "3. SAM CLI providers: routes and layers sam local would mount"
"$VENV/bin/python" scripts/sam/providers_check.py --source || fail "providers check (source templates)"
"$VENV/bin/python" scripts/sam/providers_check.py || fail "providers check (built templates)"

step "SAM proofs passed in $((SECONDS - started)) s"
