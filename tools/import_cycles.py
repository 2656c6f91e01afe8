"""Prints the import graph of scopecheck's top-level modules (from `crate::` paths in src/,
tests left out) and every circle in it; exits 1 when there is a circle.

Usage: python3 tools/import_cycles.py [--graph]
"""
import os
import re
import sys

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")


def module_imports():
    imports = {}
    for root, _, files in os.walk(SRC):
        for name in files:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(root, name)
            top = os.path.relpath(path, SRC).split(os.sep)[0].removesuffix(".rs")
            if top in ("main", "lib"):
                continue
            text = open(path, encoding="utf-8").read()
            # A module's tests may use what the module itself may not.
            text = text.split("#[cfg(test)]")[0]
            # Comments name modules without using them.
            text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
            used = set(re.findall(r"crate::([a-z_]+)", text))
            for group in re.findall(r"use crate::\{([^;]*)\};", text, re.S):
                used.update(re.findall(r"(?:^|[,{\s])([a-z_]+)(?=::|\s*[,}]|$)", group))
            imports.setdefault(top, set()).update(used - {top})
    known = set(imports)
    return {module: used & known for module, used in imports.items()}


def circles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for used in sorted(graph[module]):
            if used not in index:
                visit(used)
                low[module] = min(low[module], low[used])
            elif used in on_stack:
                low[module] = min(low[module], index[used])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def main():
    graph = module_imports()
    if "--graph" in sys.argv:
        for module in sorted(graph):
            print(f"{module} -> {', '.join(sorted(graph[module]))}")
    found = circles(graph)
    for component in found:
        print("circle: " + ", ".join(component))
    if not found:
        print(f"no import circles among {len(graph)} modules")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
