"""The pieces of a model card that the exporter and the analytic-model script write alike (no torch)."""
import hashlib

# The newest bioimage.io model spec the JSON schema ScoreJ validates against accepts (see
# ops/src/main/resources/io/github/scorej/ops/model/bioimageio/README.md). In it, only an input axis
# may have a parameterized size ({min, step}); an output axis refers to an input axis
# ({tensor_id, axis_id}) or is fixed.
FORMAT_VERSION = "0.5.7"


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def yaml_value(v):
    """A value as flow-style YAML: quoted strings, lists and maps on one line."""
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(yaml_value(e) for e in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {yaml_value(e)}" for k, e in v.items()) + "}"
    return str(v)
