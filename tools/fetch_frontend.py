"""Fetch the front-end packages pinned in package-lock.json from the npm registry.

The product needs GOV.UK Frontend (served locally, never from a CDN) and, for the browser
tests, axe-core. Both are pinned with their integrity hashes in package-lock.json. This script
installs them into node_modules/ exactly as `npm ci` would, but with only Python, so a fresh
machine needs nothing beyond Python 3 and make. It then builds the static copy of GOV.UK
Frontend the app serves:

- the stylesheet uses an Arial font stack (GDS Transport is licensed for gov.uk only, and this
  service is a council's, not GOV.UK's), so the @font-face rules and font files are left out;
- asset URLs are made relative, so they resolve under STATIC_URL.

Run from the project root: python tools/fetch_frontend.py
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "package-lock.json"
NODE_MODULES = ROOT / "node_modules"
STATIC_OUT = ROOT / "commissioning" / "core" / "static" / "vendor" / "govuk"
REGISTRY = os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org").rstrip("/")


def _verify(data: bytes, integrity: str, name: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        sys.exit(f"fetch_frontend: integrity check failed for {name} ({algorithm})")


def _install(name: str, version: str, integrity: str) -> Path:
    target = NODE_MODULES / name
    manifest = target / "package.json"
    if manifest.exists() and json.loads(manifest.read_text())["version"] == version:
        return target
    url = f"{REGISTRY}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
    print(f"fetch_frontend: downloading {name}@{version}")
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (fixed https URL)
        data = response.read()
    _verify(data, integrity, name)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            # npm tarballs put everything under package/; refuse anything that escapes it.
            relative = Path(member.name).relative_to("package")
            if ".." in relative.parts or not member.isfile():
                continue
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            source = archive.extractfile(member)
            assert source is not None
            destination.write_bytes(source.read())
    return target


def _build_govuk_static(package: Path) -> None:
    dist = package / "dist" / "govuk"
    if STATIC_OUT.exists():
        shutil.rmtree(STATIC_OUT)
    (STATIC_OUT / "assets").mkdir(parents=True)
    css = (dist / "govuk-frontend.min.css").read_text(encoding="utf-8")
    css = re.sub(r"@font-face\{[^}]*\}", "", css)
    css = css.replace("font-family:GDS Transport,arial,sans-serif", "font-family:arial,sans-serif")
    css = css.replace("url(/assets/", "url(assets/")
    css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
    if "GDS Transport" in css:
        sys.exit("fetch_frontend: GDS Transport is still referenced; check the CSS rewrite")
    (STATIC_OUT / "govuk-frontend.css").write_text(css, encoding="utf-8")
    for name in ("govuk-frontend.min.js", "govuk-frontend.min.js.map"):
        shutil.copy2(dist / name, STATIC_OUT / name)
    shutil.copytree(dist / "assets" / "images", STATIC_OUT / "assets" / "images")
    shutil.copy2(package / "package.json", STATIC_OUT / "package.json")


def main() -> None:
    lock = json.loads(LOCK.read_text())
    for key, entry in lock["packages"].items():
        if not key.startswith("node_modules/"):
            continue
        name = key.removeprefix("node_modules/")
        _install(name, entry["version"], entry["integrity"])
    _build_govuk_static(NODE_MODULES / "govuk-frontend")
    print(f"fetch_frontend: GOV.UK Frontend ready in {STATIC_OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
