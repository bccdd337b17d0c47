# Reads a Python file named on the command line and prints its syntax tree as JSON on stdout, for barrage convert.
# Each node is {"_type": "ClassDef", "lineno": 3, "col_offset": 0, <fields>...}; a syntax error is printed as
# {"error": message, "lineno": n, "col_offset": c} with exit code 3.
import ast
import json
import sys


def tree(node):
    if isinstance(node, ast.AST):
        out = {"_type": type(node).__name__}
        for attr in ("lineno", "col_offset", "end_lineno", "end_col_offset"):
            if hasattr(node, attr):
                out[attr] = getattr(node, attr)
        for name, value in ast.iter_fields(node):
            out[name] = tree(value)
        return out
    if isinstance(node, list):
        return [tree(v) for v in node]
    if isinstance(node, bytes):
        return node.decode("latin-1")
    if isinstance(node, complex) or node is Ellipsis:
        return repr(node)
    if isinstance(node, int) and not isinstance(node, bool) and abs(node) >= 2 ** 63:
        return str(node)
    if isinstance(node, float) and (node != node or node in (float("inf"), float("-inf"))):
        return repr(node)
    return node


def main():
    path = sys.argv[1]
    with open(path, "rb") as f:
        source = f.read()
    try:
        module = ast.parse(source, filename=path)
    except SyntaxError as e:
        json.dump({"error": e.msg, "lineno": e.lineno or 0, "col_offset": (e.offset or 1) - 1}, sys.stdout)
        sys.exit(3)
    json.dump({"python": sys.version.split()[0], "module": tree(module)}, sys.stdout)


main()
