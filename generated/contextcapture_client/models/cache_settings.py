from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CacheSettings")


@_attrs_define
class CacheSettings:
    """Cache settings of the job (see the docs tutorial 'Using cache in Reality Modeling API').

    Attributes:
        create_cache (bool | Unset): True if the job should produce a cache (created only if the job succeeds).
        use_cache (str | Unset): Id of the previous job whose cache is reused.
    """

    create_cache: bool | Unset = UNSET
    use_cache: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        create_cache = self.create_cache

        use_cache = self.use_cache

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if create_cache is not UNSET:
            field_dict["createCache"] = create_cache
        if use_cache is not UNSET:
            field_dict["useCache"] = use_cache

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        create_cache = d.pop("createCache", UNSET)

        use_cache = d.pop("useCache", UNSET)

        cache_settings = cls(
            create_cache=create_cache,
            use_cache=use_cache,
        )

        cache_settings.additional_properties = d
        return cache_settings

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
