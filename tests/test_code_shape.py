"""The project's code stays readable in one sitting: no file over 500 lines, no function over
60 lines (a declarative table excepted), no import in the middle of a module, and no
module-level name defined in two modules for two different things."""

import ast
import collections
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ("ciie_delegations", "delegations", "purchasers", "deals")
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 60

# Functions that are tables written out, not logic: "module.py:function".
DECLARATIVE_TABLES: set[str] = set()


def _project_files():
    for package in PROJECT:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _functions(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def test_no_project_file_is_over_500_lines():
    too_long = {
        _relative(path): lines
        for path in _project_files()
        if (lines := len(path.read_text().splitlines())) > MAX_FILE_LINES
    }
    assert too_long == {}


def test_no_function_is_over_60_lines_but_declarative_tables():
    too_long = {}
    for path in _project_files():
        for node in _functions(ast.parse(path.read_text())):
            name = f"{_relative(path)}:{node.name}"
            lines = node.end_lineno - node.lineno + 1
            if lines > MAX_FUNCTION_LINES and name not in DECLARATIVE_TABLES:
                too_long[name] = lines
    assert too_long == {}


def test_the_allow_list_names_only_functions_that_exist():
    found = {
        f"{_relative(path)}:{node.name}"
        for path in _project_files()
        for node in _functions(ast.parse(path.read_text()))
    }
    assert DECLARATIVE_TABLES - found == set()


def _module_level_names(tree) -> list[str]:
    names = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                parts = target.elts if isinstance(target, ast.Tuple) else [target]
                names += [part.id for part in parts if isinstance(part, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return names


# Names every Django module of a kind defines for the framework, each its own by design.
FRAMEWORK_NAMES = {"urlpatterns", "app_name", "register", "Command", "logger", "__all__"}


def test_no_module_level_name_is_defined_in_two_modules():
    defined = collections.defaultdict(list)
    for path in _project_files():
        for name in _module_level_names(ast.parse(path.read_text())):
            if name not in FRAMEWORK_NAMES:
                defined[name].append(_relative(path))
    assert {name: files for name, files in defined.items() if len(files) > 1} == {}


def _late_imports(path: Path) -> list[str]:
    """Imports inside a function or class, or after the module's first definition;
    ``AppConfig.ready`` may import, since the models are not loaded before it runs."""
    tree = ast.parse(path.read_text())
    allowed = {
        id(node)
        for ready in ast.walk(tree)
        if isinstance(ready, ast.FunctionDef) and ready.name == "ready"
        for node in ast.walk(ready)
    }
    top = {id(node) for node in tree.body}
    late = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        and id(node) not in top
        and id(node) not in allowed
    ]
    seen_code = False
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            seen_code = True
        elif seen_code and isinstance(node, ast.Import | ast.ImportFrom):
            late.append(node.lineno)
    return [f"{_relative(path)}:{line}" for line in sorted(late)]


def test_no_import_in_the_middle_of_a_test_module():
    assert [
        late for path in sorted((ROOT / "tests").rglob("*.py")) for late in _late_imports(path)
    ] == []


def test_no_import_in_the_middle_of_a_project_module():
    assert [late for path in _project_files() for late in _late_imports(path)] == []


# Where Django looks for a module by name, not concepts of the product.
FRAMEWORK_PACKAGES = {"management", "commands", "templatetags", "migrations", "__pycache__"}


def _layout_paths() -> set[str]:
    """The paths the README's layout table names, as ``app/package/``."""
    section = (ROOT / "README.md").read_text().split("## Layout", 1)[1].split("\n## ", 1)[0]
    return {
        cell.strip("`")
        for line in section.splitlines()
        if line.startswith("| `")
        for cell in line.split("|")[1].strip().split(", ")
    }


def test_the_readme_layout_names_every_concept_package_and_nothing_that_is_not_there():
    named = _layout_paths()
    packages = {
        f"{package.relative_to(ROOT).as_posix()}/"
        for app in PROJECT
        for package in (ROOT / app).iterdir()
        if package.is_dir()
        and package.name not in FRAMEWORK_PACKAGES
        and (package / "__init__.py").exists()
    }
    assert packages - named == set(), "packages the README's layout table does not name"
    assert {p for p in named if not (ROOT / p).exists()} == set(), "named but not in the tree"
