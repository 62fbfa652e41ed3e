"""Specification of `cc.workspaces` against the reference's example payloads, for both clients."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
import respx

from contextcapture import (
    VENDOR_MEDIA_TYPE,
    APIError,
    AuthenticationError,
    ConflictError,
    ErrorDetail,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnprocessableEntityError,
    __version__,
)
from contextcapture_client.models import Workspace
from tests.docs import ITWIN_ID, WORKSPACE_ID, example
from tests.unit.conftest import BASE_URL, TOKEN, WORKSPACES_PATH, workspace_path


@dataclass(frozen=True)
class Operation:
    """One workspace operation: its HTTP call, its success status and how a test invokes it."""

    method: str
    path: str
    success_status: int
    call: Callable[[Any], Any]

    def route(self, api: respx.MockRouter) -> respx.Route:
        return api.route(method=self.method, path=self.path)

    def succeeds(self, api: respx.MockRouter) -> respx.Route:
        """Route this operation to its documented success response."""
        body = None if self.success_status == 204 else example("WorkspaceCreated")
        return self.route(api).respond(self.success_status, json=body)


CREATE = Operation(
    "POST",
    WORKSPACES_PATH,
    201,
    lambda cc: cc.workspaces.create(name="My workspace", itwin_id=ITWIN_ID),
)
GET = Operation(
    "GET", workspace_path(WORKSPACE_ID), 200, lambda cc: cc.workspaces.get(WORKSPACE_ID)
)
DELETE = Operation(
    "DELETE", workspace_path(WORKSPACE_ID), 204, lambda cc: cc.workspaces.delete(WORKSPACE_ID)
)
ALL_OPERATIONS = pytest.mark.parametrize(
    "operation", [CREATE, GET, DELETE], ids=["create", "get", "delete"]
)


# --- success -----------------------------------------------------------------------------------


def test_create_returns_the_created_workspace(api: respx.MockRouter, cc: Any) -> None:
    api.post(WORKSPACES_PATH).respond(201, json=example("WorkspaceCreated"))

    workspace = cc.workspaces.create(name="My workspace", itwin_id=ITWIN_ID)

    assert isinstance(workspace, Workspace)
    assert workspace.id == WORKSPACE_ID
    assert workspace.name == "My workspace"
    assert workspace.i_twin_id == ITWIN_ID
    assert workspace.context_capture_version == "20.1"


def test_get_returns_the_workspace(api: respx.MockRouter, cc: Any) -> None:
    api.get(workspace_path(WORKSPACE_ID)).respond(200, json=example("WorkspaceCreated"))

    workspace = cc.workspaces.get(WORKSPACE_ID)

    assert isinstance(workspace, Workspace)
    assert workspace.id == WORKSPACE_ID


def test_delete_returns_none_on_204(api: respx.MockRouter, cc: Any) -> None:
    route = api.delete(workspace_path(WORKSPACE_ID)).respond(204)

    assert cc.workspaces.delete(WORKSPACE_ID) is None
    assert route.call_count == 1


def test_created_date_time_is_a_timezone_aware_datetime(api: respx.MockRouter, cc: Any) -> None:
    api.get(workspace_path(WORKSPACE_ID)).respond(200, json=example("WorkspaceCreated"))

    workspace = cc.workspaces.get(WORKSPACE_ID)

    assert workspace.created_date_time == datetime(2021, 5, 18, 9, 39, 23, 436000, tzinfo=UTC)
    assert workspace.created_date_time.utcoffset() is not None


def test_created_date_time_without_fractional_seconds_is_accepted(
    api: respx.MockRouter, cc: Any
) -> None:
    payload = example("WorkspaceCreated")
    payload["workspace"]["createdDateTime"] = "2021-05-18T09:39:55Z"
    api.get(workspace_path(WORKSPACE_ID)).respond(200, json=payload)

    workspace = cc.workspaces.get(WORKSPACE_ID)

    assert workspace.created_date_time == datetime(2021, 5, 18, 9, 39, 55, tzinfo=UTC)


def test_to_dict_gives_back_the_api_keys_and_values(api: respx.MockRouter, cc: Any) -> None:
    sent = example("WorkspaceCreated")["workspace"]
    api.get(workspace_path(WORKSPACE_ID)).respond(200, json={"workspace": sent})

    returned = cc.workspaces.get(WORKSPACE_ID).to_dict()

    assert returned.keys() == sent.keys()
    created = returned.pop("createdDateTime")
    assert datetime.fromisoformat(created) == datetime.fromisoformat(sent.pop("createdDateTime"))
    assert returned == sent


def test_a_success_body_in_the_vendor_media_type_is_parsed(api: respx.MockRouter, cc: Any) -> None:
    api.get(workspace_path(WORKSPACE_ID)).respond(
        200, json=example("WorkspaceCreated"), headers={"Content-Type": VENDOR_MEDIA_TYPE}
    )

    assert cc.workspaces.get(WORKSPACE_ID).id == WORKSPACE_ID


# --- what is sent --------------------------------------------------------------------------------


@ALL_OPERATIONS
def test_every_request_carries_the_bearer_token(
    api: respx.MockRouter, cc: Any, operation: Operation
) -> None:
    route = operation.succeeds(api)

    operation.call(cc)

    assert route.calls.last.request.headers["Authorization"] == f"Bearer {TOKEN}"


@ALL_OPERATIONS
def test_every_request_accepts_the_vendor_media_type(
    api: respx.MockRouter, cc: Any, operation: Operation
) -> None:
    route = operation.succeeds(api)

    operation.call(cc)

    assert route.calls.last.request.headers["Accept"] == VENDOR_MEDIA_TYPE


def test_requests_identify_the_library_in_the_user_agent(api: respx.MockRouter, cc: Any) -> None:
    route = api.delete(workspace_path(WORKSPACE_ID)).respond(204)

    cc.workspaces.delete(WORKSPACE_ID)

    assert f"contextcapture-python/{__version__}" in route.calls.last.request.headers["User-Agent"]


def test_create_sends_exactly_name_and_itwin_id(api: respx.MockRouter, cc: Any) -> None:
    route = api.post(WORKSPACES_PATH).respond(201, json=example("WorkspaceCreated"))

    cc.workspaces.create(name="Bridge survey", itwin_id=ITWIN_ID)

    request = route.calls.last.request
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {"name": "Bridge survey", "iTwinId": ITWIN_ID}


def test_create_sends_the_context_capture_version_when_given(
    api: respx.MockRouter, cc: Any
) -> None:
    route = api.post(WORKSPACES_PATH).respond(201, json=example("WorkspaceCreated"))

    cc.workspaces.create(name="Bridge survey", itwin_id=ITWIN_ID, context_capture_version="20.1")

    assert json.loads(route.calls.last.request.content) == {
        "name": "Bridge survey",
        "iTwinId": ITWIN_ID,
        "contextCaptureVersion": "20.1",
    }


def test_get_puts_the_workspace_id_in_the_path(api: respx.MockRouter, cc: Any) -> None:
    route = api.get(workspace_path(WORKSPACE_ID)).respond(200, json=example("WorkspaceCreated"))

    cc.workspaces.get(WORKSPACE_ID)

    assert route.calls.last.request.url == f"{BASE_URL}{WORKSPACES_PATH}/{WORKSPACE_ID}"


def test_an_id_with_a_slash_stays_one_path_segment(api: respx.MockRouter, cc: Any) -> None:
    route = api.get(workspace_path("..%2Fjobs%2Fx")).respond(200, json=example("WorkspaceCreated"))

    cc.workspaces.get("../jobs/x")

    assert route.calls.last.request.url.raw_path == b"/contextcapture/workspaces/..%2Fjobs%2Fx"


# --- documented errors ---------------------------------------------------------------------------


@ALL_OPERATIONS
def test_401_header_not_found_raises_authentication_error(
    api: respx.MockRouter, cc: Any, operation: Operation
) -> None:
    operation.route(api).respond(401, json=example("HeaderNotFound"))

    with pytest.raises(AuthenticationError) as caught:
        operation.call(cc)

    assert caught.value.status_code == 401
    assert caught.value.code == "HeaderNotFound"
    assert caught.value.message == (
        "Header Authorization was not found in the request. Access denied."
    )


@pytest.mark.parametrize("operation", [GET, DELETE], ids=["get", "delete"])
def test_404_workspace_not_found_raises_not_found_error(
    api: respx.MockRouter, cc: Any, operation: Operation
) -> None:
    operation.route(api).respond(404, json=example("WorkspaceNotFound"))

    with pytest.raises(NotFoundError) as caught:
        operation.call(cc)

    assert caught.value.status_code == 404
    assert caught.value.code == "WorkspaceNotFound"
    assert caught.value.message == "Requested workspace is not available."


def test_422_raises_unprocessable_entity_error_with_its_details(
    api: respx.MockRouter, cc: Any
) -> None:
    api.post(WORKSPACES_PATH).respond(422, json=example("CannotCreateWorkspace"))

    with pytest.raises(UnprocessableEntityError) as caught:
        cc.workspaces.create(name="My workspace", itwin_id=ITWIN_ID)

    assert caught.value.code == "InvalidContextCaptureRequest"
    assert caught.value.message == "Cannot create workspace."
    assert caught.value.details == [
        ErrorDetail(
            code="InvalidParameter",
            message="No processing cluster in project location.",
            target=None,
        )
    ]


def test_422_str_lists_code_message_and_details(api: respx.MockRouter, cc: Any) -> None:
    api.post(WORKSPACES_PATH).respond(422, json=example("CannotCreateWorkspace"))

    with pytest.raises(UnprocessableEntityError) as caught:
        cc.workspaces.create(name="My workspace", itwin_id=ITWIN_ID)

    text = str(caught.value)
    assert "422 InvalidContextCaptureRequest: Cannot create workspace." in text
    assert "InvalidParameter: No processing cluster in project location." in text


def test_error_target_is_kept(api: respx.MockRouter, cc: Any) -> None:
    body = {"error": {"code": "InvalidParameter", "message": "Bad name.", "target": "name"}}
    api.post(WORKSPACES_PATH).respond(422, json=body)

    with pytest.raises(UnprocessableEntityError) as caught:
        cc.workspaces.create(name="My workspace", itwin_id=ITWIN_ID)

    assert caught.value.target == "name"


@ALL_OPERATIONS
def test_429_raises_rate_limit_error_with_retry_after(
    api: respx.MockRouter, cc: Any, operation: Operation
) -> None:
    operation.route(api).respond(
        429, json=example("RateLimitExceeded"), headers={"Retry-After": "17"}
    )

    with pytest.raises(RateLimitError) as caught:
        operation.call(cc)

    assert caught.value.code == "RateLimitExceeded"
    assert caught.value.retry_after == 17.0


def test_429_without_retry_after_has_retry_after_none(api: respx.MockRouter, cc: Any) -> None:
    api.get(workspace_path(WORKSPACE_ID)).respond(429, json=example("RateLimitExceeded"))

    with pytest.raises(RateLimitError) as caught:
        cc.workspaces.get(WORKSPACE_ID)

    assert caught.value.retry_after is None


# --- undocumented statuses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, APIError),
        (403, PermissionDeniedError),
        (405, APIError),
        (409, ConflictError),
        (418, APIError),
        (500, ServerError),
        (503, ServerError),
    ],
)
def test_status_maps_to_its_exception_class(
    api: respx.MockRouter, cc: Any, status: int, error_class: type[APIError]
) -> None:
    body = {"error": {"code": "SomeCode", "message": "Something went wrong."}}
    api.get(workspace_path(WORKSPACE_ID)).respond(status, json=body)

    with pytest.raises(APIError) as caught:
        cc.workspaces.get(WORKSPACE_ID)

    assert type(caught.value) is error_class
    assert caught.value.status_code == status
    assert caught.value.code == "SomeCode"


def test_error_keeps_the_response(api: respx.MockRouter, cc: Any) -> None:
    api.get(workspace_path(WORKSPACE_ID)).respond(404, json=example("WorkspaceNotFound"))

    with pytest.raises(NotFoundError) as caught:
        cc.workspaces.get(WORKSPACE_ID)

    assert caught.value.response.status_code == 404
    assert caught.value.response.json() == example("WorkspaceNotFound")


# --- error media types ---------------------------------------------------------------------------


@pytest.mark.parametrize("media_type", ["application/json", VENDOR_MEDIA_TYPE])
def test_error_body_is_parsed_whatever_its_json_media_type(
    api: respx.MockRouter, cc: Any, media_type: str
) -> None:
    api.get(workspace_path(WORKSPACE_ID)).respond(
        404, content=json.dumps(example("WorkspaceNotFound")), headers={"Content-Type": media_type}
    )

    with pytest.raises(NotFoundError) as caught:
        cc.workspaces.get(WORKSPACE_ID)

    assert caught.value.code == "WorkspaceNotFound"
    assert caught.value.message == "Requested workspace is not available."
