"""Recorded requests: what the fake received, in order, for a test's assertions."""

from __future__ import annotations

import httpx

from contextcapture import ContextCapture
from contextcapture.testing import FakeContextCapture, RecordedRequest
from tests.docs import ITWIN_ID
from tests.fake.conftest import TOKEN, WORKSPACES


def test_each_request_is_recorded_with_its_operation_and_answer(
    fake: FakeContextCapture, cc: ContextCapture
) -> None:
    workspace = cc.workspaces.create(name="Recorded", itwin_id=ITWIN_ID)
    cc.workspaces.delete(workspace.id)

    assert [(r.method, r.path, r.operation, r.status) for r in fake.requests] == [
        ("POST", WORKSPACES, "create-workspace", 201),
        ("DELETE", f"{WORKSPACES}/{workspace.id}", "delete-workspace", 204),
    ]


def test_the_body_is_recorded_as_sent(fake: FakeContextCapture, cc: ContextCapture) -> None:
    cc.workspaces.create(name="Recorded", itwin_id=ITWIN_ID)

    assert fake.requests[0].json() == {"name": "Recorded", "iTwinId": ITWIN_ID}


def test_a_request_without_a_body_records_none(
    fake: FakeContextCapture, cc: ContextCapture
) -> None:
    cc.limits.engines()

    assert (fake.requests[0].body, fake.requests[0].json()) == (b"", None)


def test_query_parameters_are_recorded(fake: FakeContextCapture, cc: ContextCapture) -> None:
    cc.limits.engines(ITWIN_ID)

    assert fake.requests[0].query["iTwinId"] == ITWIN_ID


def test_headers_are_recorded_authorization_included(
    fake: FakeContextCapture, cc: ContextCapture
) -> None:
    cc.limits.engines()

    headers = fake.requests[0].headers
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert headers["accept"] == "application/vnd.bentley.itwin-platform.v1+json"


def test_the_token_does_not_show_in_reprs(fake: FakeContextCapture, cc: ContextCapture) -> None:
    cc.limits.engines()

    request = fake.requests[0]
    assert TOKEN not in repr(request)
    assert TOKEN not in repr(request.headers)
    assert repr(request) == (
        "RecordedRequest(GET /contextcapture/limits/engines -> 200, operation='get-engines-limit')"
    )


def test_a_request_matching_no_operation_is_recorded_too(
    fake: FakeContextCapture, http: httpx.Client
) -> None:
    http.get("/contextcapture/unknown")

    assert (fake.requests[0].operation, fake.requests[0].status) == (None, 404)


def test_refused_requests_are_recorded_with_their_status(fake: FakeContextCapture) -> None:
    httpx.get(fake.url + "/contextcapture/limits/engines")

    assert fake.requests[0].status == 401


def test_the_record_is_complete_when_the_client_has_its_answer(
    fake: FakeContextCapture, cc: ContextCapture
) -> None:
    for expected in range(1, 21):
        cc.limits.engines()
        assert len(fake.requests) == expected


def test_requests_is_a_copy(fake: FakeContextCapture, cc: ContextCapture) -> None:
    cc.limits.engines()

    fake.requests.clear()

    assert len(fake.requests) == 1
    assert isinstance(fake.requests[0], RecordedRequest)


def test_clear_requests_forgets_them(fake: FakeContextCapture, cc: ContextCapture) -> None:
    cc.limits.engines()

    fake.clear_requests()

    assert fake.requests == []
