"""Analysis: external tables, derived estimates with uncertainty, triangulation of report and external values."""
