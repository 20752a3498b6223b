"""The typed platform spec: models, loading and the rules that span fields."""

from sluicegate.spec.load import load, load_team, spec_root
from sluicegate.spec.model import GpuPool, Mig, Platform, Team, TimeSharing

__all__ = ["GpuPool", "Mig", "Platform", "Team", "TimeSharing", "load", "load_team", "spec_root"]
