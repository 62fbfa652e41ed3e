from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserAccess")


@_attrs_define
class UserAccess:
    """Access information of the user to the service (from Bentley's 2022 preview SDK; no docs page found).

    Attributes:
        processing_allowed (bool | Unset): True if the user can use the service.
        access_status (Any | Unset): Detailed level of access. The preview SDK names: Whitelisted, Allowed,
            AllowedEvaluation, Unknown, NoLicense, Denied, DeniedTrial, AllowedTrial (its enum mapped them to 1..8; the wire
            form - string or number - is unknown, so no type is declared).
    """

    processing_allowed: bool | Unset = UNSET
    access_status: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        processing_allowed = self.processing_allowed

        access_status = self.access_status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if processing_allowed is not UNSET:
            field_dict["processingAllowed"] = processing_allowed
        if access_status is not UNSET:
            field_dict["accessStatus"] = access_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        processing_allowed = d.pop("processingAllowed", UNSET)

        access_status = d.pop("accessStatus", UNSET)

        user_access = cls(
            processing_allowed=processing_allowed,
            access_status=access_status,
        )

        user_access.additional_properties = d
        return user_access

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
