#include "check/type_match.h"


#include "abi/component_abi.h"

#include "catch.h"

using namespace astrid;

namespace {

const FuncType& abi_function(std::string_view release, std::string_view instance, std::string_view function) {
  const HostInterface* host = host_interface(*find_component_release(release), instance);
  REQUIRE(host);
  const WitFunction* f = host->find_function(function);
  REQUIRE(f);
  return f->type;
}

std::optional<std::string_view> same_name(std::string_view owner) { return owner; }

}  // namespace

TEST_CASE("type_match: the v0.9.0 breakage, named where wasmtime hides it") {
  const TypeSides sides{component_abi_types(), component_abi_types(), same_name};
  const FuncType& p8 = abi_function("v0.8.0", "astrid:process/host@1.0.0", "spawn");
  const FuncType& p9 = abi_function("v0.9.0", "astrid:process/host@1.0.0", "spawn");
  const auto d = compare_func(sides, p8, p9);
  REQUIRE(d);
  CHECK(d->path ==
        "parameter 1 (request): record spawn-request: the kernel's has 14 fields, the capsule's 13 (missing "
        "file-injections)");
  const auto back = compare_func(sides, p9, p8);
  REQUIRE(back);
  CHECK(back->path.find("extra file-injections") != std::string::npos);
  CHECK_FALSE(compare_func(sides, p8, p8));
  // The same function in two shapes that agree (P8 at v0.8.0 and v0.9.1).
  CHECK_FALSE(compare_func(sides, p8, abi_function("v0.9.1", "astrid:process/host@1.0.0", "spawn")));
}

TEST_CASE("type_match: primitives, names of members, results, async") {
  TypeGraph g;
  const TypeRef u32 = g.primitive(TypeKind::U32), u64 = g.primitive(TypeKind::U64);
  auto record = [&](std::vector<std::string> names) {
    TypeNode r(TypeKind::Record);
    r.name = "point";
    for (auto& n : names) r.members.push_back({n, u32});
    return g.add(r);
  };
  const TypeRef xy = record({"x", "y"}), xz = record({"x", "z"});
  const TypeSides sides{g, g, same_name};
  auto func = [](std::vector<TypeRef> params, std::optional<TypeRef> result = std::nullopt) {
    FuncType f;
    for (TypeRef p : params) f.params.push_back({"p", p});
    if (result) f.results.push_back({"", *result});
    return f;
  };
  CHECK(compare_func(sides, func({u32}), func({u64}))->path == "parameter 1 (p): the kernel's is u64, the capsule's u32");
  CHECK(compare_func(sides, func({xz}), func({xy}))->path ==
        "parameter 1 (p): record point: field 2: the kernel's is named y, the capsule's z");
  CHECK(compare_func(sides, func({}), func({}, u32))->path == "the kernel's returns u32, the capsule's nothing");
  CHECK(compare_func(sides, func({u32, u32}), func({u32}))->path ==
        "the kernel's takes 1 parameter, the capsule's 2");
  FuncType async = func({u32});
  async.async = true;
  CHECK(compare_func(sides, async, func({u32}))->path ==
        "the capsule's is declared async; the kernel's host functions are synchronous");
  // Parameter names are not compared.
  FuncType renamed = func({u32});
  renamed.params[0].name = "other";
  CHECK_FALSE(compare_func(sides, renamed, func({u32})));
}

TEST_CASE("type_match: own and borrow alike, and a resource is the one its instance resolves to") {
  TypeGraph g;
  TypeNode r(TypeKind::Resource);
  r.name = "pollable";
  r.owner = "astrid:io/poll@1.0.0";
  const TypeRef res = g.add(r);
  TypeNode own(TypeKind::Own), borrow(TypeKind::Borrow);
  own.element = borrow.element = res;
  const TypeRef o = g.add(own), b = g.add(borrow);
  FuncType takes_own, takes_borrow;
  takes_own.params.push_back({"p", o});
  takes_borrow.params.push_back({"p", b});
  CHECK_FALSE(compare_func({g, g, same_name}, takes_borrow, takes_own));
  // The capsule's instance resolves to nothing (or to another one) there.
  const TypeSides unresolved{g, g, [](std::string_view) { return std::nullopt; }};
  const auto d = compare_func(unresolved, takes_borrow, takes_own);
  REQUIRE(d);
  CHECK(d->path.find("resource pollable of astrid:io/poll@1.0.0") != std::string::npos);
}
