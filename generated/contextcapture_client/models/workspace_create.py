from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WorkspaceCreate")


@_attrs_define
class WorkspaceCreate:
    """Model for creating a new workspace. The reference's field table marks only `name` as required;
    `contextCaptureVersion` is not in its request table but is accepted by the service and sent by Bentley's own SDKs.

        Attributes:
            name (str): Name of the workspace.
            i_twin_id (UUID | Unset): iTwin Id.
            context_capture_version (str | Unset): Version of the worker to be used for this workspace (e.g. "20.1"); the
                service picks the current version when omitted.
    """

    name: str
    i_twin_id: UUID | Unset = UNSET
    context_capture_version: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        i_twin_id: str | Unset = UNSET
        if not isinstance(self.i_twin_id, Unset):
            i_twin_id = str(self.i_twin_id)

        context_capture_version = self.context_capture_version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
            }
        )
        if i_twin_id is not UNSET:
            field_dict["iTwinId"] = i_twin_id
        if context_capture_version is not UNSET:
            field_dict["contextCaptureVersion"] = context_capture_version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        _i_twin_id = d.pop("iTwinId", UNSET)
        i_twin_id: UUID | Unset
        if isinstance(_i_twin_id, Unset):
            i_twin_id = UNSET
        else:
            i_twin_id = UUID(_i_twin_id)

        context_capture_version = d.pop("contextCaptureVersion", UNSET)

        workspace_create = cls(
            name=name,
            i_twin_id=i_twin_id,
            context_capture_version=context_capture_version,
        )

        workspace_create.additional_properties = d
        return workspace_create

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
