"""Build hook: the wheel ships ``data/raw`` and ``data/external`` as ``csecstats/_data``.

The top-level folders stay the only copy in the repository; they are copied into
the package only while a (non-editable) wheel is built, so an installed package can
read the report, the register and the external tables outside any checkout.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = ("raw", "external")


class BuildPyWithData(build_py):
    """``build_py`` plus a copy of the input folders into the built package."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):  # an editable install reads the checkout's own folders
            return
        for name in SHIPPED:
            target = Path(self.build_lib) / "csecstats" / "_data" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(HERE / "data" / name, target)


setup(cmdclass={"build_py": BuildPyWithData})
