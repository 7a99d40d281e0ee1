#!/usr/bin/env bash
# Debian packages the tests use: /usr/bin/aws (Debian's AWS CLI v2, whose own Python formatter is the reference
# for byte-for-byte output tests) and Jupyter (nbclient drives the real tslab kernel). Skips what is present.
set -euo pipefail
pkgs=(awscli jupyter-nbconvert python3-nbclient jupyter-client jupyter-core python3-ipython python3-jmespath)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then echo "all present: ${pkgs[*]}"; exit 0; fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
