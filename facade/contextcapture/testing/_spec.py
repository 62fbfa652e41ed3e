"""
The shipped openapi.yaml as the fake's gatekeeper: which operation a request is, whether its
credentials are present, and whether its parameters and body are what the spec allows.

Schemas are checked by openapi-schema-validator (OpenAPI 3.0 dialect, write direction, formats
checked). What the spec does not forbid is let through: unknown query parameters, extra
properties in bodies, and so on.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import unquote

import httpx

__all__ = [
    "MISSING_EXTRA",
    "InvalidRequest",
    "NoSuchOperation",
    "Operation",
    "Problem",
    "SpecGate",
    "Unauthorized",
    "load_spec",
]

SPEC_PACKAGE = "contextcapture_client"
SPEC_RESOURCE = "openapi.yaml"
# The URI the spec is registered under, so that its "#/components/..." references resolve.
SPEC_URI = "urn:contextcapture:openapi.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# The spec says header parameters by these names are ignored: HTTP itself governs them.
RESERVED_HEADERS = frozenset({"accept", "content-type", "authorization"})
# Deeper request bodies are refused: parsing, checking, copying and answering them would each
# recurse that deep. 64 is the default maximum depth of .NET's System.Text.Json.
MAX_BODY_DEPTH = 64
# Longer integers are refused: Python converts no longer ones (sys.get_int_max_str_digits).
MAX_INTEGER_DIGITS = 4300
MISSING_EXTRA = (
    "contextcapture.testing needs PyYAML and openapi-schema-validator: "
    "pip install 'contextcapture[testing]'"
)


class NoSuchOperation(Exception):
    """No operation of the spec has this method and path."""


class Unauthorized(Exception):
    """The request lacks the credentials the operation's security requirement asks for."""

    def __init__(self, *, header_present: bool) -> None:
        super().__init__("missing or malformed Authorization header")
        self.header_present = header_present


@dataclass(frozen=True)
class Problem:
    """One way in which a request breaks the spec; `target` names the offending field."""

    message: str
    target: str | None = None


class InvalidRequest(Exception):
    """The request's parameters or body break the spec."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class _Parameter:
    name: str
    location: str
    required: bool
    schema: Mapping[str, Any]
    validator: Any


@dataclass(frozen=True)
class Operation:
    """One operation of the spec, prepared for checking requests."""

    operation_id: str
    method: str
    path: str
    pattern: re.Pattern[str]
    path_names: tuple[str, ...]
    parameters: tuple[_Parameter, ...]
    body_required: bool
    body_validators: Mapping[str, Any]
    security: tuple[Mapping[str, Any], ...]


@functools.cache
def load_spec() -> dict[str, Any]:
    """The spec shipped inside contextcapture_client, parsed once per process."""
    try:
        import yaml  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError(MISSING_EXTRA) from exc
    text = resources.files(SPEC_PACKAGE).joinpath(SPEC_RESOURCE).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spec: dict[str, Any] = yaml.load(text, Loader=loader)
    return spec


class SpecGate:
    """Matches requests to the spec's operations and checks them against it."""

    def __init__(self, spec: Mapping[str, Any] | None = None) -> None:
        self.spec = load_spec() if spec is None else spec
        self._make_validator = _validator_factory(self.spec)
        self.operations = tuple(self._operations())
        self.operation_ids = frozenset(operation.operation_id for operation in self.operations)

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]]:
        """The operation for `method` and `path` (not percent-decoded), and its path parameters."""
        for operation in self.operations:
            found = operation.pattern.fullmatch(path)
            # Methods are case-sensitive (RFC 9110 9.1): "get" is not GET.
            if found is None or operation.method.upper() != method:
                continue
            values = {
                name: unquote(value)
                for name, value in zip(operation.path_names, found.groups(), strict=True)
            }
            return operation, values
        raise NoSuchOperation(f"{method} {path}")

    def check_security(self, operation: Operation, headers: httpx.Headers) -> str | None:
        """The bearer token when the operation needs one; raises Unauthorized when it is absent."""
        if not operation.security or any(not requirement for requirement in operation.security):
            return None
        # Limitation: every scheme is taken as a bearer token, which is what this spec declares
        # (oauth2); apiKey or basic schemes would need their own check.
        credentials: str | None = headers.get("authorization")
        if credentials is None:
            raise Unauthorized(header_present=False)
        scheme, _, token = credentials.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized(header_present=True)
        return token.strip()

    def validate(
        self,
        operation: Operation,
        path_values: Mapping[str, str],
        query: httpx.QueryParams,
        headers: httpx.Headers,
        body: bytes,
    ) -> Any:
        """The request body parsed as JSON (None without one); raises InvalidRequest."""
        problems: list[Problem] = []
        for parameter in operation.parameters:
            problems += _check_parameter(parameter, path_values, query, headers)

        payload = None
        if operation.body_validators:
            payload, body_problems = self._check_body(operation, headers, body)
            problems += body_problems

        if problems:
            raise InvalidRequest(problems)
        return payload

    def _check_body(
        self, operation: Operation, headers: httpx.Headers, body: bytes
    ) -> tuple[Any, list[Problem]]:
        if not body:
            if operation.body_required:
                return None, [Problem("A request body is required.", target="body")]
            return None, []

        content_type = headers.get("content-type", "")
        validator = _for_media_type(content_type, operation.body_validators)
        if validator is None:
            accepted = ", ".join(operation.body_validators)
            message = f"Content-Type {content_type or '(none)'!r} is not accepted; use {accepted}."
            return None, [Problem(message, target="Content-Type")]

        too_deep = Problem(f"The request body nests deeper than {MAX_BODY_DEPTH} levels.", "body")
        try:
            payload = json.loads(
                body, parse_constant=_refuse_constant, parse_float=_finite, parse_int=_integer
            )
        except RecursionError:
            return None, [too_deep]
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError among them
            return None, [Problem(f"The request body is not valid JSON: {exc}.", target="body")]
        if _nests_deeper(payload, MAX_BODY_DEPTH):
            return None, [too_deep]
        return payload, _schema_problems(validator, payload, prefix="")

    def _operations(self) -> list[Operation]:
        operations = []
        for path, item in self.spec.get("paths", {}).items():
            shared = item.get("parameters", [])
            for method in HTTP_METHODS:
                if method in item:
                    operations.append(self._operation(path, method, item[method], shared))
        # Literal segments win over templated ones, as OpenAPI asks ("/jobs/mine" before
        # "/jobs/{id}").
        operations.sort(key=lambda operation: len(operation.path_names))
        return operations

    def _operation(
        self, path: str, method: str, definition: Mapping[str, Any], shared: list[Any]
    ) -> Operation:
        pattern, names = _path_pattern(path)
        by_key: dict[tuple[str, str], Mapping[str, Any]] = {}
        # Operation-level parameters override path-level ones of the same name and location.
        for reference in [*shared, *definition.get("parameters", [])]:
            parameter = self._resolve(reference)
            by_key[(parameter["name"], parameter["in"])] = parameter

        parameters = tuple(
            self._parameter(parameter)
            for (name, location), parameter in by_key.items()
            if not (location == "header" and name.lower() in RESERVED_HEADERS)
        )
        body = self._resolve(definition.get("requestBody", {}))
        body_validators = {
            media_type.lower(): self._make_validator(media.get("schema", {}))
            for media_type, media in body.get("content", {}).items()
        }
        security = definition.get("security", self.spec.get("security", []))
        return Operation(
            operation_id=definition.get("operationId", f"{method} {path}"),
            method=method,
            path=path,
            pattern=pattern,
            path_names=names,
            parameters=parameters,
            body_required=bool(body.get("required", False)),
            body_validators=body_validators,
            security=tuple(security),
        )

    def _parameter(self, parameter: Mapping[str, Any]) -> _Parameter:
        schema = parameter.get("schema", {})
        return _Parameter(
            name=parameter["name"],
            location=parameter["in"],
            required=bool(parameter.get("required", parameter["in"] == "path")),
            schema=self._resolve(schema),
            validator=self._make_validator(schema),
        )

    def _resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        """`node`, or what its local $ref points to."""
        while "$ref" in node:
            target: Any = self.spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node


def _validator_factory(spec: Mapping[str, Any]) -> Any:
    """A function building an OpenAPI 3.0 request-schema validator whose $refs reach `spec`."""
    try:
        from openapi_schema_validator import OAS30WriteValidator, oas30_format_checker
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError(MISSING_EXTRA) from exc

    # OpenAPI 3.0 schemas are a JSON Schema draft 4 dialect.
    registry: Registry[Any] = Registry().with_resource(
        SPEC_URI, Resource.from_contents(dict(spec), default_specification=DRAFT4)
    )

    def make(schema: Mapping[str, Any]) -> Any:
        return OAS30WriteValidator(
            _anchored(schema), registry=registry, format_checker=oas30_format_checker
        )

    return make


def _anchored(node: Any) -> Any:
    """An inline schema whose local $refs ("#/components/...") point into the registered spec."""
    if isinstance(node, Mapping):
        return {
            key: SPEC_URI + value
            if key == "$ref" and isinstance(value, str) and value.startswith("#")
            else _anchored(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_anchored(item) for item in node]
    return node


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {_shortened(text)} is too large")
    return value


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise ValueError(f"the number {_shortened(text)} has over {MAX_INTEGER_DIGITS} digits")
    return int(text)


def _shortened(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:10]}...{text[-10:]}"


def _nests_deeper(value: Any, limit: int) -> bool:
    """Whether `value` has arrays or objects more than `limit` levels deep (no recursion)."""
    pending = [(value, 1)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        pending += [(child, depth + 1) for child in children]
    return False


def _path_pattern(path: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    names: list[str] = []
    pattern = ""
    for literal, name in re.findall(r"([^{]*)(?:\{([^}]+)\})?", path):
        pattern += re.escape(literal)
        if name:
            names.append(name)
            pattern += "([^/]+)"
    return re.compile(pattern), tuple(names)


def _check_parameter(
    parameter: _Parameter,
    path_values: Mapping[str, str],
    query: httpx.QueryParams,
    headers: httpx.Headers,
) -> list[Problem]:
    if parameter.location == "path":
        raw = path_values.get(parameter.name)
    elif parameter.location == "query":
        raw = query.get(parameter.name)
    elif parameter.location == "header":
        raw = headers.get(parameter.name)
    else:
        # Limitation: cookie parameters are not checked; the spec declares none.
        return []

    if raw is None:
        if parameter.required:
            message = f"The {parameter.location} parameter {parameter.name!r} is required."
            return [Problem(message, target=parameter.name)]
        return []
    value = _from_text(raw, parameter.schema)
    return _schema_problems(parameter.validator, value, prefix=parameter.name)


def _from_text(raw: str, schema: Mapping[str, Any]) -> Any:
    """A parameter's text as the type its schema declares, or the text when it does not fit."""
    kind = schema.get("type")
    try:
        if kind == "integer":
            return int(raw)
        if kind == "number":
            return float(raw)
    except ValueError:
        return raw
    if kind == "boolean" and raw in ("true", "false"):
        return raw == "true"
    return raw


def _for_media_type(content_type: str, validators: Mapping[str, Any]) -> Any:
    essence = content_type.split(";", 1)[0].strip().lower()
    if not essence:
        return None
    kind = essence.split("/", 1)[0]
    for candidate in (essence, f"{kind}/*", "*/*"):
        if candidate in validators:
            return validators[candidate]
    return None


def _schema_problems(validator: Any, value: Any, *, prefix: str) -> list[Problem]:
    by_target: dict[str | None, list[str]] = {}
    for error in validator.iter_errors(value):
        path = [*error.absolute_path]
        if error.validator == "required" and isinstance(error.instance, dict):
            # The error sits on the object; the field that is missing makes a better target.
            path += [
                name
                for name in error.validator_value
                if name not in error.instance and error.message.startswith(repr(name))
            ][:1]
        by_target.setdefault(_target(prefix, path), []).append(error.message)

    problems = []
    for target, messages in by_target.items():
        # Nullability and type are reported twice for a null; the type message says more.
        useful = [text for text in messages if not text.endswith("for not nullable")] or messages
        problems += [Problem(text, target=target) for text in dict.fromkeys(useful)]
    return problems


def _target(prefix: str, path: list[Any]) -> str | None:
    text = prefix
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text = f"{text}.{part}" if text else str(part)
    return text or None
