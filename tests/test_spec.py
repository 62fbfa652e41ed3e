"""openapi.yaml is a valid OpenAPI 3.0 document and every example in it fits its schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from tests.docs import spec

VENDOR_JSON = "application/vnd.bentley.itwin-platform.v1+json"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def resolve(node: Any) -> Any:
    """`node` with every local $ref replaced by what it points to (the spec has no cycles)."""
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


def operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec()["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, resolve(item[method])


def media_examples() -> Iterator[tuple[str, Any, Any]]:
    """(where, schema, example value) for every example attached to a request or response body."""
    for path, method, operation in operations():
        bodies = {"request": operation.get("requestBody", {})}
        bodies.update(operation["responses"])
        for status, body in bodies.items():
            for media_type, media in body.get("content", {}).items():
                where = f"{method.upper()} {path} {status} {media_type}"
                if "example" in media:
                    yield where, media["schema"], media["example"]
                for name, example in media.get("examples", {}).items():
                    yield f"{where} [{name}]", media["schema"], example["value"]


def test_spec_is_valid_openapi_3_0() -> None:
    validate(spec())
    assert spec()["openapi"].startswith("3.0.")


def test_every_path_is_under_contextcapture() -> None:
    assert all(path.startswith("/contextcapture/") for path in spec()["paths"])


def test_server_is_the_itwin_platform() -> None:
    assert [server["url"] for server in spec()["servers"]] == ["https://api.bentley.com"]


def test_every_operation_requires_the_itwin_platform_scope() -> None:
    assert spec()["security"] == [{"itwinPlatform": ["itwin-platform"]}]
    for path, method, operation in operations():
        assert operation.get("security", spec()["security"]), f"{method} {path} is unsecured"


@pytest.mark.parametrize(
    ("where", "schema", "value"),
    list(media_examples()),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_example_fits_its_schema(where: str, schema: dict[str, Any], value: Any) -> None:
    OAS30Validator(schema).validate(value)


def test_every_body_has_an_example() -> None:
    missing = []
    for path, method, operation in operations():
        bodies = {"request": operation.get("requestBody", {})}
        bodies.update(operation["responses"])
        for status, body in bodies.items():
            for media_type, media in body.get("content", {}).items():
                if "example" not in media and not media.get("examples"):
                    missing.append(f"{method.upper()} {path} {status} {media_type}")
    assert missing == []


def test_successes_use_the_vendor_media_type_and_errors_also_plain_json() -> None:
    for path, method, operation in operations():
        for status, response in operation["responses"].items():
            media_types = set(response.get("content", {}))
            if not media_types:
                continue
            if status.startswith("2"):
                assert media_types == {VENDOR_JSON}, f"{method} {path} {status}"
            else:
                assert media_types == {VENDOR_JSON, "application/json"}, f"{method} {path} {status}"


def test_every_429_documents_retry_after() -> None:
    for path, method, operation in operations():
        assert "429" in operation["responses"], f"{method} {path} documents no 429"
        assert "Retry-After" in operation["responses"]["429"]["headers"]


def test_examples_do_not_fit_a_broken_schema() -> None:
    """Guards the example check itself: a wrong example must be caught."""
    schema = resolve({"$ref": "#/components/schemas/WorkspaceResponse"})
    with pytest.raises(Exception, match="required"):
        OAS30Validator(schema).validate({"workspace": {"id": "x"}})
