"""Charts: house style, thin plot functions, the chart catalogue and its export (presentation: reads built tables).

``catalogue.build(chart_id)`` draws a chart exactly as ``export.export()`` writes it.
"""
