from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Output")


@_attrs_define
class Output:
    """An output of the job: its format and the id of the reality data that will hold it.

    Attributes:
        format_ (str): Name of an output format requested in settings.outputs and returned in
            jobSettings.outputs[].format. Known values: 'ContextScene', 'CCOrientations', '3MX', '3SM', 'WebReady
            ScalableMesh', 'Cesium 3D Tiles', 'POD', 'Orthophoto/DSM', 'LAS', 'FBX', 'OBJ', 'ESRI i3s', 'DGN',
            'LODTreeExport', 'PLY', 'OPC', 'OMR', 'GaussianSplats'. Docs examples use only 'OBJ' and '3MX'; the list comes
            from Bentley's SDKs (GaussianSplats only in the latest TS SDK). Not an enum: the service can add values and
            varies the letter case; compare case-insensitively and keep unknown values.
        id (None | str | Unset): Reality data id of the output (already present on an unsubmitted job in the docs
            example).
    """

    format_: str
    id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        format_ = self.format_

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "format": format_,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        format_ = d.pop("format")

        def _parse_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        output = cls(
            format_=format_,
            id=id,
        )

        output.additional_properties = d
        return output

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
