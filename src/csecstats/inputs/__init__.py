"""Inputs: project folders, the Problem error format, fingerprints of the immutable inputs, atomic writing."""
