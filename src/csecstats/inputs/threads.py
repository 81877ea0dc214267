"""Numerical libraries on one thread: the environment the ``csecstats`` command and the notebooks' kernels run with.

Left to themselves, OpenBLAS and OpenMP start a pool of threads per process, one per core, when numpy loads; a
process that does little linear algebra pays for starting them, and several processes started at once (kernels
side by side, test workers) contend for the same cores. A value already set in the environment is kept.
"""
from __future__ import annotations

from collections.abc import Mapping

ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def with_one_thread(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` with each of ``ONE_THREAD`` it does not set already.

    Parameters
    ----------
    environ : mapping of str to str
        An environment.

    Returns
    -------
    dict of str to str
    """
    return {**ONE_THREAD, **environ}
