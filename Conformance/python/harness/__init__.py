"""Support code for the conformance suite.

The suite drives the official Intercom Python SDK (python-intercom) against a running sandbox. This
package holds what every scenario shares: the registry that collects scenarios, the context handed to
each one (an SDK client, a raw escape hatch, the sandbox control API) and small assertion helpers that
produce readable failure messages.
"""

from .checks import (  # noqa: F401
    Failure,
    NotImplementedInSandbox,
    check,
    check_eq,
    check_in,
    check_not_in,
    error_codes,
    expect_error,
    field,
    first,
    ids_of,
)
from .context import API_VERSION, Context  # noqa: F401
from .registry import SCENARIOS, Scenario, load_scenarios, scenario  # noqa: F401
