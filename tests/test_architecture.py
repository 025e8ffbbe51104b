"""The shape of the code, checked from its import graph (built with ``ast``, nothing imported):

* no import cycle between modules of ``pipeline/`` (imports inside functions count; imports
  under ``if TYPE_CHECKING:`` do not, since they never run);
* only ``pipeline/cli.py`` imports click, and only ``pipeline/studio/`` imports a web framework;
* heavy packages (ONNX Runtime, Piper, Kokoro, Coqui, torch, faster-whisper, Ray) are imported only
  inside functions, and only by ``pipeline/engines/`` or a module named for its optional backend
  (``verify*``, ``ray*``), so ``audiobook --help`` and the parse stage never load them.

Imports by a computed name (the engine registry's ``"module:Class"`` strings) are not followed;
``importlib.import_module("literal")`` is.
"""

from __future__ import annotations

import ast
import functools
import graphlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "pipeline"
HEAVY = frozenset({"onnxruntime", "kokoro_onnx", "piper", "TTS", "torch", "faster_whisper", "ray"})
WEB = frozenset({"starlette", "uvicorn", "fastapi", "flask", "aiohttp", "bottle", "django", "tornado", "sanic",
                 "quart", "litestar", "gradio", "streamlit", "werkzeug"})


@dataclass(frozen=True)
class Import:
    """One import statement's target, as written and resolved to an absolute dotted name."""

    module: str  # the importing module, e.g. "pipeline.parse.characters"
    target: str  # the imported module (or the package a name is taken from), e.g. "pipeline.parse"
    line: int
    lazy: bool  # inside a function: runs on call, not on import

    @property
    def where(self) -> str:
        return f"{module_path(self.module)}:{self.line}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_path(name: str) -> str:
    """``pipeline.parse`` -> ``pipeline/parse/__init__.py``; ``pipeline.cli`` -> ``pipeline/cli.py``."""
    base = ROOT.joinpath(*name.split("."))
    return str((base / "__init__.py" if base.is_dir() else base.with_suffix(".py")).relative_to(ROOT))


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk(node: ast.AST, lazy: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    """Every node under ``node`` with whether it sits inside a function; skips TYPE_CHECKING blocks."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            yield child.test, lazy
            for other in child.orelse:
                yield other, lazy
                yield from _walk(other, lazy)
            continue
        inner = lazy or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        yield child, lazy
        yield from _walk(child, inner)


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    """What module ``name`` imports, relative imports resolved; ``from pkg import sub`` names the submodule."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []
    for node, lazy in _walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [Import(name, alias.name, node.lineno, lazy) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}" if target else alias.name
                found.append(Import(name, sub if sub in modules else target, node.lineno, lazy))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
              and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append(Import(name, node.args[0].value, node.lineno, lazy))
    return found


@functools.cache
def all_imports() -> list[Import]:
    modules = all_modules()
    return [imp for name, path in modules.items() for imp in imports_of(name, path, modules)]


def internal_target(target: str, modules: dict[str, Path]) -> str | None:
    """The ``pipeline`` module an import runs (``pipeline.x.Name`` -> ``pipeline.x``), or None if outside."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def find_cycles(imports: list[Import], modules: dict[str, Path], limit: int = 10) -> list[list[Import]]:
    """Import cycles, each as its chain of import statements: find one, cut its closing edge, repeat."""
    cycles: list[list[Import]] = []
    while len(cycles) < limit and (cycle := find_cycle(imports, modules)):
        cycles.append(cycle)
        imports = [imp for imp in imports if imp is not cycle[-1]
                   and (imp.module, internal_target(imp.target, modules)) != (cycle[-1].module, cycle[0].module)]
    return cycles


def find_cycle(imports: list[Import], modules: dict[str, Path]) -> list[Import] | None:
    """One import cycle as the chain of import statements that closes it, or None."""
    edges: dict[tuple[str, str], Import] = {}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for imp in imports:
        target = internal_target(imp.target, modules)
        if target is not None and target != imp.module:
            graph[imp.module].add(target)
            edges.setdefault((imp.module, target), imp)
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        cycle: list[str] = error.args[1]  # [a, b, ..., a]; graphlib walks predecessor edges
        cycle = cycle[::-1]
        return [edges[pair] for pair in itertools.pairwise(cycle)]
    return None


def describe(cycle: list[Import]) -> str:
    return "\n".join(f"  {imp.module} -> {imp.target}   ({imp.where}{', in a function' if imp.lazy else ''})"
                     for imp in cycle)


def top(target: str) -> str:
    return target.split(".")[0]


def is_backend_module(module: str) -> bool:
    """engines/, or a module whose own name says it is an optional backend (verify*, ray*)."""
    parts = module.split(".")[1:]
    return parts[:1] == ["engines"] or any(p.startswith(("verify", "ray")) for p in parts)


# ---------------------------------------------------------------- the rules


def test_no_import_cycle_between_modules() -> None:
    modules = all_modules()
    cycles = find_cycles(all_imports(), modules)
    if cycles:
        pytest.fail(f"{len(cycles)} import cycle(s) (each line: importer -> imported):\n"
                    + "\n\n".join(describe(cycle) for cycle in cycles), pytrace=False)


def test_only_the_cli_imports_click_and_only_the_studio_a_web_framework() -> None:
    imports = all_imports()
    click = [imp for imp in imports if top(imp.target) == "click" and imp.module != "pipeline.cli"]
    assert not click, "click is imported outside pipeline/cli.py:\n" + "\n".join(i.where for i in click)
    web = [imp for imp in imports if top(imp.target) in WEB and not imp.module.startswith("pipeline.studio")]
    assert not web, "a web framework is imported outside pipeline/studio/:\n" + "\n".join(
        f"{i.where}: {i.target}" for i in web)


def test_heavy_packages_load_lazily_and_only_in_their_backend() -> None:
    heavy = [imp for imp in all_imports() if top(imp.target) in HEAVY]
    assert heavy, "found no import of any heavy package: the scan is broken"
    misplaced = [f"{i.where}: {i.target}" for i in heavy if not is_backend_module(i.module)]
    assert not misplaced, "heavy package imported outside engines/ (or a verify*/ray* backend):\n" + "\n".join(
        misplaced)
    eager = [f"{i.where}: {i.target}" for i in heavy if not i.lazy]
    assert not eager, "heavy package imported at module level (import it inside the function that needs it):\n" \
        + "\n".join(eager)


# ---------------------------------------------------------------- the scanner itself


def _tree(root: Path, files: dict[str, str]) -> dict[str, Path]:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return {".".join(Path(rel).with_suffix("").parts).removesuffix(".__init__"): root / rel for rel in files}


def test_the_scanner_resolves_relative_lazy_and_type_checking_imports(tmp_path: Path) -> None:
    modules = _tree(tmp_path, {
        "pkg/__init__.py": "from .a import run\n",
        "pkg/a.py": "from . import b\nfrom .sub import c as _c\n",
        "pkg/b.py": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import run\nelse:\n"
                     "    import json\ndef f():\n    from .. import pkg\n    import torch\n"),
        "pkg/sub/__init__.py": "",
        "pkg/sub/c.py": "import importlib\nclass K:\n    from ..b import f\nimportlib.import_module('pkg.a')\n",
    })
    got = {(imp.target, imp.lazy) for name, path in modules.items() for imp in imports_of(name, path, modules)
           if imp.module in ("pkg.b", "pkg.sub.c", "pkg.a")}
    assert got == {("pkg.b", False), ("pkg.sub.c", False), ("typing", False), ("json", False), ("pkg", True),
                   ("torch", True), ("importlib", False), ("pkg.a", False)}
    imports = [imp for name, path in modules.items() for imp in imports_of(name, path, modules)]
    cycle = find_cycle(imports, modules)
    assert cycle is not None
    hops = [(imp.module, internal_target(imp.target, modules)) for imp in cycle]
    assert all(b == c for (_, b), (c, _) in zip(hops, hops[1:] + hops[:1], strict=True)), hops
    assert {m for m, _ in hops} <= {"pkg", "pkg.a", "pkg.b", "pkg.sub.c"} and len(hops) >= 2


def test_the_scanner_finds_no_cycle_when_the_back_edge_is_type_only(tmp_path: Path) -> None:
    modules = _tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "from .b import g\n",
        "pkg/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import x\ng = 1\n",
    })
    imports = [imp for name, path in modules.items() for imp in imports_of(name, path, modules)]
    assert find_cycle(imports, modules) is None
    modules["pkg.b"].write_text("def h():\n    from .a import x\ng = 1\n")
    imports = [imp for name, path in modules.items() for imp in imports_of(name, path, modules)]
    cycle = find_cycle(imports, modules)
    assert cycle is not None and {imp.module for imp in cycle} == {"pkg.a", "pkg.b"}
    assert "in a function" in describe(cycle)


def test_the_scanner_reports_every_cycle(tmp_path: Path) -> None:
    modules = _tree(tmp_path, {"p/__init__.py": "", "p/a.py": "from . import b\n", "p/b.py": "from . import a\n",
                               "p/c.py": "from . import d\n", "p/d.py": "def f():\n    from . import c\n"})
    imports = [imp for name, path in modules.items() for imp in imports_of(name, path, modules)]
    assert sorted(sorted(imp.module for imp in cycle) for cycle in find_cycles(imports, modules)) == [
        ["p.a", "p.b"], ["p.c", "p.d"]]
