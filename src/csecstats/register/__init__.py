"""The hand-curated register: figures, sources and vocabulary loaded and validated, evidence grades, the report's own arithmetic, the audit of every numeric token."""
