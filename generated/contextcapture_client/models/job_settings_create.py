from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cache_settings import CacheSettings


T = TypeVar("T", bound="JobSettingsCreate")


@_attrs_define
class JobSettingsCreate:
    """Settings for this job (request form: outputs are format names).

    Attributes:
        quality (str | Unset): Mesh quality of the reconstruction. Known values: 'Draft', 'Medium', 'Extra'. Docs
            examples use 'Extra'; values from Bentley SDKs (which also have a client-side 'Unknown'). Not an enum: the
            service can add values and varies the letter case; compare case-insensitively and keep unknown values.
        processing_engines (int | Unset): Number of processing engines to use (see Get engines limit for the maximum).
        outputs (list[str] | Unset): Requested output formats.
        cache_settings (CacheSettings | Unset): Cache settings of the job (see the docs tutorial 'Using cache in Reality
            Modeling API').
    """

    quality: str | Unset = UNSET
    processing_engines: int | Unset = UNSET
    outputs: list[str] | Unset = UNSET
    cache_settings: CacheSettings | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        quality = self.quality

        processing_engines = self.processing_engines

        outputs: list[str] | Unset = UNSET
        if not isinstance(self.outputs, Unset):
            outputs = self.outputs

        cache_settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.cache_settings, Unset):
            cache_settings = self.cache_settings.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if quality is not UNSET:
            field_dict["quality"] = quality
        if processing_engines is not UNSET:
            field_dict["processingEngines"] = processing_engines
        if outputs is not UNSET:
            field_dict["outputs"] = outputs
        if cache_settings is not UNSET:
            field_dict["cacheSettings"] = cache_settings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cache_settings import CacheSettings  # noqa: PLC0415

        d = dict(src_dict)
        quality = d.pop("quality", UNSET)

        processing_engines = d.pop("processingEngines", UNSET)

        outputs = cast(list[str], d.pop("outputs", UNSET))

        _cache_settings = d.pop("cacheSettings", UNSET)
        cache_settings: CacheSettings | Unset
        if isinstance(_cache_settings, Unset):
            cache_settings = UNSET
        else:
            cache_settings = CacheSettings.from_dict(_cache_settings)

        job_settings_create = cls(
            quality=quality,
            processing_engines=processing_engines,
            outputs=outputs,
            cache_settings=cache_settings,
        )

        job_settings_create.additional_properties = d
        return job_settings_create

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
