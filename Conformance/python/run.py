#!/usr/bin/env python3
"""Run the conformance scenarios: the official Intercom Python SDK against the sandbox.

Either start a sandbox binary (``--sandbox PATH``) or use one that is already running
(``--base-url URL``). Prints ``PASS name`` or ``FAIL name: reason`` per scenario, then
``N passed, M failed``; the exit status is 1 if anything failed.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import signal
import sys
import time
import traceback
from typing import List

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from harness import Context, Scenario, load_scenarios  # noqa: E402
from harness.checks import classify  # noqa: E402
from harness.context import DEFAULT_TOKEN  # noqa: E402
from harness.sandbox import SandboxProcess, SandboxStartError, wait_until_ready  # noqa: E402


def parse_arguments(argv: List[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--sandbox", metavar="PATH", help="sandbox binary to start (default: .build/debug/intercom-sandbox)"
    )
    target.add_argument("--base-url", metavar="URL", help="use a sandbox already listening at URL (loopback only)")
    parser.add_argument(
        "--token", default=DEFAULT_TOKEN, help="access token the sandbox accepts (default: %(default)s)"
    )
    parser.add_argument(
        "--sandbox-port", type=int, default=0, metavar="N",
        help="port for a started sandbox; 0 lets it pick a free one and print it (default: 0)",
    )
    parser.add_argument("--only", action="append", metavar="PATTERN",
                        help="run only scenarios whose name contains PATTERN or matches it as a glob (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    parser.add_argument("--verbose", "-v", action="store_true", help="print a traceback for each failure")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per HTTP request (default: %(default)s)")
    parser.add_argument("--startup-timeout", type=float, default=30.0,
                        help="seconds the sandbox has to answer GET /sandbox/status (default: %(default)s)")
    return parser.parse_args(argv)


def selected(scenarios: List[Scenario], patterns: List[str]) -> List[Scenario]:
    if not patterns:
        return scenarios

    def matches(name: str) -> bool:
        return any(pattern in name or fnmatch.fnmatchcase(name, pattern) for pattern in patterns)

    return [item for item in scenarios if matches(item.name)]


def is_loopback(url: str) -> bool:
    from urllib.parse import urlparse

    import ipaddress

    host = (urlparse(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_scenarios(scenarios: List[Scenario], base_url: str, args: argparse.Namespace) -> int:
    passed = failed = 0
    try:
        for item in scenarios:
            context = Context(base_url, token=args.token, timeout=args.timeout)
            started = time.monotonic()
            try:
                context.reset()
                item.func(context)
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # noqa: BLE001 - every failure is reported, none stops the run
                failed += 1
                _, reason = classify(error)
                print(f"FAIL {item.name}: {' '.join(reason.split())}", flush=True)
                if args.verbose:
                    traceback.print_exception(type(error), error, error.__traceback__, file=sys.stdout)
            else:
                passed += 1
                elapsed = time.monotonic() - started
                print(f"PASS {item.name}" + (f" ({elapsed:.1f} s)" if args.verbose else ""), flush=True)
            finally:
                context.close()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr, flush=True)
        print(f"{passed} passed, {failed} failed", flush=True)
        return 130
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


def main(argv: List[str]) -> int:
    args = parse_arguments(argv)
    scenarios = selected(load_scenarios(), args.only or [])
    if args.list:
        try:
            for item in scenarios:
                print(f"{item.name:45} {item.summary}")
        except BrokenPipeError:  # e.g. piped into head
            sys.stderr.close()
        return 0
    if not scenarios:
        print("no scenario matches --only", file=sys.stderr)
        print("0 passed, 0 failed")
        return 1

    # SIGTERM (e.g. from a CI timeout) unwinds like Ctrl-C, so the sandbox is always stopped.
    def terminate(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, signal.default_int_handler)

    sandbox = None
    try:
        if args.base_url:
            if not is_loopback(args.base_url):
                print(f"refusing a non-loopback base URL: {args.base_url}", file=sys.stderr)
                return 2
            base_url = args.base_url.rstrip("/")
            wait_until_ready(base_url, args.token, time.monotonic() + args.startup_timeout)
        else:
            binary = args.sandbox or os.path.join(".build", "debug", "intercom-sandbox")
            sandbox = SandboxProcess(binary, token=args.token, port=args.sandbox_port)
            base_url = sandbox.start(ready_timeout=args.startup_timeout)
        return run_scenarios(scenarios, base_url, args)
    except SandboxStartError as error:
        print(f"FAIL sandbox.start: {' '.join(str(error).split())}", flush=True)
        print(f"0 passed, {len(scenarios)} failed")
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        if sandbox is not None:
            sandbox.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
