#!/usr/bin/env python3
"""Compares what astrid-abi's component reader decodes with what wasm-tools
prints of the same binary.

For each component given, `jco print` (wasm-tools' printer, from npm) turns
it into WAT; this script reads that WAT's top level (imports, the instance
types they use, exports and the functions they name) into the listing that
tests/component_dump.cc prints from the reader's result: import names and
kinds, each imported instance's export declarations in order, and function
types in WIT notation (named records, variants, enums and flags and
resources by name, as format_func writes them). Any difference fails.

Only what this script can follow in the WAT is compared: an export whose
function comes from something it does not model (a nested component's
instance) is compared by name and kind alone.

    component_print_check.py NODE JCO_JS COMPONENT_DUMP FILE.wasm...
"""
import re
import subprocess
import sys

PRIMITIVES = {"bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32", "f64", "char", "string",
              "error-context"}
NAMEABLE = {"record", "variant", "enum", "flags", "resource"}


class Node:
    """A type: shared by identity, as TypeGraph nodes are."""

    def __init__(self, kind, **fields):
        self.kind = kind
        self.name = ""
        self.__dict__.update(fields)


class Func:
    def __init__(self, params, results, is_async):
        self.params, self.results, self.is_async = params, results, is_async


PRIM = {p: Node("prim", prim=p) for p in PRIMITIVES}


def tokenize(text):
    text = re.sub(r"\(;.*?;\)", " ", text, flags=re.S)
    text = re.sub(r";;[^\n]*", " ", text)
    return re.findall(r'\(|\)|"(?:[^"\\]|\\.)*"|[^\s()"]+', text)


def parse(tokens):
    stack = [[]]
    for t in tokens:
        if t == "(":
            stack.append([])
        elif t == ")":
            done = stack.pop()
            stack[-1].append(done)
        else:
            stack[-1].append(t)
    return stack[0][0]


def unquote(s):
    return s[1:-1].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")


class Scope:
    def __init__(self, parent=None):
        self.parent = parent
        self.spaces = {k: [] for k in ("type", "func", "instance", "component", "value")}
        self.ids = {k: {} for k in self.spaces}

    def add(self, sort, value, ident=None):
        if ident and ident.startswith("$"):
            self.ids[sort][ident] = len(self.spaces[sort])
        self.spaces[sort].append(value)

    def get(self, sort, ref):
        index = self.ids[sort][ref] if ref.startswith("$") else int(ref)
        return self.spaces[sort][index]


def ident_of(form, at=1):
    return form[at] if len(form) > at and isinstance(form[at], str) and form[at].startswith("$") else None


def rest_after_ident(form, at=1):
    return form[at + 1:] if ident_of(form, at) else form[at:]


def name_node(node, name):
    if isinstance(node, Node) and node.kind in NAMEABLE and not node.name:
        node.name = name


def valtype(t, scope):
    if isinstance(t, str):
        return PRIM[t] if t in PRIMITIVES else scope.get("type", t)
    return deftype(t, scope)


def deftype(d, scope):
    if isinstance(d, str):
        return valtype(d, scope)
    head, args = d[0], d[1:]
    if head == "record":
        return Node("record", members=[(unquote(f[1]), valtype(f[2], scope)) for f in args])
    if head == "variant":
        return Node("variant", members=[(unquote(c[1]), valtype(c[2], scope) if len(c) > 2 and
                                         not (isinstance(c[2], list) and c[2][0] == "refines") else None)
                                        for c in args])
    if head in ("enum", "flags"):
        return Node(head, members=[(unquote(a), None) for a in args])
    if head == "list":
        return Node("list", element=valtype(args[0], scope), length=int(args[1]) if len(args) > 1 else None)
    if head == "tuple":
        return Node("tuple", members=[("", valtype(a, scope)) for a in args])
    if head == "option":
        return Node("option", element=valtype(args[0], scope))
    if head == "result":
        ok = [a for a in args if not (isinstance(a, list) and a[0] == "error")]
        err = [a for a in args if isinstance(a, list) and a[0] == "error"]
        return Node("result", element=valtype(ok[0], scope) if ok else None,
                    error=valtype(err[0][1], scope) if err else None)
    if head in ("own", "borrow"):
        return Node(head, element=scope.get("type", args[0]))
    if head in ("stream", "future"):
        return Node(head, element=valtype(args[0], scope) if args else None)
    if head == "resource":
        return Node("resource")
    if head == "func":
        is_async = "async" in args
        params, results = [], []
        for a in args:
            if isinstance(a, list) and a[0] == "param":
                params.append((unquote(a[1]), valtype(a[2], scope)))
            elif isinstance(a, list) and a[0] == "result":
                if len(a) == 3:
                    results.append((unquote(a[1]), valtype(a[2], scope)))
                else:
                    results.append(("", valtype(a[1], scope)))
        return Func(params, results, is_async)
    if head == "instance":
        return instance_type(args, scope)
    if head == "component":
        return None  # not compared
    raise ValueError(f"unknown type form {head}")


def instance_type(decls, scope):
    body = Scope(scope)
    exports = []
    for d in decls:
        if d[0] == "type":
            body.add("type", deftype(d[-1], body), ident_of(d))
        elif d[0] == "alias" and d[1] == "outer":
            target = body
            for _ in range(int(d[2])):
                target = target.parent
            sort = d[4]
            body.add(sort[0], target.get(sort[0], d[3]), ident_of(sort))
        elif d[0] == "export":
            exports.append(extern(unquote(d[1]), d[2], body))
        elif d[0] == "core":
            pass
        else:
            raise ValueError(f"unknown instance declaration {d[0]}")
    return exports


def extern(name, desc, scope):
    """(name, kind, value, fresh) for an import or export declaration; adds
    it to the scope's index spaces."""
    kind = desc[0]
    args = rest_after_ident(desc)
    fresh = False
    if kind == "type":
        bound = args[0]
        if bound[0] == "sub":
            value, fresh = Node("resource"), True
        else:
            value = scope.get("type", bound[1])
        name_node(value, name)
        scope.add("type", value, ident_of(desc))
    elif kind == "func":
        value = scope.get("type", args[0][1]) if args[0][0] == "type" else deftype(["func"] + args, scope)
        scope.add("func", value, ident_of(desc))
    elif kind == "instance":
        value = scope.get("type", args[0][1]) if args and args[0][0] == "type" else instance_type(args, scope)
        scope.add("instance", value, ident_of(desc))
    elif kind == "component":
        value = None
        scope.add("component", None, ident_of(desc))
    elif kind == "value":
        value = valtype(args[0], scope)
        scope.add("value", value, ident_of(desc))
    elif kind == "core":
        kind, value = "core module", None
    else:
        raise ValueError(f"unknown extern kind {kind}")
    return (name, kind, value, fresh)


class Writer:
    def type(self, n):
        if n.kind == "prim":
            return n.prim
        if n.kind == "resource":
            return n.name or "resource"
        if n.kind in NAMEABLE and n.name:
            return n.name
        if n.kind == "own":
            return self.type(n.element)
        if n.kind in ("borrow", "option"):
            return f"{n.kind}<{self.type(n.element)}>"
        if n.kind == "list":
            return f"list<{self.type(n.element)}" + (f", {n.length}>" if n.length is not None else ">")
        if n.kind in ("stream", "future"):
            return f"{n.kind}<{self.type(n.element)}>" if n.element else n.kind
        if n.kind == "result":
            if not n.element and not n.error:
                return "result"
            ok = self.type(n.element) if n.element else "_"
            return f"result<{ok}, {self.type(n.error)}>" if n.error else f"result<{ok}>"
        if n.kind == "tuple":
            return "tuple<" + ", ".join(self.type(t) for _, t in n.members) + ">"
        body = ", ".join(m if t is None else (f"{m}({self.type(t)})" if n.kind == "variant" else f"{m}: {self.type(t)}")
                         for m, t in n.members)
        return f"{n.kind} {{ {body} }}" if n.members else f"{n.kind} {{ }}"

    def func(self, f):
        text = ("async " if f.is_async else "") + "func(" + ", ".join(f"{n}: {self.type(t)}" for n, t in f.params) + ")"
        if not f.results:
            return text
        if len(f.results) == 1 and not f.results[0][0]:
            return text + " -> " + self.type(f.results[0][1])
        return text + " -> (" + ", ".join(f"{n}: {self.type(t)}" for n, t in f.results) + ")"


def listing(wat):
    tree = parse(tokenize(wat))
    assert tree[0] == "component"
    scope = Scope()
    w = Writer()
    lines = []
    for field in rest_after_ident(tree):
        head = field[0]
        if head == "type":
            scope.add("type", deftype(field[-1], scope), ident_of(field))
        elif head == "import":
            name, kind, value, fresh = extern(unquote(field[1]), field[2], scope)
            line = f'import "{name}" {kind}'
            if kind == "func":
                line += ": " + w.func(value)
            lines.append(line + (" fresh" if fresh else ""))
            if kind == "instance":
                for d_name, d_kind, d_value, d_fresh in value:
                    line = f'  {d_kind} "{d_name}"'
                    if d_kind == "func":
                        line += ": " + w.func(d_value)
                    lines.append(line + (" fresh" if d_fresh else ""))
        elif head == "alias" and field[1] == "export":
            sort = field[4]
            exports = scope.get("instance", field[2])
            name = unquote(field[3])
            found = [v for n, k, v, _ in exports if n == name] if exports is not None else []
            scope.add(sort[0], found[0] if found else None, ident_of(sort))
        elif head == "alias" and field[1] == "outer":
            sort = field[4]
            scope.add(sort[0], scope.get(sort[0], field[3]), ident_of(sort))
        elif head == "func":
            args = rest_after_ident(field)
            scope.add("func", scope.get("type", args[0][1]) if args[0][0] == "type" else None, ident_of(field))
        elif head == "instance":
            scope.add("instance", None, ident_of(field))
        elif head == "component":
            scope.add("component", None, ident_of(field))
        elif head == "export":
            args = rest_after_ident(field)
            name, (kind, *ref) = unquote(args[0]), args[1]
            kind = "core module" if kind == "core" else kind
            value = scope.get(kind, ref[-1]) if kind in scope.spaces else None
            if len(args) > 2 and kind == "func":  # an ascribed type
                value = scope.get("type", args[2][-1][1])
            if kind == "type":
                name_node(value, name)
            if kind in scope.spaces:
                scope.add(kind, value, ident_of(field))
            line = f'export "{name}" {kind}'
            if kind == "func":
                line += ": " + (w.func(value) if value else "?")
            lines.append(line)
    return lines


def main(node, jco, dump, files):
    failed = False
    for path in files:
        wat = subprocess.run([node, jco, "print", path], check=True, capture_output=True, text=True).stdout
        expected = listing(wat)
        actual = subprocess.run([dump, path], check=True, capture_output=True, text=True).stdout.splitlines()
        same = len(expected) == len(actual) and all(
            e == a or (e.endswith(": ?") and a.startswith(e[:-3])) for e, a in zip(expected, actual))
        if not same:
            failed = True
            print(f"{path}: the reader's listing differs from jco print's")
            for e, a in zip(expected + [""] * len(actual), actual + [""] * len(expected)):
                print(("  " if e == a else "! ") + f"{e!r:80} {a!r}")
        else:
            print(f"{path}: {len(expected)} lines agree")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))
