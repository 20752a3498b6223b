"""Tests of sluicegate.redaction: recognizers, scoring, the gate, the CLI and the kfp step."""
