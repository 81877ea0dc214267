"""Publishing: the chart gallery and the notebook runner."""
