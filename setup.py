"""Build hook: the wheel ships ``data/raw``, ``data/external`` and ``data/processed`` as ``csecstats/_data``.

The top-level folders stay the only copy in the repository; they are copied into
the package only while a (non-editable) wheel is built, so an installed package can
read the report, the register, the external tables and the built tables outside any
checkout. A wheel is never built with stale tables: the built tables' record of
their inputs (``data/processed/build-inputs.json``) must match the inputs shipped.
"""
import hashlib
import json
import shutil
import sys
from pathlib import Path

import setuptools

MINIMUM_SETUPTOOLS = 77  # reads the SPDX licence string (project.license = "MIT") in pyproject.toml
if int(setuptools.__version__.split(".")[0]) < MINIMUM_SETUPTOOLS:
    sys.exit(f"csecstats: building needs setuptools {MINIMUM_SETUPTOOLS} or later (pyproject.toml's SPDX licence "
             f"string), found setuptools {setuptools.__version__}: pip install --upgrade 'setuptools>="
             f"{MINIMUM_SETUPTOOLS}', or build with build isolation (pip wheel . / python -m build)")

from setuptools import setup  # noqa: E402
from setuptools.command.build_py import build_py  # noqa: E402

HERE = Path(__file__).resolve().parent
SHIPPED = ("raw", "external", "processed")


def stale_inputs() -> list[str]:
    """Inputs whose SHA-256 differs from the one the built tables record (as ``csecstats.inputs.freshness``)."""
    record = HERE / "data" / "processed" / "build-inputs.json"
    if not record.is_file():
        return ["data/processed/build-inputs.json is missing"]
    built = json.loads(record.read_text(encoding="utf-8"))["inputs"]
    now = {f"data/{folder}/{path.name}": hashlib.sha256(path.read_bytes()).hexdigest()
           for folder in ("raw", "external") for path in sorted((HERE / "data" / folder).iterdir())
           if path.is_file() and not path.name.startswith(".")}
    return sorted(name for name in built.keys() | now.keys() if built.get(name) != now.get(name))


class BuildPyWithData(build_py):
    """``build_py`` plus a copy of the data folders into the built package."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):  # an editable install reads the checkout's own folders
            return
        stale = stale_inputs()
        if stale:
            sys.exit(f"csecstats: data/processed is stale ({', '.join(stale)} changed since it was built): "
                     f"run `csecstats build` (or `make data`) before building the wheel")
        for name in SHIPPED:
            target = Path(self.build_lib) / "csecstats" / "_data" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(HERE / "data" / name, target)


setup(cmdclass={"build_py": BuildPyWithData})
