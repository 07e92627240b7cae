"""Check requests and responses against the vendored OpenAPI description of GitHub's REST API.

The fake is only useful if what it sends is what GitHub would send, so every exchange is
validated here. OpenAPI 3.0 schemas are *almost* JSON Schema draft 4; the differences that
matter for this document are handled in `to_json_schema`:

* `nullable: true` becomes an explicit `"null"` type. GitHub's description marks some
  `enum`s nullable without listing `null` among the values (e.g. `issue.state_reason`), so
  null is added to those enums too; a nullable `$ref`/`oneOf`/`anyOf`/`allOf` is wrapped in
  `anyOf: [{"type": "null"}, ...]` because a type list cannot express it.
* OpenAPI-only keywords (`discriminator`, `example`, `x-*`, ...) are dropped; property
  names are never touched, so a property called `deprecated` survives.
* `$ref`s stay as they are (`#/components/schemas/...`): the converted components are
  embedded in every validator's root schema, so JSON pointers resolve in place.
"""

from __future__ import annotations

import ast
import json
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
from jsonschema.exceptions import ValidationError

CONTRACT_DIR = Path(__file__).resolve().parent / "contract"
SPEC_PATH = CONTRACT_DIR / "github-rest-subset.json"
REPLAY_DIR = CONTRACT_DIR / "replay"
# Operations beyond the vendored subset (editing a comment) and statuses GitHub sends that
# the vendored operations do not list (301, 304), written from GitHub's documentation;
# kept in a file of their own so the vendored one stays a verbatim copy.
EXTENSIONS_PATH = CONTRACT_DIR / "extensions.json"


def merge_extensions(spec: dict[str, Any], extensions: Mapping[str, Any]) -> None:
    """Add extensions.json to the vendored document, in place; it may only add.

    `paths` holds whole operations the vendored subset lacks. `responses` holds statuses
    GitHub sends for vendored operations without the document listing them (path ->
    method -> status -> response); a status the vendored operation already documents is
    an error, so the vendored text always wins.
    """
    paths = spec["paths"]
    for template, item in extensions.get("paths", {}).items():
        if template in paths:
            raise ValueError(f"extensions.json: {template} is already in the vendored contract")
        paths[template] = item
    for template, methods in extensions.get("responses", {}).items():
        for method, statuses in methods.items():
            operation = paths[template][method]
            responses = operation["responses"]
            for status, response in statuses.items():
                if status in responses:
                    raise ValueError(
                        f"extensions.json: {method.upper()} {template} already documents {status}"
                    )
                responses[status] = response


# Keywords whose value is a map of name -> schema, a list of schemas, or one schema.
_SCHEMA_MAPS = ("properties", "patternProperties")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SCHEMA_SINGLE = ("items", "additionalProperties", "not")
_OPENAPI_ONLY = {"nullable", "discriminator", "example", "examples", "xml", "externalDocs", "deprecated"}

# GitHub's timestamps are ISO 8601 in UTC with a Z, to the second ("2025-09-17T11:53:11Z").
# Documented in the description text, contradicted by the schema (see check_request).
_EMPTY_LIST_ALLOWED = {("PUT", "/repos/{owner}/{repo}/issues/{issue_number}/labels")}

_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def to_json_schema(node: Any) -> Any:
    """Convert one OpenAPI 3.0 schema object (recursively) into JSON Schema draft 4."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _OPENAPI_ONLY or key.startswith("x-"):
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [to_json_schema(sub) for sub in value]
        elif key in _SCHEMA_SINGLE and isinstance(value, dict):
            out[key] = to_json_schema(value)
        else:
            out[key] = value
    if node.get("nullable") is not True:
        return out
    if any(k in out for k in ("$ref", *_SCHEMA_LISTS)):
        # In OpenAPI 3.0 siblings of $ref are ignored, and a type list cannot make a
        # oneOf branch nullable, so null is offered as a separate alternative.
        return {"anyOf": [{"type": "null"}, out]}
    if "type" in out:
        types = out["type"] if isinstance(out["type"], list) else [out["type"]]
        out["type"] = [*types, "null"] if "null" not in types else types
    if "enum" in out and None not in out["enum"]:
        out["enum"] = [*out["enum"], None]
    return out


def _format_checker() -> jsonschema.FormatChecker:
    """Formats GitHub relies on; jsonschema's own checkers need optional packages we lack."""
    checker = jsonschema.FormatChecker(formats=())

    @checker.checks("date-time")
    def _date_time(value: object) -> bool:
        return not isinstance(value, str) or bool(_DATE_TIME.match(value))

    @checker.checks("uri")
    def _uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and parts.netloc)

    @checker.checks("email")
    def _email(value: object) -> bool:
        return not isinstance(value, str) or "@" in value

    return checker


@dataclass(frozen=True)
class ContractViolation:
    """One way in which an exchange with the fake departed from the contract."""

    method: str
    path: str
    where: str  # "route", "request query", "request body" or "response 200" etc.
    message: str

    def __str__(self) -> str:
        return f"{self.method} {self.path}: {self.where}: {self.message}"


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    pattern: re.Pattern[str]
    spec: Mapping[str, Any]

    @property
    def operation_id(self) -> str:
        return str(self.spec.get("operationId", f"{self.method} {self.template}"))


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    regex = "".join(f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{regex}$")


def _describe(error: ValidationError) -> str:
    where = "".join(f"[{p!r}]" for p in error.absolute_path) or "<root>"
    return f"{where}: {error.message[:300]}"


def only_missing_fields(error: ValidationError) -> bool:
    """True when the error is (or, in a oneOf/anyOf, one branch is) only about absent fields.

    Used for the 2012 replay recordings, which predate fields the schema now requires.
    """
    if error.validator == "required":
        return True
    if error.validator in ("oneOf", "anyOf") and error.context:
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        return any(all(only_missing_fields(e) for e in errs) for errs in branches.values())
    return False


class Contract:
    """The operations of the vendored OpenAPI document, with cached schema validators."""

    def __init__(self, spec_path: Path = SPEC_PATH) -> None:
        self.spec: dict[str, Any] = json.loads(spec_path.read_text(encoding="utf-8"))
        if spec_path == SPEC_PATH:
            extensions = json.loads(EXTENSIONS_PATH.read_text(encoding="utf-8"))
            merge_extensions(self.spec, extensions)
        self._components = {
            "schemas": {k: to_json_schema(v) for k, v in self.spec["components"]["schemas"].items()}
        }
        self._checker = _format_checker()
        self._validators: dict[str, jsonschema.Draft4Validator] = {}
        self._lock = threading.Lock()

    @cached_property
    def operations(self) -> list[Operation]:
        ops = []
        for template, item in self.spec["paths"].items():
            for method, spec in item.items():
                if method in ("get", "post", "put", "patch", "delete"):
                    ops.append(Operation(method.upper(), template, _template_regex(template), spec))
        return ops

    def find(self, method: str, path: str) -> Operation | None:
        for op in self.operations:
            if op.method == method and op.pattern.match(path):
                return op
        return None

    def _resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        """Follow a `$ref` to a component that is not a schema (response, parameter)."""
        while "$ref" in node:
            target: Any = self.spec
            for part in str(node["$ref"]).removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def validator(self, key: str, schema: Mapping[str, Any]) -> jsonschema.Draft4Validator:
        with self._lock:
            found = self._validators.get(key)
            if found is None:
                root = {"allOf": [to_json_schema(dict(schema))], "components": self._components}
                found = jsonschema.Draft4Validator(root, format_checker=self._checker)
                self._validators[key] = found
            return found

    def schema_errors(
        self, key: str, schema: Mapping[str, Any], instance: Any, *, ignore_missing: bool = False
    ) -> list[str]:
        errors: Iterable[ValidationError] = self.validator(key, schema).iter_errors(instance)
        if ignore_missing:
            errors = (e for e in errors if not only_missing_fields(e))
        return [_describe(e) for e in sorted(errors, key=lambda e: list(map(str, e.absolute_path)))][:5]

    # --- requests ---------------------------------------------------------------------

    def check_request(
        self, method: str, path: str, query: Mapping[str, list[str]], body: Any, has_body: bool
    ) -> list[tuple[str, str]]:
        """Return (where, message) pairs for everything wrong with the request."""
        op = self.find(method, path)
        if op is None:
            return [("route", "no operation in the contract matches this method and path")]
        problems: list[tuple[str, str]] = []
        params = [self._resolve(p) for p in op.spec.get("parameters", [])]
        match = op.pattern.match(path)
        assert match is not None
        for p in params:
            schema = p.get("schema", {})
            if p["in"] == "path" and schema.get("type") == "integer" and not match[p["name"]].isdigit():
                problems.append(("request path", f"{p['name']}={match[p['name']]!r} is not an integer"))
        known = {p["name"]: p.get("schema", {}) for p in params if p["in"] == "query"}
        for name, values in query.items():
            if name not in known:
                problems.append(("request query", f"parameter {name!r} is not in the contract"))
                continue
            for value in values:
                problems.extend(("request query", m) for m in _query_value_problems(name, value, known[name]))
        request_body = op.spec.get("requestBody")
        if request_body is None:
            if has_body:
                problems.append(("request body", "this operation takes no request body"))
        elif not has_body:
            if request_body.get("required"):
                problems.append(("request body", "a JSON body is required"))
        elif (op.method, op.template) in _EMPTY_LIST_ALLOWED and body in ([], {"labels": []}):
            pass  # the operation's text allows [] to clear labels; its schema says minItems 1
        else:
            schema = request_body["content"]["application/json"]["schema"]
            key = f"{op.method} {op.template} request"
            problems.extend(("request body", m) for m in self.schema_errors(key, schema, body))
        return problems

    # --- responses --------------------------------------------------------------------

    def response_schema(self, op: Operation, status: int) -> tuple[Mapping[str, Any] | None, str | None]:
        """The JSON schema for `status`, or (None, reason) when the status is not documented."""
        responses = op.spec["responses"]
        response = responses.get(str(status), responses.get("default"))
        if response is None:
            if status >= 400:
                # GitHub documents `basic-error` as the body of any error; statuses such as
                # 401, 500 or 502 can happen on every operation without being listed.
                return {"$ref": "#/components/schemas/basic-error"}, None
            return None, f"status {status} is not documented for {op.operation_id}"
        content = self._resolve(response).get("content", {})
        json_content = content.get("application/json")
        return (json_content["schema"] if json_content else None), None

    def check_response(
        self, method: str, path: str, status: int, body: Any, *, ignore_missing: bool = False
    ) -> list[str]:
        op = self.find(method, path)
        if op is None:
            return []  # already reported as a request problem
        schema, reason = self.response_schema(op, status)
        if reason is not None:
            return [reason]
        if schema is None:
            return []  # e.g. 304, or POST requested_reviewers' 422 which documents no body
        if body is None:
            return ["a JSON body is documented but the response has none"]
        key = f"{op.method} {op.template} {status}"
        return self.schema_errors(key, schema, body, ignore_missing=ignore_missing)


@dataclass(frozen=True)
class Exchange:
    """One recorded request/response pair from a PyGithub replay file."""

    method: str
    path: str  # with query
    request_body: Any
    status: int
    headers: dict[str, str]
    body: Any


def load_replay(path: Path) -> list[Exchange]:
    """Parse a PyGithub ReplayData file: 10 lines per exchange, then a blank line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    exchanges = []
    for start in range(0, len(lines) - 9, 11):
        block = lines[start : start + 10]
        if not block[0]:
            break
        headers = {k.lower(): v for k, v in ast.literal_eval(block[8])}
        exchanges.append(
            Exchange(
                method=block[1],
                path=block[4],
                request_body=None if block[6] == "None" else json.loads(block[6]),
                status=int(block[7]),
                headers=headers,
                body=json.loads(block[9]) if block[9].strip() else None,
            )
        )
    return exchanges


def _query_value_problems(name: str, value: str, schema: Mapping[str, Any]) -> list[str]:
    if schema.get("type") == "integer" and not re.fullmatch(r"-?\d+", value):
        return [f"{name}={value!r} is not an integer"]
    enum = schema.get("enum")
    if enum is not None and value not in enum:
        return [f"{name}={value!r} is not one of {enum}"]
    return []
