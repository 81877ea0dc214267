# JupyterLab started by `make lab` (JUPYTER_CONFIG_PATH=jupyter): notebooks are normalised on
# save (kernel name, cell ids, no execution metadata), so saving one from Jupyter leaves the
# committed-notebook checks green; outputs are still compared by nbval (`make test`).
c.FileContentsManager.pre_save_hook = "csecstats.publish.notebooks.pre_save_hook"  # noqa: F821 (Jupyter's config)
