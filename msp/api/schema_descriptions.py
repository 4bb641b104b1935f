"""Human descriptions for query parameters the schema generator leaves bare (filters
derived from model fields): read from the parameter's name, after django-filter's
conventions (``<field>__gte``, ``<fk>_id``, ``<field>_after``...). A parameter with its
own ``help_text`` keeps it."""

from __future__ import annotations

from typing import Any

# suffix -> (meaning for times, meaning for numbers)
_RANGES = {
    "__gte": ("on or after this time (ISO-8601)", "at least this value"),
    "__lte": ("on or before this time (ISO-8601)", "at most this value"),
    "__gt": ("after this time (ISO-8601)", "above this value"),
    "__lt": ("before this time (ISO-8601)", "below this value"),
    "_after": ("on or after this time (ISO-8601)", "at least this value"),
    "_before": ("on or before this time (ISO-8601)", "at most this value"),
}


def _label(name: str) -> str:
    return name.replace("__", " ").replace("_", " ").strip()


def describe_parameter(name: str, schema: dict[str, Any]) -> str:
    is_number = schema.get("type") in {"integer", "number"}
    for suffix, (for_times, for_numbers) in _RANGES.items():
        if name.endswith(suffix):
            meaning = for_numbers if is_number else for_times
            return f"Only rows whose {_label(name[: -len(suffix)])} is {meaning}."
    if name.endswith("__icontains"):
        return f"Only rows whose {_label(name[: -len('__icontains')])} contains this text."
    if name.endswith("__in"):
        return f"Only rows whose {_label(name[:-4])} is one of these comma-separated values."
    if name.endswith("_id"):
        return f"Only rows of this {_label(name[:-3])} (its id)."
    if schema.get("type") == "boolean":
        return f"true: only rows with {_label(name)} set; false: only rows without."
    return f"Only rows whose {_label(name)} is exactly this value."


def describe_query_parameters(result: dict[str, Any], generator, request, public):
    """drf-spectacular post-processing hook."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query" and not parameter.get("description"):
                    parameter["description"] = describe_parameter(
                        parameter["name"], parameter.get("schema", {})
                    )
    return result
