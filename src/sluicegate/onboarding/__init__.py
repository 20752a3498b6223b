"""Onboarding a team: its spec file, its manifests and its scaffolded repo."""
