from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="JobMessage")


@_attrs_define
class JobMessage:
    """An error or warning reported by the job execution (shape from Bentley SDKs; not visible in the docs excerpts).

    Attributes:
        code (str | Unset): Message code.
        title (str | Unset): Message title.
        message (str | Unset): Human-readable message.
        params (list[str] | Unset): Message parameters.
    """

    code: str | Unset = UNSET
    title: str | Unset = UNSET
    message: str | Unset = UNSET
    params: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        title = self.title

        message = self.message

        params: list[str] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if title is not UNSET:
            field_dict["title"] = title
        if message is not UNSET:
            field_dict["message"] = message
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code", UNSET)

        title = d.pop("title", UNSET)

        message = d.pop("message", UNSET)

        params = cast(list[str], d.pop("params", UNSET))

        job_message = cls(
            code=code,
            title=title,
            message=message,
            params=params,
        )

        job_message.additional_properties = d
        return job_message

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
