#!/usr/bin/env python3
"""Prove what `sam local start-api` / `sam local invoke` would mount, without Docker.

Loads each template with SAM CLI's own providers, the classes `sam local` itself uses
(SamLocalStackProvider -> stacks, ApiProvider -> routes, SamFunctionProvider ->
functions and layers), prints the routes and layers, and fails (exit 1) when:
  - a route is missing, extra, has the wrong method/function, or is not payload 2.0;
  - a route's function cannot be found the way `sam local` looks it up at request time;
  - a function's layer is not defined in its own template tree or has no local content
    (`sam local` can neither pass a layer from a parent template nor download one offline).

Run with the Python of the aws-sam-cli virtualenv, from the repository root:
  .venv-sam/bin/python scripts/sam/providers_check.py            # built templates (.aws-sam)
  .venv-sam/bin/python scripts/sam/providers_check.py --source   # source templates
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from samcli.lib.providers.api_provider import ApiProvider
from samcli.lib.providers.sam_function_provider import SamFunctionProvider
from samcli.lib.providers.sam_stack_provider import SamLocalStackProvider

REPO = Path(__file__).resolve().parents[2]
LAYER_PACKAGE = Path("nodejs/node_modules/@intelliview/shared")


@dataclass(frozen=True)
class Expected:
    method: str
    path: str
    function: str  # logical id of the AWS::Serverless::Function


# The wire contract (shared/api-contract.md): one route per function folder.
ROUTES = {
    "generateInterviewQuestion": Expected("POST", "/interview", "GenerateInterviewQuestionFunction"),
    "fetchSession": Expected("GET", "/review", "FetchSessionFunction"),
    "generateFeedbackFunction": Expected("POST", "/feedback", "GenerateFeedbackFunction"),
    "listSessions": Expected("GET", "/sessions", "ListSessionsFunction"),
    "aggregateSkillsFunction": Expected("GET", "/skills", "AggregateSkillsFunction"),
}


@dataclass(frozen=True)
class Config:
    name: str  # samconfig env
    source: Path
    built: Path
    routes: tuple[Expected, ...]


CONFIGS = [Config("default (root)", REPO / "template.yml", REPO / ".aws-sam/build/template.yaml", tuple(ROUTES.values()))] + [
    Config(folder, REPO / folder / "template.yml", REPO / f".aws-sam/{folder}/build/template.yaml", (route,))
    for folder, route in ROUTES.items()
]


def check(config: Config, template: Path, built: bool) -> list[str]:
    """Print the routes and layers of one template; return the problems found."""
    problems: list[str] = []
    if not template.is_file():
        return [f"{template} does not exist (run sam build --config-env first)"]

    print(f"\n== {config.name}: {_rel(template)}", flush=True)
    # Same calls as InvokeContext / LocalApiService: cwd is the template's folder.
    stacks, _ = SamLocalStackProvider.get_stacks(str(template))
    functions = SamFunctionProvider(stacks, ignore_code_extraction_warnings=True)
    api = ApiProvider(stacks, cwd=str(template.parent))
    print(f"   {len(stacks)} stack(s): {', '.join(stack.stack_path or '(root)' for stack in stacks)}")
    print("   routes (sam local start-api):")
    seen: dict[tuple[str, str], str] = {}
    for route in sorted(api.routes, key=lambda r: (r.path, r.methods)):
        for method in sorted(set(route.methods)):  # conditional route variants merge
            if method == "OPTIONS" and (method, route.path) not in {(e.method, e.path) for e in config.routes}:
                continue  # CORS preflight that start-api answers itself
            function = functions.get(route.function_name) if route.function_name else None
            target = function.full_path if function else f"{route.function_name} (NOT FOUND)"
            print(f"     {method:<6} {route.path:<11} -> {target}  [payload {route.payload_format_version}]")
            seen[(method, route.path)] = route.function_name or ""
            if function is None:
                problems.append(f"route {method} {route.path}: function {route.function_name!r} not found")
            if route.payload_format_version != "2.0":
                problems.append(f"route {method} {route.path}: payload format {route.payload_format_version}, expected 2.0")

    for expected in config.routes:
        actual = seen.pop((expected.method, expected.path), None)
        if actual is None:
            problems.append(f"missing route {expected.method} {expected.path}")
        elif actual.split("/")[-1] != expected.function:
            problems.append(f"route {expected.method} {expected.path} -> {actual}, expected {expected.function}")
    for method, path in seen:
        problems.append(f"unexpected route {method} {path}")

    print("   functions and layers (sam local invoke):")
    expected_functions = {e.function for e in config.routes}
    found_functions = set()
    for function in functions.get_all():
        found_functions.add(function.name)
        code = Path(function.codeuri or "")
        entry = code / ("handler.mjs" if built else "handler.ts")
        print(f"     {function.full_path}  {function.runtime} {'/'.join(function.architectures or [])}  "
              f"handler={function.handler}  code={_rel(code)}")
        if not entry.is_file():
            problems.append(f"{function.full_path}: {entry} missing")
        if not function.layers:
            problems.append(f"{function.full_path}: no layer")
        for layer in function.layers:
            content = Path(layer.codeuri) if layer.codeuri else None
            local = bool(layer.is_defined_within_template and content and content.is_dir())
            if local and built:
                local = (content / LAYER_PACKAGE / "package.json").is_file()
            print(f"       layer {layer.full_path}: {'local ' + _rel(content) if local else 'NOT LOCAL ' + str(layer.arn)}"
                  f"  build={layer.build_method}")
            if not local:
                problems.append(f"{function.full_path}: layer {layer.name} does not resolve to local content")
    for missing in sorted(expected_functions - found_functions):
        problems.append(f"function {missing} not found")
    return problems


def _mark_expected(record: logging.LogRecord) -> bool:
    message = record.getMessage()
    if message.startswith("Authorizer ") and ("was not found, skipping" in message or "type 'JWT'" in message):
        record.msg, record.args = f"(expected, JWT authorizers are not emulated) {message}", ()
    return True


def _rel(path: Path | None) -> str:
    if path is None:
        return "?"
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", action="store_true", help="check the source templates instead of the built ones")
    args = parser.parse_args()
    # SAM CLI's own warnings stay visible, in order with our output (same stream). The
    # authorizer ones are expected: SAM CLI never emulates JWT authorizers locally.
    logging.basicConfig(level=logging.WARNING, stream=sys.stdout, format="   [sam-cli] %(message)s")
    logging.getLogger().handlers[0].addFilter(_mark_expected)
    os.chdir(REPO)

    failures = 0
    for config in CONFIGS:
        problems = check(config, config.source if args.source else config.built, built=not args.source)
        for problem in problems:
            print(f"   FAIL: {problem}")
        failures += len(problems)
    kind = "source" if args.source else "built"
    if failures:
        print(f"\nproviders check ({kind}): {failures} problem(s)")
        return 1
    print(f"\nproviders check ({kind}): all {len(CONFIGS)} templates mount their routes and local layers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
