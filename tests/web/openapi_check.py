"""A small JSON Schema checker for the subset pydantic writes into our OpenAPI document
(type, properties, required, items, anyOf, $ref, additionalProperties, date formats), so
API answers are checked against the published schema, not against our own code."""

import datetime as dt

TYPES = {
    "object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
}


def check(instance, schema: dict, document: dict, path: str = "$") -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return check(instance, document["components"]["schemas"][name], document, path)
    if "anyOf" in schema:
        options = [check(instance, s, document, path) for s in schema["anyOf"]]
        return [] if any(not o for o in options) else [f"{path}: matches no anyOf option"]
    errors: list[str] = []
    kind = schema.get("type")
    if kind == "integer":
        if not isinstance(instance, int) or isinstance(instance, bool):
            return [f"{path}: {instance!r} is not an integer"]
    elif kind == "number":
        if not isinstance(instance, int | float) or isinstance(instance, bool):
            return [f"{path}: {instance!r} is not a number"]
    elif kind in TYPES and not isinstance(instance, TYPES[kind]):
        return [f"{path}: {instance!r} is not {kind}"]
    if kind == "string" and schema.get("format") in ("date", "date-time"):
        try:
            parse = dt.date.fromisoformat if schema["format"] == "date" else \
                dt.datetime.fromisoformat
            parse(instance)
        except ValueError:
            errors.append(f"{path}: {instance!r} is not a {schema['format']}")
    if kind == "object":
        for name in schema.get("required", []):
            if name not in instance:
                errors.append(f"{path}: missing {name}")
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for name, value in instance.items():
            if name in properties:
                errors += check(value, properties[name], document, f"{path}.{name}")
            elif isinstance(extra, dict):
                errors += check(value, extra, document, f"{path}.{name}")
    if kind == "array":
        for i, item in enumerate(instance):
            errors += check(item, schema.get("items", {}), document, f"{path}[{i}]")
    return errors


def response_schema(document: dict, path: str, status: int) -> dict:
    operation = document["paths"][path]["get"]
    return operation["responses"][str(status)]["content"]["application/json"]["schema"]
