"""What the Voilà and JupyterLab tests share: a free port and a server environment."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from .conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def jupyter_env(tmp_path: Path, data_dir: Path) -> dict[str, str]:
    """This process's environment for a Jupyter server whose kernels use the service of
    ``data_dir`` and import this checkout, with Jupyter's own folders kept in ``tmp_path``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["APOLO_DISKS_DATA_DIR"] = str(data_dir)
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "jupyter-config")
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "jupyter-runtime")
    return env
