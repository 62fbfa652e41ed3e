from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cost_estimation_parameters import CostEstimationParameters
    from ..models.job_settings_create import JobSettingsCreate


T = TypeVar("T", bound="JobPatch")


@_attrs_define
class JobPatch:
    """Patch a job to modify it (type, settings, cost estimation parameters), submit or cancel it. The docs show one
    variant per purpose (State, Settings, CostEstimationParameters), each captioned 'Parameters to be used to estimate
    the cost of the job' (a docs copy-paste).

        Attributes:
            state (str | Unset): New job state: 'Active' submits the job, 'Cancelled' cancels it. Docs example sends
                'Active'; Bentley SDKs send 'active'/'cancelled'. Send one case consistently; the service accepted both
                historically.
            type_ (str | Unset): Job type among 'Full', 'Calibration' and 'Reconstruction' (docs; the docs table lists its
                Type as 'Object'). Known values: 'Full', 'Calibration', 'Reconstruction'. Not an enum: the service can add
                values and varies the letter case; compare case-insensitively and keep unknown values.
            settings (JobSettingsCreate | Unset): Settings for this job (request form: outputs are format names).
            cost_estimation_parameters (CostEstimationParameters | Unset): Parameters to be used to estimate the cost of the
                job
    """

    state: str | Unset = UNSET
    type_: str | Unset = UNSET
    settings: JobSettingsCreate | Unset = UNSET
    cost_estimation_parameters: CostEstimationParameters | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        state = self.state

        type_ = self.type_

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        cost_estimation_parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.cost_estimation_parameters, Unset):
            cost_estimation_parameters = self.cost_estimation_parameters.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if state is not UNSET:
            field_dict["state"] = state
        if type_ is not UNSET:
            field_dict["type"] = type_
        if settings is not UNSET:
            field_dict["settings"] = settings
        if cost_estimation_parameters is not UNSET:
            field_dict["costEstimationParameters"] = cost_estimation_parameters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cost_estimation_parameters import CostEstimationParameters  # noqa: PLC0415
        from ..models.job_settings_create import JobSettingsCreate  # noqa: PLC0415

        d = dict(src_dict)
        state = d.pop("state", UNSET)

        type_ = d.pop("type", UNSET)

        _settings = d.pop("settings", UNSET)
        settings: JobSettingsCreate | Unset
        if isinstance(_settings, Unset):
            settings = UNSET
        else:
            settings = JobSettingsCreate.from_dict(_settings)

        _cost_estimation_parameters = d.pop("costEstimationParameters", UNSET)
        cost_estimation_parameters: CostEstimationParameters | Unset
        if isinstance(_cost_estimation_parameters, Unset):
            cost_estimation_parameters = UNSET
        else:
            cost_estimation_parameters = CostEstimationParameters.from_dict(
                _cost_estimation_parameters
            )

        job_patch = cls(
            state=state,
            type_=type_,
            settings=settings,
            cost_estimation_parameters=cost_estimation_parameters,
        )

        job_patch.additional_properties = d
        return job_patch

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
