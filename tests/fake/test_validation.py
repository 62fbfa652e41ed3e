"""
Requests are checked against the shipped openapi.yaml before the fake acts on them: no bearer
token is 401, anything the spec forbids is 422 with one detail per problem, and what the spec
allows is let through.
"""

from __future__ import annotations

import time
from importlib import resources

import httpx
import pytest
import yaml

from contextcapture import AuthenticationError, ContextCapture
from contextcapture.testing import FakeContextCapture
from contextcapture.testing._spec import SpecGate
from tests.docs import ITWIN_ID, example, spec
from tests.fake.conftest import JOBS, WORKSPACES, job_request

WORKSPACE_BODY = {"name": "Bridge survey", "iTwinId": ITWIN_ID}


def details(response: httpx.Response) -> list[tuple[str, str | None]]:
    """(code, target) of each detail of a 422 answer, after checking its envelope."""
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "InvalidContextCaptureRequest"
    return [(detail["code"], detail.get("target")) for detail in error["details"]]


# --- the spec itself ------------------------------------------------------------------------------


def test_the_fake_reads_the_spec_shipped_with_the_client() -> None:
    shipped = resources.files("contextcapture_client").joinpath("openapi.yaml").read_text()

    assert yaml.safe_load(shipped) == spec()


def test_every_operation_of_the_spec_is_implemented() -> None:
    operations = SpecGate().operation_ids
    with FakeContextCapture() as fake:
        implemented = set(fake._service.handlers)

    assert operations <= implemented


# --- authentication -------------------------------------------------------------------------------


def test_no_authorization_header_is_header_not_found(fake: FakeContextCapture) -> None:
    response = httpx.post(fake.url + WORKSPACES, json=WORKSPACE_BODY)

    assert response.status_code == 401
    assert response.json() == example("HeaderNotFound")


@pytest.mark.parametrize("credentials", ["Basic dXNlcjpwYXNz", "Bearer", "token"])
def test_an_authorization_that_is_not_a_bearer_token_is_refused(
    fake: FakeContextCapture, credentials: str
) -> None:
    response = httpx.get(
        fake.url + "/contextcapture/limits/engines", headers={"Authorization": credentials}
    )

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "InvalidToken"


def test_authentication_comes_before_validation(fake: FakeContextCapture) -> None:
    response = httpx.post(fake.url + WORKSPACES, json={})

    assert response.status_code == 401


def test_any_bearer_token_is_accepted_by_default(fake: FakeContextCapture) -> None:
    with ContextCapture("whatever-token", base_url=fake.url) as cc:
        assert cc.limits.engines().max_engines == 25


def test_only_the_configured_token_is_accepted() -> None:
    with FakeContextCapture(token="the-right-one") as fake:
        with (
            ContextCapture("a-wrong-one", base_url=fake.url, max_retries=0) as cc,
            pytest.raises(AuthenticationError),
        ):
            cc.limits.engines()

        with ContextCapture("the-right-one", base_url=fake.url) as cc:
            assert cc.limits.engines().max_engines == 25


def test_the_accepted_token_can_change_during_a_test() -> None:
    with FakeContextCapture(token="first") as fake:
        fake.token = "rotated"

        with ContextCapture("rotated", base_url=fake.url) as cc:
            assert cc.limits.engines().max_engines == 25


# --- bodies ---------------------------------------------------------------------------------------


def test_a_missing_required_field_is_named(http: httpx.Client) -> None:
    response = http.post(WORKSPACES, json={"iTwinId": ITWIN_ID})

    assert details(response) == [("InvalidParameter", "name")]


def test_every_missing_field_is_named(http: httpx.Client) -> None:
    response = http.post(JOBS, json={"type": "Full"})

    assert sorted(target for _, target in details(response)) == [
        "inputs",
        "name",
        "settings",
        "workspaceId",
    ]


def test_a_nested_field_of_the_wrong_type_is_named_by_its_path(
    http: httpx.Client, workspace_id: str
) -> None:
    body = job_request(workspace_id)
    body["settings"]["processingEngines"] = "five"
    body["inputs"][1] = {"description": "an input without an id"}

    response = http.post(JOBS, json=body)

    assert sorted(target for _, target in details(response)) == [
        "inputs[1].id",
        "settings.processingEngines",
    ]


def test_a_null_where_the_spec_does_not_allow_one_is_refused(http: httpx.Client) -> None:
    response = http.post(WORKSPACES, json={"name": None, "iTwinId": ITWIN_ID})

    assert details(response) == [("InvalidParameter", "name")]


def test_a_format_the_spec_declares_is_checked(http: httpx.Client) -> None:
    response = http.post(WORKSPACES, json={"name": "W", "iTwinId": "not-a-uuid"})

    assert details(response) == [("InvalidParameter", "iTwinId")]


def test_a_body_that_is_not_an_object_is_refused(http: httpx.Client) -> None:
    response = http.post(WORKSPACES, json=["name", "iTwinId"])

    assert details(response) == [("InvalidParameter", None)]


def test_invalid_json_is_refused(http: httpx.Client) -> None:
    response = http.post(
        WORKSPACES, content=b'{"name": "W",', headers={"Content-Type": "application/json"}
    )

    assert details(response) == [("InvalidParameter", "body")]


def workspace_body_with(extra: str) -> bytes:
    """A valid create-workspace body as JSON text, with `extra` as the value of one more field."""
    return b'{"name": "W", "iTwinId": "%s", "extra": %s}' % (ITWIN_ID.encode(), extra.encode())


@pytest.mark.parametrize("depth", [65, 1000, 100_000])
def test_a_body_nested_deeper_than_64_levels_is_refused(
    fake: FakeContextCapture, http: httpx.Client, depth: int
) -> None:
    arrays = depth - 1  # the body itself is the first level
    content = workspace_body_with("[" * arrays + "]" * arrays)

    response = http.post(WORKSPACES, content=content, headers={"Content-Type": "application/json"})

    assert details(response) == [("InvalidParameter", "body")]
    assert "deeper than 64 levels" in response.json()["error"]["details"][0]["message"]
    assert [request.status for request in fake.requests] == [422]


def test_a_body_nested_64_levels_deep_is_accepted(http: httpx.Client) -> None:
    content = workspace_body_with("[" * 63 + "]" * 63)

    response = http.post(WORKSPACES, content=content, headers={"Content-Type": "application/json"})

    assert response.status_code == 201


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400", "9" * 4301])
def test_a_number_json_cannot_carry_is_refused(http: httpx.Client, number: str) -> None:
    content = workspace_body_with(number)

    response = http.post(WORKSPACES, content=content, headers={"Content-Type": "application/json"})

    assert details(response) == [("InvalidParameter", "body")]


def test_a_missing_body_is_refused(http: httpx.Client) -> None:
    response = http.post(WORKSPACES)

    assert details(response) == [("InvalidParameter", "body")]


def test_a_media_type_the_spec_does_not_declare_is_refused(http: httpx.Client) -> None:
    response = http.post(WORKSPACES, data={"name": "W", "iTwinId": ITWIN_ID})

    assert details(response) == [("InvalidParameter", "Content-Type")]


def test_a_json_media_type_with_parameters_is_accepted(http: httpx.Client) -> None:
    response = http.post(
        WORKSPACES,
        content=b'{"name": "W", "iTwinId": "%s"}' % ITWIN_ID.encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )

    assert response.status_code == 201


def test_properties_the_spec_does_not_list_are_let_through(http: httpx.Client) -> None:
    response = http.post(WORKSPACES, json=WORKSPACE_BODY | {"futureField": 1})

    assert response.status_code == 201


def test_a_chunked_body_is_read(http: httpx.Client) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"name": "Chunked", '
        yield b'"iTwinId": "%s"}' % ITWIN_ID.encode()

    response = http.post(WORKSPACES, content=chunks(), headers={"Content-Type": "application/json"})

    assert response.status_code == 201
    assert response.json()["workspace"]["name"] == "Chunked"


def test_every_request_example_of_the_spec_is_accepted(
    http: httpx.Client, workspace_id: str, job_id: str
) -> None:
    assert http.post(JOBS, json=job_request(workspace_id)).status_code == 201
    for name in ("JobPatchSettings", "JobPatchCostEstimation", "JobPatchSubmit"):
        assert http.patch(f"{JOBS}/{job_id}", json=example(name)).status_code == 200


# --- paths and parameters -------------------------------------------------------------------------


def test_an_unknown_path_is_the_platforms_resource_not_found(http: httpx.Client) -> None:
    response = http.get("/contextcapture/reality-data")

    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "ResourceNotFound"
    assert error["details"][0]["code"] == "OperationNotFound"


def test_a_method_the_path_does_not_have_is_resource_not_found(http: httpx.Client) -> None:
    response = http.put(f"{WORKSPACES}/e47cf092-729a-4ce2-b20e-9b01ad820cdb", json={})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "ResourceNotFound"


def test_a_trailing_slash_matches_no_operation(http: httpx.Client) -> None:
    assert http.get(WORKSPACES + "/").json()["error"]["code"] == "ResourceNotFound"


def test_path_parameters_are_percent_decoded(fake: FakeContextCapture, http: httpx.Client) -> None:
    http.get(f"{WORKSPACES}/a%20b")

    assert fake.requests[-1].operation == "get-workspace"
    assert fake.requests[-1].path == f"{WORKSPACES}/a%20b"


def test_query_parameters_the_spec_does_not_list_are_let_through(http: httpx.Client) -> None:
    response = http.get("/contextcapture/limits/engines", params={"iTwinId": ITWIN_ID, "x": "1"})

    assert response.status_code == 200


# --- speed ----------------------------------------------------------------------------------------


def test_validation_keeps_a_request_to_a_few_milliseconds(
    http: httpx.Client, workspace_id: str
) -> None:
    body = job_request(workspace_id)
    started = time.perf_counter()

    for _ in range(50):
        http.post(JOBS, json=body)

    # Measured at about 0.6 ms a request; the bound leaves room for a slow, busy CI machine.
    assert (time.perf_counter() - started) / 50 < 0.05
