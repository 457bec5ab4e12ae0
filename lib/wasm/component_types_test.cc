#include "wasm/component_types.h"

#include "catch.h"


using namespace astrid;

namespace {

TypeRef record(TypeGraph& g, std::string name, std::vector<TypeMember> fields) {
  TypeNode n{TypeKind::Record};
  n.name = std::move(name);
  n.members = std::move(fields);
  return g.add(std::move(n));
}

TypeRef wrap(TypeGraph& g, TypeKind kind, TypeRef element) {
  TypeNode n{kind};
  n.element = element;
  return g.add(std::move(n));
}

}  // namespace

TEST_CASE("types print in WIT notation, named ones by name") {
  TypeGraph g;
  const TypeRef str = g.primitive(TypeKind::String);
  const TypeRef bytes = wrap(g, TypeKind::List, g.primitive(TypeKind::U8));
  const TypeRef req = record(g, "spawn-request", {{"cmd", str}, {"args", wrap(g, TypeKind::List, str)}});
  TypeNode err{TypeKind::Variant};
  err.name = "error-code";
  err.members = {{"closed", std::nullopt}, {"unknown", str}};
  const TypeRef error = g.add(err);
  TypeNode result{TypeKind::Result};
  result.element = bytes;
  result.error = error;
  const TypeRef res = g.add(result);
  FuncType f{{{"request", req}}, {{"", res}}, false};
  CHECK(format_func(g, f) == "func(request: spawn-request) -> result<list<u8>, error-code>");
  CHECK(format_definition(g, req) == "record spawn-request { cmd: string, args: list<string> }");
  CHECK(format_definition(g, error) == "variant error-code { closed, unknown(string) }");
  TypeNode unit_result{TypeKind::Result};
  unit_result.error = error;
  CHECK(format_type(g, g.add(unit_result)) == "result<_, error-code>");
  CHECK(format_type(g, record(g, "", {{"a", g.primitive(TypeKind::U32)}})) == "record { a: u32 }");

  TypeNode pollable{TypeKind::Resource};
  pollable.name = "pollable";
  pollable.owner = "astrid:io/poll@1.0.0";
  const TypeRef p = g.add(pollable);
  CHECK(format_type(g, wrap(g, TypeKind::Own, p)) == "pollable");
  CHECK(format_type(g, wrap(g, TypeKind::Borrow, p)) == "borrow<pollable>");
  FuncType none{{}, {}, true};
  CHECK(format_func(g, none) == "async func()");
}

TEST_CASE("depth is kept per node, and printing is bounded on exponential graphs") {
  TypeGraph g;
  TypeRef t = g.primitive(TypeKind::U8);
  CHECK(g[t].depth == 1);
  // Each level a tuple of the previous level twice: 2^60 leaves expanded.
  for (int i = 0; i < 60; ++i) {
    TypeNode n{TypeKind::Tuple};
    n.members = {{"", t}, {"", t}};
    t = g.add(n);
  }
  CHECK(g[t].depth == 61);
  const std::string text = format_type(g, t, 200);
  CHECK(text.size() <= 200 + 3);
  CHECK(text.ends_with("…"));
}
