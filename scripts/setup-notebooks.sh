#!/usr/bin/env bash
# Registers the tslab TypeScript kernel with Debian's Jupyter, installing Debian's jupyter-nbconvert
# and python3-nbclient first when they are missing (as root; otherwise it says what to install).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python=/usr/bin/python3

have_jupyter() {
  [ -x /usr/bin/jupyter-nbconvert ] && "$python" -c 'import nbclient, nbconvert, ipykernel' >/dev/null 2>&1
}

if ! have_jupyter; then
  packages="jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client"
  if [ "$(id -u)" = 0 ]; then
    echo "setup-notebooks: installing Debian packages: $packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq $packages >/dev/null
  else
    echo "setup-notebooks: Jupyter is missing; run: sudo apt-get install $packages" >&2
    exit 1
  fi
fi

# The kernel spec names tslab by absolute path: node_modules/.bin is not on Jupyter's PATH.
tslab="$root/node_modules/.bin/tslab"
if [ ! -x "$tslab" ]; then
  echo "setup-notebooks: $tslab is missing; run npm ci first" >&2
  exit 1
fi
spec_dir=$("$python" - <<'PY' 2>/dev/null || true
from jupyter_client.kernelspec import KernelSpecManager
try:
    print(KernelSpecManager().get_kernel_spec('tslab').resource_dir)
except Exception:
    pass
PY
)
if [ -z "$spec_dir" ] || ! grep -q "\"$tslab\"" "$spec_dir/kernel.json" 2>/dev/null; then
  user_flag=""
  [ "$(id -u)" = 0 ] || user_flag="--user"
  "$tslab" install --python="$python" --binary="$tslab" $user_flag >/dev/null
  echo "setup-notebooks: registered the tslab kernel ($tslab)"
fi
