from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.user_access import UserAccess


T = TypeVar("T", bound="UserAccessResponse")


@_attrs_define
class UserAccessResponse:
    """
    Attributes:
        access_info (UserAccess): Access information of the user to the service (from Bentley's 2022 preview SDK; no
            docs page found).
    """

    access_info: UserAccess
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_info = self.access_info.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accessInfo": access_info,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_access import UserAccess  # noqa: PLC0415

        d = dict(src_dict)
        access_info = UserAccess.from_dict(d.pop("accessInfo"))

        user_access_response = cls(
            access_info=access_info,
        )

        user_access_response.additional_properties = d
        return user_access_response

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
