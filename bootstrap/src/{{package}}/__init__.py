"""This team's data, pipelines and models on the sluicegate platform."""
