"""Notebook execution helpers: stream merging, normalisation, an empty run, what a kernel of the runner sees."""
import time
from pathlib import Path

import nbformat
import pytest

from csecstats.inputs.threads import ONE_THREAD
from csecstats.publish import notebooks


def test_streams_merged_so_print_splits_do_not_matter():
    out = [nbformat.v4.new_output("stream", name="stdout", text="a\n"),
           nbformat.v4.new_output("stream", name="stdout", text="b\n"),
           nbformat.v4.new_output("stream", name="stderr", text="w\n")]
    merged = notebooks.coalesce_streams(out)
    assert [(o["name"], o["text"]) for o in merged] == [("stdout", "a\nb\n"), ("stderr", "w\n")]


def test_normalise_strips_run_specific_metadata():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nb.cells[0].metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    clean = notebooks.normalise(nb)
    assert "execution" not in clean.cells[0].metadata
    assert clean.cells[0].id == notebooks.normalise(nbformat.reads(nbformat.writes(nb), 4)).cells[0].id


def test_run_with_no_notebooks_reports_and_returns_nothing():
    said = []
    assert list(notebooks.run([], report=said.append)) == []
    assert said == ["no notebooks to execute"]


def test_committed_notebooks_are_numbered_and_normalised():
    paths = notebooks.notebook_paths()
    assert [p.name[:3] for p in paths] == ["01_", "02_", "03_", "04_", "05_", "06_"]
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        assert nbformat.writes(notebooks.normalise(nb)) + "\n" == path.read_text(encoding="utf-8"), (
            f"notebooks/{path.name} is not normalised (saved from Jupyter outside `make lab`?): run "
            f"`.venv/bin/csecstats notebooks notebooks/{path.name}` (or `make notebooks`) and commit it")


def test_notebook_saved_from_jupyter_is_normalised_by_the_pre_save_hook(tmp_path):
    path = notebooks.notebook_paths()[0]
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"display_name": "csecstats", "language": "python", "name": "csecstats"}
    for cell in nb.cells:
        cell["id"] = f"jupyter-{id(cell)}"
        cell.metadata["execution"] = {"iopub.status.idle": "2026-01-01T00:00:00Z"}
    model = {"type": "notebook", "content": nbformat.from_dict(nbformat.reads(nbformat.writes(nb), 4))}
    notebooks.pre_save_hook(model, path=path.name, contents_manager=None)
    saved = tmp_path / path.name
    nbformat.write(model["content"], saved)  # what Jupyter's FileContentsManager does after the hook
    assert saved.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_make_lab_config_names_the_pre_save_hook_that_exists():
    import importlib
    import re
    from pathlib import Path
    config = (Path(__file__).resolve().parents[1] / "jupyter" / "jupyter_server_config.py").read_text()
    dotted, = re.findall(r'pre_save_hook = "([\w.]+)"', config)
    module, _, name = dotted.rpartition(".")
    assert getattr(importlib.import_module(module), name) is notebooks.pre_save_hook, dotted


def test_every_notebook_names_the_kernel_make_lab_registers():
    import re
    from pathlib import Path
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    lab = next(line for line in makefile.splitlines() if "ipykernel install --sys-prefix" in line)
    name, display = re.search(r'--name (\S+) --display-name "([^"]+)"', lab).groups()
    assert notebooks.KERNELSPEC == {"display_name": display, "language": "python", "name": name}
    for path in notebooks.notebook_paths():
        spec = nbformat.read(path, as_version=4).metadata["kernelspec"]
        assert (spec["name"], spec["display_name"]) == (name, display), f"{path.name} names kernel {spec['name']!r}"
    renamed = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    assert notebooks.normalise(renamed).metadata["kernelspec"]["name"] == name  # rebuilds keep it


def test_no_stored_output_holds_a_warning_or_a_path_of_this_machine():
    """A warning printed by a cell stores the path of the machine that ran it: the stored notebook then
    differs on every other machine (and in every rebuild from another folder)."""
    import json
    from pathlib import Path
    for notebook in sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for number, cell in enumerate(cells):
            for output in cell.get("outputs", []):
                text = "".join(output.get("text", ""))
                assert output.get("name") != "stderr", f"{notebook.name} cell {number}: {text[:200]}"
                assert "site-packages" not in text and "/work/" not in text, f"{notebook.name} cell {number}"


@pytest.fixture(scope="module")
def probe(tmp_path_factory) -> tuple[Path, str]:
    """One notebook run by the runner (``notebooks.execute``) with no thread count set in this environment, printing
    what its kernel saw: the thread counts, how the runner reaches it, and when its cell ended; its kernel would
    take a minute to exit (an ``atexit`` sleep). (Its folder, what it printed, and the seconds from the cell's end
    to ``execute`` returning.)"""
    folder = tmp_path_factory.mktemp("probe")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import atexit, json, os, time\nfrom ipykernel import get_connection_info\n"
        "info = json.loads(get_connection_info())\natexit.register(time.sleep, 60)\n"
        "print(os.environ.get('OPENBLAS_NUM_THREADS'), os.environ.get('OMP_NUM_THREADS'))\n"
        "print(info['transport'], os.path.isabs(info['ip']), os.path.dirname(info['ip']) != os.getcwd())\n"
        "print(time.time())")])
    nbformat.write(nb, folder / "01_probe.ipynb")
    with pytest.MonkeyPatch.context() as patch:
        for name in ONE_THREAD:
            patch.delenv(name, raising=False)
        notebooks.execute(folder / "01_probe.ipynb")
    returned = time.time()
    printed = nbformat.read(folder / "01_probe.ipynb", as_version=4).cells[0].outputs[0]["text"]
    return folder, printed, returned - float(printed.splitlines()[2])


def test_kernels_keep_their_numerical_libraries_to_one_thread_unless_told_otherwise(probe):
    assert notebooks.kernel_env({"PATH": "/bin"}) == {"PATH": "/bin", **ONE_THREAD}
    assert notebooks.kernel_env({"OPENBLAS_NUM_THREADS": "4"})["OPENBLAS_NUM_THREADS"] == "4"
    assert probe[1].splitlines()[0] == "1 1"


def test_a_kernel_is_stopped_once_its_last_cell_replies_not_waited_for(probe):
    """The probe's kernel would sleep a minute on exit; a graceful shutdown waits 2.5 s for it before a signal."""
    assert probe[2] < 2.0


def test_the_largest_notebook_starts_first_ties_by_name(tmp_path):
    for name, size in {"01_small.ipynb": 10, "02_large.ipynb": 300, "03_mid.ipynb": 100, "04_mid.ipynb": 100}.items():
        (tmp_path / name).write_text("x" * size)
    started = notebooks.longest_first(sorted(tmp_path.glob("*.ipynb"), reverse=True))
    assert [p.name for p in started] == ["02_large.ipynb", "03_mid.ipynb", "04_mid.ipynb", "01_small.ipynb"]


def test_kernels_are_reached_over_unix_sockets_of_their_own_and_leave_nothing_behind(probe, tmp_path):
    """Over TCP two kernels started at once by two pool processes could be given one port (one died: "Address already
    in use"); the runner's kernels listen on Unix sockets in a temporary folder of their own, removed afterwards."""
    folder, printed, _ = probe
    assert printed.splitlines()[1] == "ipc True True"
    assert [p.name for p in folder.iterdir()] == ["01_probe.ipynb"]
    config = notebooks.kernel_config(str(tmp_path))["KernelManager"]
    assert config["transport"] == "ipc" and config["ip"] == str(tmp_path.resolve() / "kernel")
