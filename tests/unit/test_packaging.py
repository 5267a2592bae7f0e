"""The layer's requirements.txt (what `sam build` installs) pins exactly the project's runtime dependencies."""

import tomllib

from local.template import ROOT


def test_layer_requirements_match_the_project_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    layer = (ROOT / "layers" / "common" / "requirements.txt").read_text().split()
    assert sorted(layer) == sorted(project)
    assert all("==" in pin for pin in project)
