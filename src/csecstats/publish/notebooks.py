"""Execute the notebooks in place, in parallel, so reruns are byte-identical.

Each notebook runs top to bottom in a fresh kernel of the running Python (nbclient's
``python3``, no timing metadata), its numerical libraries on one thread (``kernel_env``).
Afterwards it is normalised: the kernelspec is the one ``make lab`` registers (``csecstats``,
"csecstats (.venv)"), so JupyterLab selects it; stable cell ids (``cell-01``, ...), no execution
timestamps, execution counts numbered from 1.
"""
from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from traitlets.config import Config

from ..inputs import paths
from ..inputs.threads import with_one_thread
from ..inputs.files import write_atomically

KERNEL = "python3"  # runs the notebooks: ipykernel's kernel for the Python running this module
# The kernelspec every notebook names: what `make lab` / `make kernel` register (Makefile).
KERNELSPEC = {"display_name": "csecstats (.venv)", "language": "python", "name": "csecstats"}
TIMEOUT = 120
# ``run`` starts one kernel per core: each kernel's numerical libraries keep to one thread of their own
# (``inputs.threads``, as the command's do), where they would each start one per core and contend for the cores
# the kernels share (scipy's kernel density took four times as long so on two cores). A value set in the
# environment is kept.
# Where Unix sockets exist, each kernel is reached over sockets in a temporary folder of its own (``kernel_config``).
# Over TCP, each pool process picks free ports on its own, and two kernels started at once in two of them were now
# and then given the same port: one died with "Address already in use" and the run failed.
UNIX_SOCKETS = os.name == "posix"


def notebook_paths(folder: Path | None = None) -> list[Path]:
    """The numbered notebooks of ``folder``, in order.

    Parameters
    ----------
    folder : Path, optional
        Where to look (default: the project's ``notebooks/``).

    Returns
    -------
    list of Path
        Every ``NN_*.ipynb`` there, sorted by name.
    """
    return sorted(Path(folder or paths.NOTEBOOKS).glob("[0-9][0-9]_*.ipynb"))


def coalesce_streams(outputs: list) -> list:
    """Merge consecutive stdout (or stderr) chunks: how the kernel splits a print varies between runs.

    Parameters
    ----------
    outputs : list
        A code cell's outputs (nbformat output nodes).

    Returns
    -------
    list
        The same outputs, each run of one stream's chunks joined into one.
    """
    merged: list = []
    for output in outputs:
        if (output.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                and merged[-1]["name"] == output["name"]):
            merged[-1]["text"] += output["text"]
        else:
            merged.append(output)
    return merged


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip what changes between runs: kernel display names, cell ids, execution metadata, stream splits.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook; changed in place.

    Returns
    -------
    nbformat.NotebookNode
        ``nb``, with the kernelspec ``make lab`` registers, ids ``cell-01``..., no execution metadata.
    """
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.pop("widgets", None)
    for number, cell in enumerate(nb.cells, start=1):
        cell["id"] = f"cell-{number:02d}"
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
        if cell.cell_type == "code":
            cell["outputs"] = coalesce_streams(cell["outputs"])
    return nb


def pre_save_hook(model: dict, **kwargs) -> None:
    """Jupyter's ``FileContentsManager.pre_save_hook``: notebooks saved from ``make lab`` are normalised.

    Parameters
    ----------
    model : dict
        The contents model Jupyter is about to save; a notebook's ``content`` is normalised in place.
    **kwargs
        What Jupyter passes besides (path, contents manager), unused.

    Returns
    -------
    None
    """
    if model.get("type") == "notebook" and model.get("content") is not None:
        model["content"] = normalise(nbformat.from_dict(model["content"]))


def kernel_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a notebook's kernel starts with: this process's, its numerical libraries on one thread.

    Parameters
    ----------
    environ : mapping of str to str, optional
        The environment to start from (default: ``os.environ``).

    Returns
    -------
    dict of str to str
        ``environ`` with each of ``ONE_THREAD`` it does not set already.
    """
    return with_one_thread(os.environ if environ is None else environ)


def kernel_config(sockets: str) -> Config:
    """How the runner reaches a kernel: over Unix sockets in ``sockets`` (an absolute path, since the kernel runs in
    the notebook's folder and the runner does not), or over TCP where there are none.

    Parameters
    ----------
    sockets : str
        An empty folder of this kernel's own.

    Returns
    -------
    traitlets.config.Config
        The kernel manager's settings.
    """
    if not UNIX_SOCKETS:
        return Config()
    return Config({"KernelManager": {"transport": "ipc", "ip": str(Path(sockets).resolve() / "kernel")}})


def execute(path: Path) -> float:
    """Run one notebook in a fresh kernel with the notebook's folder as cwd and rewrite it, normalised.

    Parameters
    ----------
    path : Path
        The notebook; left untouched when a cell fails.

    Returns
    -------
    float
        Seconds taken.
    """
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="csecstats-kernel-") as sockets:
        # Once the last cell has replied the kernel is stopped at once, as nbval stops its kernels: a graceful
        # shutdown waited for the kernel to tear its interpreter down (~0.3 s of CPU each) and for the manager's
        # polling to notice, ~0.3-0.6 s a notebook, and the kernel writes nothing the notebook needs.
        client = NotebookClient(nb, timeout=TIMEOUT, kernel_name=KERNEL, record_timing=False,
                                shutdown_kernel="immediate", resources={"metadata": {"path": str(path.parent)}},
                                config=kernel_config(sockets))
        client.execute(env=kernel_env())
    text = nbformat.writes(normalise(nb)) + "\n"
    write_atomically({path.name: text.encode("utf-8")}, path.parent)  # a failed run leaves the notebook untouched
    return time.perf_counter() - start


def longest_first(notebooks: list[Path]) -> list[Path]:
    """The notebooks in the order they start: the largest file first (a notebook's stored outputs grow with the
    charts it draws, and drawing is where the time goes), ties by name.

    The longest run starts first and the short ones fill the cores after it, instead of a long notebook
    starting last and running alone while the other cores wait.

    Parameters
    ----------
    notebooks : list of Path
        The notebooks to run.

    Returns
    -------
    list of Path
        The same notebooks, largest first.
    """
    return sorted(notebooks, key=lambda path: (-path.stat().st_size, path.name))


def run(notebooks: list[Path] | None = None, workers: int | None = None,
        report: Callable[[str], None] = print) -> Iterator[tuple[Path, float]]:
    """Execute every notebook on the available cores, the largest first (``longest_first``); report one line
    per notebook as it finishes.

    Parameters
    ----------
    notebooks : list of Path, optional
        The notebooks (default: :func:`notebook_paths`).
    workers : int, optional
        Kernels run at once (default: one per core, at most one per notebook).
    report : callable, default print
        Called with one line per finished notebook.

    Returns
    -------
    iterator of (Path, float)
        Each notebook with its seconds, sorted by path.
    """
    notebooks = notebook_paths() if notebooks is None else notebooks
    if not notebooks:
        report("no notebooks to execute")
        return iter(())
    workers = workers or min(len(notebooks), os.cpu_count() or 1)
    done = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(execute, nb): nb for nb in longest_first(notebooks)}
        for n, future in enumerate(as_completed(futures), start=1):
            seconds = future.result()
            report(f"[{n}/{len(notebooks)}] {futures[future].name} {seconds:.1f} s")
            done.append((futures[future], seconds))
    return iter(sorted(done))
