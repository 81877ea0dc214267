"""The report as a source: its text structured into sections and footnotes (reader), its number phrases read (parse)."""
