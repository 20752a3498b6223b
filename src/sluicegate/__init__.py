"""sluicegate: a platform bootstrap kit for regulated ML teams on Google Cloud."""

__version__ = "0.1.0"
