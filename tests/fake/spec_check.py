"""
An independent check that an answer of the fake is one the spec documents: its status is listed for
the operation, its media type is declared, and its body fits the schema. It reads openapi.yaml
through tests.docs and shares no code with contextcapture.testing.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import httpx
from openapi_schema_validator import OAS30Validator

from tests.docs import spec

HTTP_METHODS = ("get", "put", "post", "delete", "patch")


def resolve(node: Any) -> Any:
    """`node` with every local $ref replaced by its target (the spec has no cycles)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = spec()
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return resolve(target)
        return {key: resolve(value) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve(item) for item in node]
    return node


def operation_for(method: str, path: str) -> dict[str, Any] | None:
    """The spec's operation for a method and path, or None."""
    for template, item in spec()["paths"].items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path) and method.lower() in item:
            operation: dict[str, Any] = item[method.lower()]
            return operation
    return None


def check_answer(response: httpx.Response) -> None:
    """Fail unless `response` is an answer the spec documents for its request."""
    response.read()
    operation = operation_for(response.request.method, response.request.url.path)
    if operation is None:
        return  # no operation, nothing documented to compare with (the platform's 404)

    status = str(response.status_code)
    documented = resolve(operation["responses"])
    assert status in documented, f"{status} is not documented for {operation['operationId']}"
    content = documented[status].get("content")
    if not content:
        assert response.content == b"", f"{status} should have no body"
        return

    media_type = response.headers["content-type"].split(";")[0].strip()
    assert media_type in content, f"{media_type} is not declared for {status}"
    body = response.json()
    OAS30Validator(content[media_type]["schema"]).validate(body)
    for value in date_times(body):
        assert value.endswith("Z"), value
        datetime.fromisoformat(value)


def date_times(node: Any) -> list[str]:
    """Every value of a property named *DateTime in a JSON document."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("DateTime"):
                found.append(value)
            else:
                found += date_times(value)
    elif isinstance(node, list):
        for item in node:
            found += date_times(item)
    return found
