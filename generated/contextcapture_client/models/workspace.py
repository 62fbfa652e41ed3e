from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Workspace")


@_attrs_define
class Workspace:
    """Workspace information and details.

    Attributes:
        id (str): Unique id of the workspace.
        created_date_time (datetime.datetime): Creation time of the workspace.
        name (str): Name of the workspace.
        i_twin_id (str): iTwin Id.
        context_capture_version (str | Unset): Version of the worker to be used for this workspace.
    """

    id: str
    created_date_time: datetime.datetime
    name: str
    i_twin_id: str
    context_capture_version: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        created_date_time = self.created_date_time.isoformat()

        name = self.name

        i_twin_id = self.i_twin_id

        context_capture_version = self.context_capture_version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "createdDateTime": created_date_time,
                "name": name,
                "iTwinId": i_twin_id,
            }
        )
        if context_capture_version is not UNSET:
            field_dict["contextCaptureVersion"] = context_capture_version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        created_date_time = datetime.datetime.fromisoformat(d.pop("createdDateTime"))

        name = d.pop("name")

        i_twin_id = d.pop("iTwinId")

        context_capture_version = d.pop("contextCaptureVersion", UNSET)

        workspace = cls(
            id=id,
            created_date_time=created_date_time,
            name=name,
            i_twin_id=i_twin_id,
            context_capture_version=context_capture_version,
        )

        workspace.additional_properties = d
        return workspace

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
