"""What is done with many runs: ensembles, sweeps, calibration, validation, analysis, role play.

Everything here uses the simulation (`model/`) through one run-and-record path
(`experiments.runner`); the simulation never uses this package.
"""
