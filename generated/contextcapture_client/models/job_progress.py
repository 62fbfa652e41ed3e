from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="JobProgress")


@_attrs_define
class JobProgress:
    """Job progress, state and current step

    Attributes:
        state (str | Unset): Job current state (docs schema title 'Job progress state'). Known values: 'Unsubmitted',
            'Active', 'Over'. Docs JSON schema: {"enum": ["Unsubmitted", "Active", "Over"]}. Bentley's TS SDK lower-cases it
            and its tests also expect 'success', 'failed', 'cancelled', 'over'. Not an enum: the service can add values and
            varies the letter case; compare case-insensitively and keep unknown values.
        percentage (int | Unset): Job progress percentage
        step (str | Unset): Step of the job (free text). Docs example: 'Reconstruction'. No list is documented; SDK test
            fixtures use 'Prepare_Step', 'Run_Production', 'Final_Step' (fixtures, not real values).
    """

    state: str | Unset = UNSET
    percentage: int | Unset = UNSET
    step: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        state = self.state

        percentage = self.percentage

        step = self.step

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if state is not UNSET:
            field_dict["state"] = state
        if percentage is not UNSET:
            field_dict["percentage"] = percentage
        if step is not UNSET:
            field_dict["step"] = step

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = d.pop("state", UNSET)

        percentage = d.pop("percentage", UNSET)

        step = d.pop("step", UNSET)

        job_progress = cls(
            state=state,
            percentage=percentage,
            step=step,
        )

        job_progress.additional_properties = d
        return job_progress

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
