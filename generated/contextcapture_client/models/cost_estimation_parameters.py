from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CostEstimationParameters")


@_attrs_define
class CostEstimationParameters:
    """Parameters to be used to estimate the cost of the job

    Attributes:
        giga_pixels (float | Unset): Total gigapixels of the input photos.
        mega_points (float | Unset): Millions of points of the input point clouds.
        mesh_quality (str | Unset): Mesh quality of the reconstruction. Known values: 'Draft', 'Medium', 'Extra'. Docs
            examples use 'Extra'; values from Bentley SDKs (which also have a client-side 'Unknown'). Not an enum: the
            service can add values and varies the letter case; compare case-insensitively and keep unknown values.
    """

    giga_pixels: float | Unset = UNSET
    mega_points: float | Unset = UNSET
    mesh_quality: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        giga_pixels = self.giga_pixels

        mega_points = self.mega_points

        mesh_quality = self.mesh_quality

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if giga_pixels is not UNSET:
            field_dict["gigaPixels"] = giga_pixels
        if mega_points is not UNSET:
            field_dict["megaPoints"] = mega_points
        if mesh_quality is not UNSET:
            field_dict["meshQuality"] = mesh_quality

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        giga_pixels = d.pop("gigaPixels", UNSET)

        mega_points = d.pop("megaPoints", UNSET)

        mesh_quality = d.pop("meshQuality", UNSET)

        cost_estimation_parameters = cls(
            giga_pixels=giga_pixels,
            mega_points=mega_points,
            mesh_quality=mesh_quality,
        )

        cost_estimation_parameters.additional_properties = d
        return cost_estimation_parameters

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
