from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cost_estimation_parameters import CostEstimationParameters
    from ..models.execution_information import ExecutionInformation
    from ..models.input_ import Input
    from ..models.job_settings import JobSettings


T = TypeVar("T", bound="Job")


@_attrs_define
class Job:
    """A Reality Modeling job.

    Attributes:
        id (str): Job id.
        name (str): Job name.
        type_ (str): Job type among 'Full', 'Calibration' and 'Reconstruction' (docs; the docs table lists its Type as
            'Object'). Known values: 'Full', 'Calibration', 'Reconstruction'. Not an enum: the service can add values and
            varies the letter case; compare case-insensitively and keep unknown values.
        state (str): State of the job as returned in Job.state. Known values: 'unsubmitted', 'active', 'success',
            'failed', 'cancelled'. Seen in docs examples: 'unsubmitted' (create), 'active' (patch), 'success' (get). Bentley
            SDKs also map 'over' and 'pending'; the progress endpoint uses 'Unsubmitted'/'Active'/'Over' (see
            JobProgressState). In PATCH requests the docs example sends 'Active'. Not an enum: the service can add values
            and varies the letter case; compare case-insensitively and keep unknown values.
        workspace_id (str): Workspace of the job.
        created_date_time (datetime.datetime | Unset): Creation time (docs examples have no fractional seconds).
        last_modified_date_time (datetime.datetime | Unset): Last modification time.
        i_twin_id (str | Unset): iTwin of the job (taken from its workspace).
        location (str | Unset): Data center location (docs example 'East US').
        email (str | Unset): E-mail of the job's creator.
        execution_information (ExecutionInformation | Unset): Execution information of a submitted job.
        inputs (list[Input] | Unset): Inputs of the job.
        job_settings (JobSettings | Unset): Settings of the job (response form: outputs are {format, id} objects).
        cost_estimation_parameters (CostEstimationParameters | Unset): Parameters to be used to estimate the cost of the
            job
        estimated_cost (float | Unset): Job.estimatedCost: cost estimated from costEstimationParameters (processing
            units). Only the property name prefix is visible in the docs excerpt; Bentley SDKs read it as a number at job
            level.
    """

    id: str
    name: str
    type_: str
    state: str
    workspace_id: str
    created_date_time: datetime.datetime | Unset = UNSET
    last_modified_date_time: datetime.datetime | Unset = UNSET
    i_twin_id: str | Unset = UNSET
    location: str | Unset = UNSET
    email: str | Unset = UNSET
    execution_information: ExecutionInformation | Unset = UNSET
    inputs: list[Input] | Unset = UNSET
    job_settings: JobSettings | Unset = UNSET
    cost_estimation_parameters: CostEstimationParameters | Unset = UNSET
    estimated_cost: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        type_ = self.type_

        state = self.state

        workspace_id = self.workspace_id

        created_date_time: str | Unset = UNSET
        if not isinstance(self.created_date_time, Unset):
            created_date_time = self.created_date_time.isoformat()

        last_modified_date_time: str | Unset = UNSET
        if not isinstance(self.last_modified_date_time, Unset):
            last_modified_date_time = self.last_modified_date_time.isoformat()

        i_twin_id = self.i_twin_id

        location = self.location

        email = self.email

        execution_information: dict[str, Any] | Unset = UNSET
        if not isinstance(self.execution_information, Unset):
            execution_information = self.execution_information.to_dict()

        inputs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.inputs, Unset):
            inputs = []
            for inputs_item_data in self.inputs:
                inputs_item = inputs_item_data.to_dict()
                inputs.append(inputs_item)

        job_settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.job_settings, Unset):
            job_settings = self.job_settings.to_dict()

        cost_estimation_parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.cost_estimation_parameters, Unset):
            cost_estimation_parameters = self.cost_estimation_parameters.to_dict()

        estimated_cost = self.estimated_cost

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "type": type_,
                "state": state,
                "workspaceId": workspace_id,
            }
        )
        if created_date_time is not UNSET:
            field_dict["createdDateTime"] = created_date_time
        if last_modified_date_time is not UNSET:
            field_dict["lastModifiedDateTime"] = last_modified_date_time
        if i_twin_id is not UNSET:
            field_dict["iTwinId"] = i_twin_id
        if location is not UNSET:
            field_dict["location"] = location
        if email is not UNSET:
            field_dict["email"] = email
        if execution_information is not UNSET:
            field_dict["executionInformation"] = execution_information
        if inputs is not UNSET:
            field_dict["inputs"] = inputs
        if job_settings is not UNSET:
            field_dict["jobSettings"] = job_settings
        if cost_estimation_parameters is not UNSET:
            field_dict["costEstimationParameters"] = cost_estimation_parameters
        if estimated_cost is not UNSET:
            field_dict["estimatedCost"] = estimated_cost

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cost_estimation_parameters import CostEstimationParameters  # noqa: PLC0415
        from ..models.execution_information import ExecutionInformation  # noqa: PLC0415
        from ..models.input_ import Input  # noqa: PLC0415
        from ..models.job_settings import JobSettings  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        type_ = d.pop("type")

        state = d.pop("state")

        workspace_id = d.pop("workspaceId")

        _created_date_time = d.pop("createdDateTime", UNSET)
        created_date_time: datetime.datetime | Unset
        if isinstance(_created_date_time, Unset):
            created_date_time = UNSET
        else:
            created_date_time = datetime.datetime.fromisoformat(_created_date_time)

        _last_modified_date_time = d.pop("lastModifiedDateTime", UNSET)
        last_modified_date_time: datetime.datetime | Unset
        if isinstance(_last_modified_date_time, Unset):
            last_modified_date_time = UNSET
        else:
            last_modified_date_time = datetime.datetime.fromisoformat(
                _last_modified_date_time
            )

        i_twin_id = d.pop("iTwinId", UNSET)

        location = d.pop("location", UNSET)

        email = d.pop("email", UNSET)

        _execution_information = d.pop("executionInformation", UNSET)
        execution_information: ExecutionInformation | Unset
        if isinstance(_execution_information, Unset):
            execution_information = UNSET
        else:
            execution_information = ExecutionInformation.from_dict(
                _execution_information
            )

        _inputs = d.pop("inputs", UNSET)
        inputs: list[Input] | Unset = UNSET
        if _inputs is not UNSET:
            inputs = []
            for inputs_item_data in _inputs:
                inputs_item = Input.from_dict(inputs_item_data)

                inputs.append(inputs_item)

        _job_settings = d.pop("jobSettings", UNSET)
        job_settings: JobSettings | Unset
        if isinstance(_job_settings, Unset):
            job_settings = UNSET
        else:
            job_settings = JobSettings.from_dict(_job_settings)

        _cost_estimation_parameters = d.pop("costEstimationParameters", UNSET)
        cost_estimation_parameters: CostEstimationParameters | Unset
        if isinstance(_cost_estimation_parameters, Unset):
            cost_estimation_parameters = UNSET
        else:
            cost_estimation_parameters = CostEstimationParameters.from_dict(
                _cost_estimation_parameters
            )

        estimated_cost = d.pop("estimatedCost", UNSET)

        job = cls(
            id=id,
            name=name,
            type_=type_,
            state=state,
            workspace_id=workspace_id,
            created_date_time=created_date_time,
            last_modified_date_time=last_modified_date_time,
            i_twin_id=i_twin_id,
            location=location,
            email=email,
            execution_information=execution_information,
            inputs=inputs,
            job_settings=job_settings,
            cost_estimation_parameters=cost_estimation_parameters,
            estimated_cost=estimated_cost,
        )

        job.additional_properties = d
        return job

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
