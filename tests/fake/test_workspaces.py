"""Workspaces in the fake: stored, fresh ids, and gone (404 WorkspaceNotFound) once deleted."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import httpx
import pytest

from contextcapture import ContextCapture, NotFoundError, UnprocessableEntityError
from contextcapture.testing import FakeContextCapture
from tests.docs import ITWIN_ID, example
from tests.fake.conftest import TOKEN, WORKSPACES


def test_create_answers_the_new_workspace_with_a_fresh_uuid(cc: ContextCapture) -> None:
    workspace = cc.workspaces.create(name="Bridge survey", itwin_id=ITWIN_ID)

    assert uuid.UUID(workspace.id).version == 4
    assert workspace.name == "Bridge survey"
    assert workspace.i_twin_id == ITWIN_ID


def test_every_workspace_gets_its_own_id(cc: ContextCapture) -> None:
    ids = {cc.workspaces.create(name="Same name", itwin_id=ITWIN_ID).id for _ in range(3)}

    assert len(ids) == 3


def test_creation_time_is_the_fake_clock(fake: FakeContextCapture, cc: ContextCapture) -> None:
    fake.advance(3600)

    workspace = cc.workspaces.create(name="Later", itwin_id=ITWIN_ID)

    assert workspace.created_date_time == fake.now


def test_creation_time_is_written_like_the_service_writes_it(
    fake: FakeContextCapture, http: httpx.Client
) -> None:
    body = http.post(WORKSPACES, json={"name": "W", "iTwinId": ITWIN_ID}).json()

    written = body["workspace"]["createdDateTime"]
    assert written.endswith("Z")
    assert datetime.fromisoformat(written) == fake.now.astimezone(UTC)


def test_the_requested_contextcapture_version_is_kept(cc: ContextCapture) -> None:
    workspace = cc.workspaces.create(
        name="Pinned", itwin_id=ITWIN_ID, context_capture_version="21.0"
    )

    assert workspace.context_capture_version == "21.0"


def test_a_version_is_chosen_when_none_is_asked_for(cc: ContextCapture) -> None:
    workspace = cc.workspaces.create(name="Unpinned", itwin_id=ITWIN_ID)

    assert workspace.context_capture_version == "20.1"


def test_get_answers_what_create_answered(cc: ContextCapture) -> None:
    created = cc.workspaces.create(name="Bridge survey", itwin_id=ITWIN_ID)

    assert cc.workspaces.get(created.id).to_dict() == created.to_dict()


def test_get_after_delete_is_workspace_not_found(cc: ContextCapture) -> None:
    workspace = cc.workspaces.create(name="Short-lived", itwin_id=ITWIN_ID)

    cc.workspaces.delete(workspace.id)

    with pytest.raises(NotFoundError) as caught:
        cc.workspaces.get(workspace.id)
    documented = example("WorkspaceNotFound")["error"]
    assert (caught.value.code, caught.value.message) == (
        documented["code"],
        documented["message"],
    )


def test_delete_twice_is_workspace_not_found(cc: ContextCapture) -> None:
    workspace = cc.workspaces.create(name="Short-lived", itwin_id=ITWIN_ID)
    cc.workspaces.delete(workspace.id)

    with pytest.raises(NotFoundError, match="WorkspaceNotFound"):
        cc.workspaces.delete(workspace.id)


def test_an_unknown_id_is_workspace_not_found(http: httpx.Client) -> None:
    response = http.get(f"{WORKSPACES}/e47cf092-729a-4ce2-b20e-9b01ad820cdb")

    assert response.status_code == 404
    assert response.json() == example("WorkspaceNotFound")


def test_the_fake_lists_its_workspaces(fake: FakeContextCapture, http: httpx.Client) -> None:
    workspace = http.post(WORKSPACES, json={"name": "Listed", "iTwinId": ITWIN_ID}).json()

    assert fake.workspaces == {workspace["workspace"]["id"]: workspace["workspace"]}


def test_without_an_itwin_the_workspace_cannot_be_created(http: httpx.Client) -> None:
    response = http.post(WORKSPACES, json={"name": "Nowhere"})

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "InvalidContextCaptureRequest"
    assert error["details"][0]["target"] == "iTwinId"


def test_an_itwin_the_fake_does_not_know_is_refused() -> None:
    with (
        FakeContextCapture(itwins=[ITWIN_ID]) as fake,
        ContextCapture(TOKEN, base_url=fake.url) as cc,
    ):
        with pytest.raises(UnprocessableEntityError) as caught:
            cc.workspaces.create(name="Elsewhere", itwin_id=str(uuid.uuid4()))

        assert caught.value.details[0].target == "iTwinId"
        assert cc.workspaces.create(name="Here", itwin_id=ITWIN_ID.upper()).name == "Here"


def test_reset_forgets_every_workspace(fake: FakeContextCapture, cc: ContextCapture) -> None:
    workspace = cc.workspaces.create(name="Forgotten", itwin_id=ITWIN_ID)

    fake.reset()

    assert fake.workspaces == {}
    with pytest.raises(NotFoundError):
        cc.workspaces.get(workspace.id)
