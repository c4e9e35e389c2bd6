"""Scenario files, the parameter schema, event types and the observed data, validated."""
