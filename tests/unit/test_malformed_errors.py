"""
Bodies the spec does not promise. The reference warns that a failure may come without an error body,
or with null or missing properties; whatever arrives, the caller gets the library's exception for
the status, never a JSONDecodeError, KeyError, TypeError or AttributeError from parsing it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import respx

from contextcapture import (
    APIError,
    AuthenticationError,
    InvalidResponseError,
    NotFoundError,
    RateLimitError,
    ServerError,
    UnprocessableEntityError,
)
from tests.docs import ITWIN_ID, WORKSPACE_ID, example
from tests.unit.conftest import WORKSPACES_PATH, workspace_path

STATUS_ERRORS: dict[int, type[APIError]] = {
    401: AuthenticationError,
    404: NotFoundError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: ServerError,
    502: ServerError,
}

HTML_PAGE = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
    "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
)


def _json(value: object) -> str:
    return json.dumps(value)


# Each row: a body the service (or a proxy in front of it) might send, its Content-Type, and the
# text the exception's str() must contain so that a reader can tell what came back. None: empty.
MALFORMED_BODIES = {
    "html error page": (HTML_PAGE, "text/html", "<title>502 Bad Gateway</title>"),
    "empty body": ("", "application/json", None),
    "plain text": (
        "upstream connect error or disconnect/reset before headers",
        "text/plain",
        "upstream connect error or disconnect/reset before headers",
    ),
    "truncated json": (
        '{"error": {"code": "WorkspaceNotFound", "mess',
        "application/json",
        '{"error": {"code": "WorkspaceNotFound", "mess',
    ),
    "json array": (
        _json([{"code": "Oops", "message": "not an object"}]),
        "application/json",
        '[{"code": "Oops"',
    ),
    "json of another shape": (
        _json({"statusCode": 500, "message": "Internal server error"}),
        "application/json",
        "Internal server error",
    ),
    "error is null": (_json({"error": None}), "application/json", '{"error": null}'),
    "code and message are null": (
        _json({"error": {"code": None, "message": None}}),
        "application/json",
        '{"error": {"code": null, "message": null}}',
    ),
    "error with extra fields": (
        _json(
            {
                "error": {
                    "code": "WorkspaceNotFound",
                    "message": "Requested workspace is not available.",
                    "innerError": {"requestId": "b5c1"},
                },
                "traceId": "00-ab-cd-01",
            }
        ),
        "application/json",
        "Requested workspace is not available.",
    ),
    "details not a list": (
        _json({"error": {"code": "Invalid", "message": "Cannot create workspace.", "details": {}}}),
        "application/json",
        "Cannot create workspace.",
    ),
    "details items not objects": (
        _json(
            {
                "error": {
                    "code": "Invalid",
                    "message": "Cannot create workspace.",
                    "details": ["InvalidParameter", 42, None],
                }
            }
        ),
        "application/json",
        "Cannot create workspace.",
    ),
}


@pytest.mark.parametrize("status", STATUS_ERRORS)
@pytest.mark.parametrize(
    ("body", "content_type", "shown"), MALFORMED_BODIES.values(), ids=MALFORMED_BODIES.keys()
)
def test_malformed_error_body_still_raises_the_status_exception(
    api: respx.MockRouter,
    cc: Any,
    status: int,
    body: str,
    content_type: str,
    shown: str | None,
) -> None:
    api.get(workspace_path(WORKSPACE_ID)).respond(
        status, content=body, headers={"Content-Type": content_type}
    )

    with pytest.raises(APIError) as caught:
        cc.workspaces.get(WORKSPACE_ID)

    error = caught.value
    assert type(error) is STATUS_ERRORS[status]
    assert error.status_code == status
    assert str(status) in str(error)
    assert (shown or "empty body") in str(error)


@pytest.mark.parametrize("body", ["details not a list", "details items not objects"])
def test_unusable_details_are_dropped_not_raised(api: respx.MockRouter, cc: Any, body: str) -> None:
    content, content_type, _ = MALFORMED_BODIES[body]
    api.post(WORKSPACES_PATH).respond(422, content=content, headers={"Content-Type": content_type})

    with pytest.raises(UnprocessableEntityError) as caught:
        cc.workspaces.create(name="My workspace", itwin_id=ITWIN_ID)

    assert caught.value.code == "Invalid"
    assert caught.value.details == []


def test_a_long_error_page_is_shown_as_a_short_excerpt(api: respx.MockRouter, cc: Any) -> None:
    page = "<html><body>" + "<p>Service Unavailable</p>" * 2000 + "</body></html>"
    api.get(workspace_path(WORKSPACE_ID)).respond(
        503, content=page, headers={"Content-Type": "text/html"}
    )

    with pytest.raises(ServerError) as caught:
        cc.workspaces.get(WORKSPACE_ID)

    assert "<html><body><p>Service Unavailable</p>" in str(caught.value)
    assert len(str(caught.value)) < 400


def test_error_fields_of_another_json_type_are_shown_as_text(
    api: respx.MockRouter, cc: Any
) -> None:
    body = {"error": {"code": 404, "message": ["Requested", "workspace"]}}
    api.get(workspace_path(WORKSPACE_ID)).respond(404, json=body)

    with pytest.raises(NotFoundError) as caught:
        cc.workspaces.get(WORKSPACE_ID)

    assert caught.value.code == "404"
    assert caught.value.message == '["Requested", "workspace"]'


# --- success statuses with bodies the spec does not allow ---------------------------------------

WORKSPACE = example("WorkspaceCreated")["workspace"]
MISFIT_SUCCESS_BODIES = {
    "empty object": _json({}),
    "workspace missing id": _json({"workspace": {k: v for k, v in WORKSPACE.items() if k != "id"}}),
    "workspace is null": _json({"workspace": None}),
    "workspace is a string": _json({"workspace": "e47cf092"}),
    "json array": _json([{"workspace": WORKSPACE}]),
    "not json": "<html><body>OK</body></html>",
    "empty body": "",
    "bad date": _json({"workspace": {**WORKSPACE, "createdDateTime": "18/05/2021 09:39"}}),
    "date is a number": _json({"workspace": {**WORKSPACE, "createdDateTime": 1621330763}}),
}


@pytest.mark.parametrize("body", MISFIT_SUCCESS_BODIES.values(), ids=MISFIT_SUCCESS_BODIES.keys())
def test_success_body_that_does_not_fit_the_spec_raises_invalid_response_error(
    api: respx.MockRouter, cc: Any, body: str
) -> None:
    api.get(workspace_path(WORKSPACE_ID)).respond(
        200, content=body, headers={"Content-Type": "application/json"}
    )

    with pytest.raises(InvalidResponseError) as caught:
        cc.workspaces.get(WORKSPACE_ID)

    assert caught.value.status_code == 200


def test_created_response_that_does_not_fit_the_spec_raises_invalid_response_error(
    api: respx.MockRouter, cc: Any
) -> None:
    api.post(WORKSPACES_PATH).respond(201, json={"id": WORKSPACE_ID})

    with pytest.raises(InvalidResponseError) as caught:
        cc.workspaces.create(name="My workspace", itwin_id=ITWIN_ID)

    assert caught.value.status_code == 201


def test_invalid_response_error_shows_the_status_and_an_excerpt(
    api: respx.MockRouter, cc: Any
) -> None:
    body = '{"workspace": {"name": "Survey"}}'
    api.get(workspace_path(WORKSPACE_ID)).respond(
        200, content=body, headers={"Content-Type": "application/json"}
    )

    with pytest.raises(InvalidResponseError) as caught:
        cc.workspaces.get(WORKSPACE_ID)

    assert "HTTP 200" in str(caught.value)
    assert body in str(caught.value)
