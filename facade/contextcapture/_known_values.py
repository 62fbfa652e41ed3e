"""
Known values of the strings the service controls (job state, type, quality, output format...).

The generated models keep these as plain `str`, so a value the service adds tomorrow, or sends in
another letter case (the reference itself shows `Active` in a request and `active` in a response),
parses instead of raising. These enums name the values known today; `parse` matches any letter case
and hands back an unknown value unchanged:

    JobState.parse(job.state) is JobState.SUCCESS   # "success", "Success", "SUCCESS"
    JobState.parse("paused") == "paused"             # unknown: carried through as the raw string
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["JobState", "JobType", "OutputFormat", "ProgressState", "Quality"]


class _KnownValues(StrEnum):
    @classmethod
    def parse(cls, value: str) -> _KnownValues | str:
        """The member whose value matches `value` in any letter case, else `value` itself."""
        if not isinstance(value, str):
            return value
        folded = value.casefold()
        for member in cls:
            if member.value.casefold() == folded:
                return member
        return value


class JobState(_KnownValues):
    """`Job.state`: where a job is in its life."""

    UNSUBMITTED = "unsubmitted"
    ACTIVE = "active"
    SUCCESS = "success"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ProgressState(_KnownValues):
    """`JobProgress.state`: the progress endpoint's own, coarser vocabulary."""

    UNSUBMITTED = "Unsubmitted"
    ACTIVE = "Active"
    OVER = "Over"


class JobType(_KnownValues):
    """`Job.type`: which part of the reconstruction the job runs."""

    FULL = "Full"
    CALIBRATION = "Calibration"
    RECONSTRUCTION = "Reconstruction"


class Quality(_KnownValues):
    """Reconstruction and mesh quality."""

    DRAFT = "Draft"
    MEDIUM = "Medium"
    EXTRA = "Extra"


class OutputFormat(_KnownValues):
    """Output formats a job can produce (from Bentley's SDKs; the reference shows OBJ and 3MX)."""

    CONTEXT_SCENE = "ContextScene"
    CC_ORIENTATIONS = "CCOrientations"
    THREE_MX = "3MX"
    THREE_SM = "3SM"
    WEB_READY_SCALABLE_MESH = "WebReady ScalableMesh"
    CESIUM_3D_TILES = "Cesium 3D Tiles"
    POD = "POD"
    ORTHOPHOTO_DSM = "Orthophoto/DSM"
    LAS = "LAS"
    FBX = "FBX"
    OBJ = "OBJ"
    ESRI_I3S = "ESRI i3s"
    DGN = "DGN"
    LOD_TREE_EXPORT = "LODTreeExport"
    PLY = "PLY"
    OPC = "OPC"
    OMR = "OMR"
    GAUSSIAN_SPLATS = "GaussianSplats"
