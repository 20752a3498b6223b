"""Onboarding a team: its spec file, its manifests and its scaffolded repo."""

from sluicegate.onboarding.onboard import OnboardResult, TreeChanges, onboard
from sluicegate.onboarding.request import OnboardRequest
from sluicegate.onboarding.scaffold import prepare_scaffold

__all__ = ["OnboardRequest", "OnboardResult", "TreeChanges", "onboard", "prepare_scaffold"]
