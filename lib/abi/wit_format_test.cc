#include "abi/wit_format.h"

#include <fmt/format.h>

#include <set>

#include "abi/wit_reader.h"

#include "catch.h"

using namespace astrid;

namespace {

WitModel read(std::string_view text, std::string_view name = "test.wit") {
  auto result = read_wit_string(text, name);
  if (auto* error = std::get_if<WitError>(&result)) FAIL(error->to_string() + "\n" + std::string(text));
  return std::move(std::get<WitModel>(result));
}

// Two models have the same structure: the same packages, interfaces,
// worlds, names, gates and types, node for node. Each pair of nodes is
// compared once, so a DAG is not expanded into a tree.
class SameStructure {
 public:
  SameStructure(const WitModel& a, const WitModel& b) : a_(a), b_(b) {}

  std::vector<std::string> differences() {
    expect(a_.packages.size() == b_.packages.size(), "package count");
    for (size_t p = 0; p < a_.packages.size() && p < b_.packages.size(); ++p) package(*a_.packages[p], *b_.packages[p]);
    return out_;
  }

 private:
  void expect(bool ok, const std::string& what) {
    if (!ok) out_.push_back(what);
  }

  bool type(TypeRef x, TypeRef y) {
    if (!seen_.insert({x, y}).second) return true;
    const TypeNode& m = a_.types[x];
    const TypeNode& n = b_.types[y];
    if (m.kind != n.kind || m.name != n.name || m.owner != n.owner || m.length != n.length ||
        m.members.size() != n.members.size() || m.element.has_value() != n.element.has_value() ||
        m.error.has_value() != n.error.has_value())
      return false;
    if (m.element && !type(*m.element, *n.element)) return false;
    if (m.error && !type(*m.error, *n.error)) return false;
    for (size_t i = 0; i < m.members.size(); ++i) {
      const TypeMember& u = m.members[i];
      const TypeMember& v = n.members[i];
      if (u.name != v.name || u.type.has_value() != v.type.has_value()) return false;
      if (u.type && !type(*u.type, *v.type)) return false;
    }
    return true;
  }

  void func(const FuncType& f, const FuncType& g, const std::string& what) {
    bool same = f.async == g.async && f.params.size() == g.params.size() && f.results.size() == g.results.size();
    for (size_t i = 0; same && i < f.params.size(); ++i)
      same = f.params[i].name == g.params[i].name && type(f.params[i].type, g.params[i].type);
    for (size_t i = 0; same && i < f.results.size(); ++i) same = type(f.results[i].type, g.results[i].type);
    expect(same, what + ": function type");
  }

  void gate(const WitGate& g, const WitGate& h, const std::string& what) {
    expect(g.since == h.since && g.unstable == h.unstable && g.deprecated == h.deprecated, what + ": gate");
  }

  void uses(const std::vector<WitUse>& u, const std::vector<WitUse>& v, const std::string& what) {
    expect(u.size() == v.size(), what + ": use count");
    for (size_t i = 0; i < u.size() && i < v.size(); ++i) {
      expect(u[i].from->full_name == v[i].from->full_name, what + ": use source");
      expect(u[i].names.size() == v[i].names.size(), what + ": used names");
      for (size_t k = 0; k < u[i].names.size() && k < v[i].names.size(); ++k)
        expect(u[i].names[k].name == v[i].names[k].name && u[i].names[k].local == v[i].names[k].local &&
                   type(u[i].names[k].type, v[i].names[k].type),
               what + ": used " + u[i].names[k].name);
      gate(u[i].gate, v[i].gate, what);
    }
  }

  void types(const std::vector<WitTypeDef>& s, const std::vector<WitTypeDef>& t, const std::string& what) {
    expect(s.size() == t.size(), what + ": type count");
    for (size_t i = 0; i < s.size() && i < t.size(); ++i) {
      expect(s[i].kind == t[i].kind && s[i].name == t[i].name && type(s[i].type, t[i].type),
             what + ": type " + s[i].name);
      gate(s[i].gate, t[i].gate, what + " " + s[i].name);
    }
  }

  void interface(const WitInterface& i, const WitInterface& j) {
    const std::string what = i.full_name;
    expect(i.name == j.name && i.full_name == j.full_name, what + ": name " + j.full_name);
    gate(i.gate, j.gate, what);
    uses(i.uses, j.uses, what);
    types(i.types, j.types, what);
    expect(i.functions.size() == j.functions.size(), what + ": function count");
    for (size_t k = 0; k < i.functions.size() && k < j.functions.size(); ++k) {
      const WitFunction& f = i.functions[k];
      const WitFunction& g = j.functions[k];
      expect(f.name == g.name && f.kind == g.kind && f.resource == g.resource && f.item == g.item &&
                 f.explicit_result == g.explicit_result,
             what + ": function " + f.name + " / " + g.name);
      func(f.type, g.type, what + " " + f.name);
      gate(f.gate, g.gate, what + " " + f.name);
    }
  }

  void items(const std::vector<WitWorldItem>& s, const std::vector<WitWorldItem>& t, const std::string& what) {
    expect(s.size() == t.size(), what + ": item count");
    for (size_t k = 0; k < s.size() && k < t.size(); ++k) {
      const WitWorldItem& x = s[k];
      const WitWorldItem& y = t[k];
      expect(x.name == y.name && x.kind == y.kind && x.implicit == y.implicit &&
                 (x.included_from == nullptr) == (y.included_from == nullptr),
             what + ": item " + x.name + " / " + y.name);
      if (x.interface && y.interface) {
        if (x.interface->package)
          expect(x.interface->full_name == y.interface->full_name, what + ": " + x.name);
        else
          interface(*x.interface, *y.interface);
      }
      if (x.kind == WitWorldItem::Kind::Function) func(x.func, y.func, what + " " + x.name);
      gate(x.gate, y.gate, what + " " + x.name);
    }
  }

  void package(const WitPackage& p, const WitPackage& q) {
    expect(p.id() == q.id(), "package " + p.id() + " / " + q.id());
    expect(p.interfaces.size() == q.interfaces.size(), p.id() + ": interface count");
    for (size_t i = 0; i < p.interfaces.size() && i < q.interfaces.size(); ++i)
      interface(*p.interfaces[i], *q.interfaces[i]);
    expect(p.worlds.size() == q.worlds.size(), p.id() + ": world count");
    for (size_t i = 0; i < p.worlds.size() && i < q.worlds.size(); ++i) {
      const WitWorld& w = *p.worlds[i];
      const WitWorld& v = *q.worlds[i];
      expect(w.full_name == v.full_name, "world " + w.full_name);
      gate(w.gate, v.gate, w.full_name);
      uses(w.uses, v.uses, w.full_name);
      types(w.types, v.types, w.full_name);
      expect(w.own_uses == v.own_uses && w.own_types == v.own_types, w.full_name + ": own uses and types");
      items(w.imports, v.imports, w.full_name + " imports");
      items(w.exports, v.exports, w.full_name + " exports");
      expect(w.includes.size() == v.includes.size(), w.full_name + ": includes");
      for (size_t k = 0; k < w.includes.size() && k < v.includes.size(); ++k)
        expect(w.includes[k].world->full_name == v.includes[k].world->full_name &&
                   w.includes[k].with == v.includes[k].with,
               w.full_name + ": include");
    }
  }

  const WitModel& a_;
  const WitModel& b_;
  std::set<std::pair<TypeRef, TypeRef>> seen_;
  std::vector<std::string> out_;
};

// read -> print -> read gives the same structure, and printing that again
// gives the same text.
void round_trip(std::string_view text) {
  const WitModel first = read(text);
  const std::string printed = format_model(first);
  const WitModel second = read(printed, "printed.wit");
  const auto differences = SameStructure(first, second).differences();
  INFO(printed);
  CHECK(differences == std::vector<std::string>{});
  CHECK(format_model(second) == printed);
}

constexpr std::string_view kEverything = R"(
package astrid:io@1.0.0 {
  @since(version = 1.0.0)
  interface poll {
    variant error-code { invalid-input, closed, unknown(string) }
    resource pollable {
      ready: func() -> bool;
      block: func() -> result<_, error-code>;
    }
    poll: func(pollables: list<borrow<pollable>>) -> result<list<u32>, error-code>;
  }
  interface streams {
    use poll.{pollable, error-code as poll-error};
    resource input-stream {
      constructor(size: u64);
      @deprecated(version = 1.0.0)
      read: func(len: u64) -> result<list<u8>, poll-error>;
      subscribe: func() -> pollable;
      open: static func(name: string) -> result<input-stream, string>;
      wait: async func();
    }
    resource lazy { constructor() -> result<lazy, string>; }
  }
}

package t:all@0.1.0-rc.1 {
  interface %interface {
    use astrid:io/streams@1.0.0.{input-stream};
    resource r;
    flags perms { read, write, exec }
    type bytes = list<u8>;
    record %record { %type: u32, data: bytes, s: input-stream }
    enum method { get, %result, map }
    variant v { a, b(tuple<u8, string>), c(option<list<u8, 4>>) }
    f: func(a: bool, b: s8, c: u8, d: s16, e: u16, g: s32, h: u32, i: s64, j: u64, k: f32, l: f64, m: char,
            n: string, o: stream<u8>, p: stream, q: future<string>, r: future, s: error-context, t: result,
            u: result<u32>, w: result<_, string>, x: borrow<r>, y: r, z: perms, aa: %record, bb: method, cc: v);
    @unstable(feature = never)
    gone: func();
    g: async func() -> bytes;
  }
  world base {
    use %interface.{r};
    record local { a: u32 }
    resource handle { get: func() -> local; }
    import astrid:io/poll@1.0.0;
    export run: func();
  }
  world full {
    import %interface;
    import labelled: %interface;
    import inline: interface {
      use %interface.{perms};
      ping: func(p: perms) -> u32;
    }
    import clock: func() -> u64;
    export astrid:io/streams@1.0.0;
    include base with { run as main }
  }
}
)";

}  // namespace

TEST_CASE("WIT printer: an interface as WIT") {
  const WitModel m = read(R"(
    package astrid:ipc@1.0.0;
    interface host {
      use astrid:io/poll@1.0.0.{pollable};
      variant error-code { closed, unknown(string) }
      type id = string;
      resource subscription {
        recv: func(timeout-ms: u64) -> result<list<u8>, error-code>;
        subscribe-readiness: func() -> pollable;
      }
      publish: func(topic: id) -> result<_, error-code>;
    }
    package astrid:io@1.0.0 { interface poll { resource pollable; } }
  )");
  CHECK(format_interface(m.types, *m.find_interface("astrid:ipc/host@1.0.0")) == R"(interface host {
  use astrid:io/poll@1.0.0.{pollable};

  variant error-code {
    closed,
    unknown(string),
  }
  type id = string;
  resource subscription {
    recv: func(timeout-ms: u64) -> result<list<u8>, error-code>;
    subscribe-readiness: func() -> pollable;
  }
  publish: func(topic: string) -> result<_, error-code>;
}
)");
  CHECK(interface_listing(m.types, *m.find_interface("astrid:ipc/host@1.0.0")) ==
        std::vector<std::string>{
            "use astrid:io/poll@1.0.0.{pollable}",
            "variant error-code { closed, unknown(string) }",
            "type id = string",
            "resource subscription",
            "[method]subscription.recv: func(self: borrow<subscription>, timeout-ms: u64) -> result<list<u8>, "
            "error-code>",
            "[method]subscription.subscribe-readiness: func(self: borrow<subscription>) -> pollable",
            "publish: func(topic: string) -> result<_, error-code>",
        });
  CHECK(format_package(m.types, *m.packages[1]) ==
        "package astrid:io@1.0.0;\n\ninterface poll {\n  resource pollable;\n}\n");
}

TEST_CASE("WIT printer: a world as WIT") {
  const WitModel m = read(kEverything);
  CHECK(format_world(m.types, *m.find_world("t:all/full@0.1.0-rc.1")) == R"(world full {
  import %interface;
  import labelled: %interface;
  import inline: interface {
    use %interface.{perms};

    ping: func(p: perms) -> u32;
  }
  import clock: func() -> u64;
  export astrid:io/streams@1.0.0;
  include base with { run as main }
}
)");
}

TEST_CASE("WIT printer: read, print, read again gives the same structure") {
  round_trip(kEverything);
  round_trip("package a:b; interface i {} world w {}");
  round_trip(R"(
    package a:b;
    interface types { record thing { a: u32 } }
    interface fs { use types.{thing}; get: func() -> thing; }
    world w1 { import fs; export x: func(); }
    world w2 { include w1; import types; }
    world w3 { include w2 with { x as y } include w1 with { x as z } }
  )");
}

TEST_CASE("WIT printer: output stays bounded when aliases expand") {
  // Each alias doubles the last: printed in full, t60 would be 2^60 long.
  std::string text = "package a:b; interface i { type t0 = u8;\n";
  for (int k = 1; k <= 60; ++k) text += fmt::format("type t{} = tuple<t{}, t{}>;\n", k, k - 1, k - 1);
  text += "f: func(x: t60); }";
  const WitModel m = read(text);
  const std::string printed = format_model(m);
  CHECK(printed.size() <= kMaxWitText + 4);
  CHECK(printed.ends_with("…"));
  const auto lines = interface_listing(m.types, *m.find_interface("a:b/i"));
  size_t total = 0;
  for (const std::string& l : lines) total += l.size();
  CHECK(total <= 2 * kMaxWitText + 64 * 4);
}
