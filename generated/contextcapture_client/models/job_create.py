from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cost_estimation_parameters import CostEstimationParameters
    from ..models.input_ import Input
    from ..models.job_settings_create import JobSettingsCreate


T = TypeVar("T", bound="JobCreate")


@_attrs_define
class JobCreate:
    """Job Creation

    Attributes:
        type_ (str): Job type among 'Full', 'Calibration' and 'Reconstruction' (docs; the docs table lists its Type as
            'Object'). Known values: 'Full', 'Calibration', 'Reconstruction'. Not an enum: the service can add values and
            varies the letter case; compare case-insensitively and keep unknown values.
        name (str): Job name
        workspace_id (str): Workspace id relative to the job created
        inputs (list[Input]): List of inputs for the job
        settings (JobSettingsCreate): Settings for this job (request form: outputs are format names).
        cost_estimation_parameters (CostEstimationParameters | Unset): Parameters to be used to estimate the cost of the
            job
    """

    type_: str
    name: str
    workspace_id: str
    inputs: list[Input]
    settings: JobSettingsCreate
    cost_estimation_parameters: CostEstimationParameters | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        name = self.name

        workspace_id = self.workspace_id

        inputs = []
        for inputs_item_data in self.inputs:
            inputs_item = inputs_item_data.to_dict()
            inputs.append(inputs_item)

        settings = self.settings.to_dict()

        cost_estimation_parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.cost_estimation_parameters, Unset):
            cost_estimation_parameters = self.cost_estimation_parameters.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "name": name,
                "workspaceId": workspace_id,
                "inputs": inputs,
                "settings": settings,
            }
        )
        if cost_estimation_parameters is not UNSET:
            field_dict["costEstimationParameters"] = cost_estimation_parameters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cost_estimation_parameters import CostEstimationParameters  # noqa: PLC0415
        from ..models.input_ import Input  # noqa: PLC0415
        from ..models.job_settings_create import JobSettingsCreate  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        name = d.pop("name")

        workspace_id = d.pop("workspaceId")

        inputs = []
        _inputs = d.pop("inputs")
        for inputs_item_data in _inputs:
            inputs_item = Input.from_dict(inputs_item_data)

            inputs.append(inputs_item)

        settings = JobSettingsCreate.from_dict(d.pop("settings"))

        _cost_estimation_parameters = d.pop("costEstimationParameters", UNSET)
        cost_estimation_parameters: CostEstimationParameters | Unset
        if isinstance(_cost_estimation_parameters, Unset):
            cost_estimation_parameters = UNSET
        else:
            cost_estimation_parameters = CostEstimationParameters.from_dict(
                _cost_estimation_parameters
            )

        job_create = cls(
            type_=type_,
            name=name,
            workspace_id=workspace_id,
            inputs=inputs,
            settings=settings,
            cost_estimation_parameters=cost_estimation_parameters,
        )

        job_create.additional_properties = d
        return job_create

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
