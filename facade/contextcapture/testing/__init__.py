"""
A stateful fake of the ContextCapture API v1 for tests: a real HTTP server on a loopback port.

    from contextcapture import ContextCapture
    from contextcapture.testing import FakeContextCapture

    with FakeContextCapture() as fake:
        cc = ContextCapture(token="any", base_url=fake.url)
        workspace = cc.workspaces.create(name="Survey", itwin_id=ITWIN_ID)
        fake.fail_next(status=429, retry_after=0, operation="get-workspace")
        cc.workspaces.get(workspace.id)          # retried once, then answered
        assert [r.status for r in fake.requests] == [201, 429, 200]

Also available as the pytest fixture `contextcapture_fake` (installed with the package) and as
the command `contextcapture fake-server` for services written in other languages. Needs the
`testing` extra: `pip install 'contextcapture[testing]'`.
"""

from ._faults import Fault
from ._server import FakeContextCapture, RecordedRequest
from ._service import JOB_STEPS, MESH_QUALITY_FACTORS, estimated_cost

__all__ = [
    "JOB_STEPS",
    "MESH_QUALITY_FACTORS",
    "FakeContextCapture",
    "Fault",
    "RecordedRequest",
    "estimated_cost",
]

# Reprs and tracebacks show the public path (contextcapture.testing.Fault), not the private module.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and _obj.__module__.startswith(__name__ + "._"):
        _obj.__module__ = __name__
del _name, _obj
