"""The scenario registry.

A scenario is a plain function that takes a ``Context`` and raises on failure. Decorate it with
``@scenario("group.what")``; the part before the first dot names the API resource group. Modules under
``scenarios/`` are imported by ``load_scenarios`` so that their decorators run.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Callable, List

SCENARIOS: List["Scenario"] = []


@dataclass(frozen=True)
class Scenario:
    name: str
    func: Callable
    module: str

    @property
    def group(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def summary(self) -> str:
        doc = (self.func.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else ""


def scenario(name: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as the scenario ``name`` (unique, "group.what")."""

    if "." not in name:
        raise ValueError(f"scenario name {name!r} must look like 'group.what'")

    def register(func: Callable) -> Callable:
        if any(existing.name == name for existing in SCENARIOS):
            raise ValueError(f"scenario {name!r} is registered twice")
        SCENARIOS.append(Scenario(name=name, func=func, module=func.__module__))
        return func

    return register


def load_scenarios() -> List[Scenario]:
    """Import every module of the ``scenarios`` package and return the scenarios, in file order."""

    package = importlib.import_module("scenarios")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda module: module.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"scenarios.{info.name}")
    return list(SCENARIOS)
