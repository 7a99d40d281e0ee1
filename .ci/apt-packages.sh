#!/usr/bin/env bash
# Debian packages the tests use: /usr/bin/aws (Debian's AWS CLI v2, whose own Python formatter is the reference
# for byte-for-byte output tests), Jupyter (nbclient drives the real tslab kernel) and chromium (the blog-post
# previews are opened in it through playwright-core). Skips what is present.
set -euo pipefail
pkgs=(awscli jupyter-nbconvert python3-nbclient jupyter-client jupyter-core python3-ipython python3-jmespath chromium)
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
