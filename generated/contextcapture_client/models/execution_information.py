from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_message import JobMessage


T = TypeVar("T", bound="ExecutionInformation")


@_attrs_define
class ExecutionInformation:
    """Execution information of a submitted job.

    Attributes:
        submitted_date_time (datetime.datetime | Unset): When the job was submitted.
        started_date_time (datetime.datetime | Unset): When processing started.
        ended_date_time (datetime.datetime | Unset): When processing ended.
        estimated_units (float | Unset): Estimated processing units consumed.
        errors (list[JobMessage] | Unset): Errors of the job execution.
        warnings (list[JobMessage] | Unset): Warnings of the job execution.
    """

    submitted_date_time: datetime.datetime | Unset = UNSET
    started_date_time: datetime.datetime | Unset = UNSET
    ended_date_time: datetime.datetime | Unset = UNSET
    estimated_units: float | Unset = UNSET
    errors: list[JobMessage] | Unset = UNSET
    warnings: list[JobMessage] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        submitted_date_time: str | Unset = UNSET
        if not isinstance(self.submitted_date_time, Unset):
            submitted_date_time = self.submitted_date_time.isoformat()

        started_date_time: str | Unset = UNSET
        if not isinstance(self.started_date_time, Unset):
            started_date_time = self.started_date_time.isoformat()

        ended_date_time: str | Unset = UNSET
        if not isinstance(self.ended_date_time, Unset):
            ended_date_time = self.ended_date_time.isoformat()

        estimated_units = self.estimated_units

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        warnings: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.warnings, Unset):
            warnings = []
            for warnings_item_data in self.warnings:
                warnings_item = warnings_item_data.to_dict()
                warnings.append(warnings_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if submitted_date_time is not UNSET:
            field_dict["submittedDateTime"] = submitted_date_time
        if started_date_time is not UNSET:
            field_dict["startedDateTime"] = started_date_time
        if ended_date_time is not UNSET:
            field_dict["endedDateTime"] = ended_date_time
        if estimated_units is not UNSET:
            field_dict["estimatedUnits"] = estimated_units
        if errors is not UNSET:
            field_dict["errors"] = errors
        if warnings is not UNSET:
            field_dict["warnings"] = warnings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_message import JobMessage  # noqa: PLC0415

        d = dict(src_dict)
        _submitted_date_time = d.pop("submittedDateTime", UNSET)
        submitted_date_time: datetime.datetime | Unset
        if isinstance(_submitted_date_time, Unset):
            submitted_date_time = UNSET
        else:
            submitted_date_time = datetime.datetime.fromisoformat(_submitted_date_time)

        _started_date_time = d.pop("startedDateTime", UNSET)
        started_date_time: datetime.datetime | Unset
        if isinstance(_started_date_time, Unset):
            started_date_time = UNSET
        else:
            started_date_time = datetime.datetime.fromisoformat(_started_date_time)

        _ended_date_time = d.pop("endedDateTime", UNSET)
        ended_date_time: datetime.datetime | Unset
        if isinstance(_ended_date_time, Unset):
            ended_date_time = UNSET
        else:
            ended_date_time = datetime.datetime.fromisoformat(_ended_date_time)

        estimated_units = d.pop("estimatedUnits", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[JobMessage] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = JobMessage.from_dict(errors_item_data)

                errors.append(errors_item)

        _warnings = d.pop("warnings", UNSET)
        warnings: list[JobMessage] | Unset = UNSET
        if _warnings is not UNSET:
            warnings = []
            for warnings_item_data in _warnings:
                warnings_item = JobMessage.from_dict(warnings_item_data)

                warnings.append(warnings_item)

        execution_information = cls(
            submitted_date_time=submitted_date_time,
            started_date_time=started_date_time,
            ended_date_time=ended_date_time,
            estimated_units=estimated_units,
            errors=errors,
            warnings=warnings,
        )

        execution_information.additional_properties = d
        return execution_information

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
