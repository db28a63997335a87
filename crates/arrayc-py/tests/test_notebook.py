"""`examples/notebook.ipynb`, executed headless as a user would run it (nbclient, a fresh
IPython kernel of this Python): any cell that raises fails the test, so the notebook cannot
go stale. Numba and JAX cells skip themselves when those are not installed; the arrayc and
NumPy cells always run and check arrayc's result against NumPy's.
"""
import nbformat
from nbclient import NotebookClient

from conftest import EXAMPLES

NOTEBOOK = EXAMPLES / "notebook.ipynb"


def test_the_notebook_runs_headless_without_errors(tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError at the first cell that fails
    outputs = [
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    ]
    text = "".join(outputs)
    assert "NumPy:" in text and "first call" in text
    assert "cached: memory" in text
