"""Processed tables: their pandera contracts, the validated figure/source/check tables, the datapackage descriptor."""
