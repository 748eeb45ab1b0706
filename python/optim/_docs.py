"""Docstring sections generated from the library's own tables (the registry's methods and the
field tables' hyperparameters and stopping tests), so that defaults and ranges are never retyped."""
from . import _optim


def _param_lines(params, indent="    "):
    lines = []
    for p in params:
        head = "%s%s : %s, default %s" % (indent, p["name"], p["type"], p["default"])
        lines.append(head)
        lines.append(indent + "    " + p["help"])
    return lines


def methods_section(families=None):
    """'Methods' section: each method's summary and hyperparameters (optionally only some
    families)."""
    lines = ["Methods and their options", "-------------------------"]
    for m in _optim._methods():
        if families is not None and m["family"] not in families:
            continue
        lines.append('"%s" (%s): %s' % (m["name"], m["family"], m["summary"]))
        lines.extend(_param_lines(m["params"]) or ["    (no hyperparameters)"])
    return "\n".join(lines)


def stop_section():
    lines = ["Stopping tests (options of every method)", "----------------------------------------"]
    lines.extend(_param_lines(_optim._stop_fields()))
    return "\n".join(lines)


def rule_lines(rule):
    """The field-table lines of an update rule's settings (optim._optim._rule_params)."""
    return _param_lines(_optim._rule_params(rule), indent="")
