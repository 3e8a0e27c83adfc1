"""Validates Kubernetes manifests against the API's JSON schemas (kubernetes-validate, strict: unknown fields
are errors). Reads a JSON list of manifests on stdin; for each Kubernetes version given as an argument, prints
one JSON line per manifest: {"version", "kind", "name", "error"} (error null when valid)."""
import json
import sys

import kubernetes_validate


def main() -> None:
    manifests = json.load(sys.stdin)
    for version in sys.argv[1:]:
        for manifest in manifests:
            error = None
            try:
                kubernetes_validate.validate(manifest, version, strict=True)
            except kubernetes_validate.ValidationError as e:
                where = ".".join(str(p) for p in e.path)
                error = f"{where}: {e.message}"
            except kubernetes_validate.SchemaNotFoundError as e:
                error = str(e)
            name = (manifest.get("metadata") or {}).get("name")
            print(json.dumps({"version": version, "kind": manifest.get("kind"), "name": name, "error": error}))


if __name__ == "__main__":
    main()
