#include "support/expected.h"
#include "wasm/component_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>

#include "wasm/module_reader.h"
#include "wasm/cursor.h"
#include "wasm/slice_source.h"
#include "wat.h"

#include "catch.h"

using namespace astrid;
using astrid::test::read_binary_file;

namespace {

using Bytes = std::vector<uint8_t>;

Expected<Component> read_bytes(Bytes bytes) {
  MemorySource source(std::move(bytes));
  return read_component(source);
}

InputError error_of(const Expected<Component>& result) {
  if (auto* c = (result ? &*result : nullptr)) FAIL("decoded without error: " << c->imports.size() << " imports");
  return result.error();
}

const Component& component_of(const Expected<Component>& result) {
  if (auto* e = (result ? nullptr : &result.error()))
    FAIL("unexpected error at " << e->offset.value_or(0) << ": " << e->message);
  return *result;
}

// Building components byte by byte, for what no text parser writes.
Bytes leb(uint64_t v) {
  Bytes out;
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(v ? (b | 0x80) : b);
  } while (v);
  return out;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts)
    for (uint8_t b : p) out.push_back(b);  // (insert() trips a GCC 12 false warning)
  return out;
}

Bytes name(std::string_view s) {
  Bytes out = leb(s.size());
  for (char c : s) out.push_back(static_cast<uint8_t>(c));
  return out;
}

Bytes section(uint8_t id, const Bytes& content) { return cat({{id}, leb(content.size()), content}); }

const Bytes kPreamble = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};

Bytes component(std::initializer_list<Bytes> sections) {
  Bytes out = kPreamble;
  for (const Bytes& s : sections) out = cat({out, s});
  return out;
}

Bytes fixture(const std::string& relative) {
  return read_binary_file((std::string(FIXTURE_DIR) + "/" + relative).c_str());
}

const ComponentImport& import_named(const Component& c, std::string_view name) {
  for (const ComponentImport& i : c.imports)
    if (i.name == name) return i;
  FAIL("no import " << name);
  throw;
}

const InstanceExportDecl& decl_named(const ComponentImport& import, std::string_view name) {
  for (const InstanceExportDecl& d : import.exports)
    if (d.name == name) return d;
  FAIL("no export " << name << " in " << import.name);
  throw;
}

std::string func_text(const Component& c, const std::optional<FuncType>& f) {
  REQUIRE(f);
  return format_func(c.types, *f);
}

std::vector<std::string> names_of(const std::vector<ComponentImport>& imports) {
  std::vector<std::string> out;
  for (const auto& i : imports) out.push_back(i.name);
  return out;
}

}  // namespace

#if HAVE_COMPONENT_FIXTURES

TEST_CASE("a capsule wit-component built: imports, their types, exports and core modules") {
  const Bytes bytes = fixture("components/kv-daemon.wasm");
  auto result = read_bytes(bytes);
  const Component& c = component_of(result);

  CHECK(names_of(c.imports) == std::vector<std::string>{"astrid:guest/lifecycle@1.0.0", "astrid:kv/host@1.0.0",
                                                         "astrid:sys/host@1.0.0", "astrid:io/poll@1.0.0",
                                                         "astrid:ipc/host@1.0.0", "capsule-result"});
  // Only the functions the core module calls, and the types they need.
  const ComponentImport& kv = import_named(c, "astrid:kv/host@1.0.0");
  CHECK(kv.kind == Sort::Instance);
  REQUIRE(kv.exports.size() == 2);
  CHECK(kv.exports[0].name == "error-code");
  CHECK(kv.exports[0].kind == Sort::Type);
  REQUIRE(kv.exports[0].type);
  CHECK(c.types[*kv.exports[0].type].name == "error-code");
  CHECK(format_definition(c.types, *kv.exports[0].type) ==
        "variant error-code { invalid-key, too-large, quota, cas-mismatch, unknown(string) }");
  CHECK(kv.exports[1].name == "kv-get");
  CHECK(kv.exports[1].kind == Sort::Func);
  CHECK(func_text(c, kv.exports[1].func) == "func(key: string) -> result<option<list<u8>>, error-code>");
  // The offset of a declaration is where its bytes are.
  CHECK(kv.exports[1].offset > kv.exports[0].offset);
  CHECK(bytes[kv.offset] == 0x00);
  CHECK(std::string(bytes.begin() + kv.offset + 2, bytes.begin() + kv.offset + 22) == "astrid:kv/host@1.0.0");

  const ComponentImport& sys = import_named(c, "astrid:sys/host@1.0.0");
  CHECK(func_text(c, decl_named(sys, "log").func) == "func(level: log-level, message: string)");
  CHECK(func_text(c, decl_named(sys, "clock-ms").func) == "func() -> u64");
  CHECK(func_text(c, decl_named(sys, "signal-ready").func) == "func()");

  // pollable: fresh in astrid:io/poll, the very same node in astrid:ipc.
  const ComponentImport& poll = import_named(c, "astrid:io/poll@1.0.0");
  REQUIRE(poll.exports.size() == 1);
  const InstanceExportDecl& pollable = poll.exports[0];
  CHECK(pollable.fresh_resource);
  REQUIRE(pollable.type);
  CHECK(c.types[*pollable.type].kind == TypeKind::Resource);
  CHECK(c.types[*pollable.type].owner == "astrid:io/poll@1.0.0");
  CHECK(c.types[*pollable.type].name == "pollable");
  const ComponentImport& ipc = import_named(c, "astrid:ipc/host@1.0.0");
  CHECK_FALSE(decl_named(ipc, "pollable").fresh_resource);
  CHECK(decl_named(ipc, "pollable").type == pollable.type);
  const InstanceExportDecl& subscription = decl_named(ipc, "subscription");
  CHECK(subscription.fresh_resource);
  CHECK(c.types[*subscription.type].owner == "astrid:ipc/host@1.0.0");
  const auto& readiness = decl_named(ipc, "[method]subscription.subscribe-readiness");
  CHECK(func_text(c, readiness.func) == "func(self: borrow<subscription>) -> pollable");
  const TypeNode& own = c.types[readiness.func->results[0].type];
  CHECK(own.kind == TypeKind::Own);
  CHECK(own.element == pollable.type);
  CHECK(func_text(c, decl_named(ipc, "subscribe").func) ==
        "func(topic-pattern: string) -> result<subscription, error-code>");

  // A world-level `use`: a top-level type import of the record.
  const ComponentImport& result_type = import_named(c, "capsule-result");
  CHECK(result_type.kind == Sort::Type);
  CHECK_FALSE(result_type.fresh_resource);
  REQUIRE(result_type.type);
  CHECK(format_definition(c.types, *result_type.type) ==
        "record capsule-result { action: string, data: option<string> }");

  REQUIRE(c.exports.size() == 4);
  CHECK(c.exports[0].name == "astrid-hook-trigger");
  CHECK(func_text(c, c.exports[0].func) == "func(action: string, payload: list<u8>) -> capsule-result");
  for (size_t i = 1; i < 4; ++i) CHECK(func_text(c, c.exports[i].func) == "func()");
  CHECK(c.exports[1].name == "run");

  // wit-component writes each export in an export section of its own,
  // after the lift it exports, and lifts every export separately: the
  // component-level indices are distinct.
  REQUIRE(c.export_sections.size() == 4);
  for (size_t i = 0; i < 4; ++i) {
    REQUIRE(c.export_sections[i].funcs.size() == 1);
    CHECK(c.export_sections[i].funcs[0].first == c.exports[i].name);
    CHECK(c.export_sections[i].funcs[0].second == c.exports[i].index);
    CHECK(bytes[c.export_sections[i].offset] == 11);
  }
  CHECK(c.exports[2].name == "astrid-install");
  CHECK(c.exports[2].index != c.exports[3].index);

  // The core modules are located, and the core reader reads the main one:
  // there the stub shows as one function exported twice.
  REQUIRE(c.core_modules.size() == 3);
  for (const CoreModuleSpan& span : c.core_modules) {
    CHECK(span.depth == 0);
    CHECK(std::memcmp(bytes.data() + span.offset, "\0asm\1\0\0\0", 8) == 0);
  }
  MemorySource source{Bytes(bytes)};
  SliceSource main_module(source, c.core_modules[0].offset, c.core_modules[0].size);
  auto module = read_module(main_module);
  REQUIRE(module.has_value());
  const Module& m = *module;
  REQUIRE(m.imports.size() == 7);
  CHECK(m.imports[0].module == "astrid:kv/host@1.0.0");
  CHECK(m.imports[0].name == "kv-get");
  auto export_index = [&](std::string_view name) {
    for (const Export& e : m.exports)
      if (e.name == name) return e.index;
    FAIL("no core export " << name);
    return 0u;
  };
  CHECK(export_index("astrid-install") == export_index("astrid-upgrade"));
  CHECK(export_index("run") != export_index("astrid-install"));

  REQUIRE_FALSE(c.producers.empty());
  CHECK(std::any_of(c.producers.begin(), c.producers.end(), [](const Producer& p) {
    return p.field == "processed-by" && p.name == "wit-component";
  }));
}

TEST_CASE("every prefix of a real component is an error, and no byte change crashes the reader") {
  const Bytes bytes = fixture("components/kv-daemon.wasm");
  // Sections delimit themselves: a prefix that ends where a top-level
  // section ends is a component of fewer sections, as wasmparser reads it
  // too. Every other prefix cuts a section short.
  std::vector<size_t> boundaries = {8};
  for (size_t at = 8; at < bytes.size();) {
    Cursor in(bytes.data() + at + 1, bytes.size() - at - 1, at + 1, "test");
    const uint32_t size = in.u32("size");
    at = static_cast<size_t>(in.offset()) + size;
    boundaries.push_back(at);
  }
  CHECK(boundaries.back() == bytes.size());
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto result = read_bytes(Bytes(bytes.begin(), bytes.begin() + n));
    INFO("prefix of " << n << " bytes");
    const bool boundary = std::find(boundaries.begin(), boundaries.end(), n) != boundaries.end();
    REQUIRE(!result != boundary);
  }
  // Each byte flipped to its complement, and to a few opcodes that mean
  // something elsewhere: decoded or refused, never anything worse.
  size_t refused = 0;
  for (size_t i = 8; i < bytes.size(); ++i) {
    for (uint8_t value : {static_cast<uint8_t>(~bytes[i]), uint8_t{0x00}, uint8_t{0x7f}, uint8_t{0xff}}) {
      Bytes changed = bytes;
      changed[i] = value;
      if (!(read_bytes(std::move(changed)))) ++refused;
    }
  }
  CHECK(refused > 0);
}

TEST_CASE("every sort of import and export") {
  auto result = read_bytes(fixture("components/all-sorts.wasm"));
  const Component& c = component_of(result);
  REQUIRE(c.imports.size() == 7);
  const ComponentImport& kv = c.imports[0];
  CHECK(kv.kind == Sort::Instance);
  CHECK(func_text(c, decl_named(kv, "page").func) == "func(prefix: string) -> option<string>");
  CHECK(format_definition(c.types, *decl_named(kv, "key-page").type) ==
        "record key-page { keys: list<string>, next-cursor: option<string> }");

  CHECK(c.imports[1].name == "top-level-func");
  CHECK(c.imports[1].kind == Sort::Func);
  CHECK(func_text(c, c.imports[1].func) == "func(x: u32) -> string");

  CHECK(c.imports[2].name == "mode");
  CHECK(c.imports[2].kind == Sort::Type);
  CHECK_FALSE(c.imports[2].fresh_resource);
  CHECK(format_definition(c.types, *c.imports[2].type) == "flags mode { read, write }");

  CHECK(c.imports[3].name == "handle");
  CHECK(c.imports[3].fresh_resource);
  CHECK(c.types[*c.imports[3].type].kind == TypeKind::Resource);

  CHECK(c.imports[4].kind == Sort::Component);
  CHECK(c.imports[5].kind == Sort::Module);
  CHECK(c.imports[6].kind == Sort::Value);
  REQUIRE(c.imports[6].type);
  CHECK(c.types[*c.imports[6].type].kind == TypeKind::U64);

  REQUIRE(c.exports.size() == 7);
  std::vector<Sort> kinds;
  for (const ComponentExport& e : c.exports) kinds.push_back(e.kind);
  CHECK(kinds == std::vector<Sort>{Sort::Func, Sort::Func, Sort::Instance, Sort::Component, Sort::Module, Sort::Type,
                                   Sort::Value});
  CHECK(func_text(c, c.exports[0].func) == "func()");
  CHECK(c.exports[0].index == 1);  // the lifted function; 0 is the imported one
  CHECK(c.exports[1].name == "again");
  CHECK(c.exports[1].index == 0);
  CHECK(func_text(c, c.exports[1].func) == "func(x: u32) -> string");
  // An alias between the exports splits them into two sections.
  REQUIRE(c.export_sections.size() == 2);
  CHECK(c.export_sections[0].funcs ==
        std::vector<std::pair<std::string, uint32_t>>{{"run", 1}, {"again", 0}});
  CHECK(c.export_sections[1].funcs.empty());
  REQUIRE(c.core_modules.size() == 1);
}

TEST_CASE("resources: fresh per import, shared through (eq), named types named") {
  auto result = read_bytes(fixture("components/resources.wasm"));
  const Component& c = component_of(result);
  REQUIRE(c.imports.size() == 3);
  const ComponentImport& io = c.imports[0];
  const TypeRef pollable = *decl_named(io, "pollable").type;
  CHECK(c.types[pollable].owner == "astrid:io/poll@1.0.0");
  CHECK(func_text(c, decl_named(io, "[method]pollable.ready").func) == "func(self: borrow<pollable>) -> bool");
  CHECK(func_text(c, decl_named(io, "poll").func) ==
        "func(pollables: list<borrow<pollable>>) -> result<list<u32>, error-code>");

  const ComponentImport& first = c.imports[1];
  const ComponentImport& second = c.imports[2];
  for (const ComponentImport* ipc : {&first, &second}) {
    INFO(ipc->name);
    CHECK(*decl_named(*ipc, "pollable").type == pollable);
    CHECK_FALSE(decl_named(*ipc, "pollable").fresh_resource);
    const TypeRef subscription = *decl_named(*ipc, "subscription").type;
    CHECK(c.types[subscription].owner == ipc->name);
    CHECK(c.types[subscription].name == "subscription");
    const FuncType& subscribe = *decl_named(*ipc, "subscribe").func;
    CHECK(format_func(c.types, subscribe) == "func(topic-pattern: string) -> result<subscription, error-code>");
    // The result's own<subscription> is this import's resource.
    const TypeNode& result_node = c.types[subscribe.results[0].type];
    CHECK(c.types[*result_node.element].element == subscription);
    CHECK(c.types[*decl_named(*ipc, "error-code").type].name == "error-code");
    CHECK(func_text(c, decl_named(*ipc, "[method]subscription.subscribe-readiness").func) ==
          "func(self: borrow<subscription>) -> pollable");
  }
  CHECK(*decl_named(first, "subscription").type != *decl_named(second, "subscription").type);
  // Types that do not involve the resource are not copied.
  CHECK(*decl_named(first, "error-code").type == *decl_named(second, "error-code").type);
}

TEST_CASE("nested components: their core modules and export sections, not their exports") {
  auto result = read_bytes(fixture("components/nested.wasm"));
  const Component& c = component_of(result);
  CHECK(c.imports.empty());
  REQUIRE(c.exports.size() == 1);
  CHECK(c.exports[0].name == "run");
  // Through instantiation and an alias of the instance's export.
  CHECK(func_text(c, c.exports[0].func) == "func()");
  REQUIRE(c.core_modules.size() == 3);
  CHECK(c.core_modules[0].depth == 1);
  CHECK(c.core_modules[1].depth == 2);
  CHECK(c.core_modules[2].depth == 0);
  REQUIRE(c.export_sections.size() == 2);
  CHECK(c.export_sections[0].funcs == std::vector<std::pair<std::string, uint32_t>>{{"inner-run", 0}});
  CHECK(c.export_sections[1].funcs == std::vector<std::pair<std::string, uint32_t>>{{"run", 0}});
}

#endif  // HAVE_COMPONENT_FIXTURES

namespace {

// (type (instance (export "f" (func (type 0)))...)) with a func type first.
Bytes func_import(const Bytes& functype) {
  return component({section(7, cat({{0x01}, functype})),                          // type 0
                    section(10, cat({{0x01, 0x00}, name("f"), {0x01, 0x00}}))});  // import "f" (func (type 0))
}

}  // namespace

TEST_CASE("async functions, and value types newer than the toolchain fixtures") {
  // async func(x: error-context) -> stream<u8>
  auto async_result = read_bytes(component({
      section(7, cat({{0x02}, {0x66, 0x01, 0x7d},                  // type 0: stream<u8>
                      {0x43}, {0x01}, name("x"), {0x64}, {0x00, 0x00}})),  // type 1: async func
      section(10, cat({{0x01, 0x00}, name("f"), {0x01, 0x01}})),
  }));
  const Component& a = component_of(async_result);
  REQUIRE(a.imports.size() == 1);
  CHECK(a.imports[0].func->async);
  CHECK(func_text(a, a.imports[0].func) == "async func(x: error-context) -> stream<u8>");

  // func(a: list<u32, 4>, b: future, c: tuple<bool, char>) -> result
  auto types_result = read_bytes(component({
      section(7, cat({{0x04},
                      {0x67, 0x79, 0x04},        // type 0: list<u32, 4>
                      {0x65, 0x00},              // type 1: future
                      {0x6f, 0x02, 0x7f, 0x74},  // type 2: tuple<bool, char>
                      {0x6a, 0x00, 0x00}})),     // type 3: result
      section(7, cat({{0x01, 0x40, 0x03}, name("a"), {0x00}, name("b"), {0x01}, name("c"), {0x02}, {0x00, 0x03}})),
      section(10, cat({{0x01, 0x00}, name("f"), {0x01, 0x04}})),
  }));
  const Component& t = component_of(types_result);
  CHECK(func_text(t, t.imports[0].func) == "func(a: list<u32, 4>, b: future, c: tuple<bool, char>) -> result");
}

TEST_CASE("canonical built-ins: each a core function, lift a component function") {
  // (core func (canon task.cancel)) (core func (canon waitable-set.new))
  // (core func (canon thread.yield cancellable)) (core func (canon
  // context.get i32 0)), then (func (type 0) (canon lift (core func 3))).
  auto result = read_bytes(component({
      section(8, {0x04, 0x05, 0x1f, 0x0c, 0x01, 0x0a, 0x7f, 0x00}),
      section(7, {0x01, 0x40, 0x00, 0x01, 0x00}),
      section(8, {0x01, 0x00, 0x00, 0x03, 0x00, 0x00}),
      section(11, cat({{0x01, 0x00}, name("run"), {0x01, 0x00, 0x00}})),
  }));
  const Component& c = component_of(result);
  REQUIRE(c.exports.size() == 1);
  CHECK(func_text(c, c.exports[0].func) == "func()");
  // A lift of a core function not defined yet is refused.
  const InputError e = error_of(read_bytes(component({section(7, {0x01, 0x40, 0x00, 0x01, 0x00}),
                                                      section(8, {0x01, 0x00, 0x00, 0x00, 0x00, 0x00})})));
  CHECK(e.message == "malformed component: core function index 0 is not defined (there are 0 at this point)");
}

TEST_CASE("older encodings: named results, the 0x01 name tag, and version suffixes") {
  // func() -> (a: u32, b: string): named results, before wasm-tools 1.226.
  auto named = read_bytes(func_import(cat({{0x40, 0x00, 0x01, 0x02}, name("a"), {0x79}, name("b"), {0x73}})));
  const Component& n = component_of(named);
  CHECK(func_text(n, n.imports[0].func) == "func() -> (a: u32, b: string)");

  // No results, new encoding.
  auto none = read_bytes(func_import({0x40, 0x00, 0x01, 0x00}));
  CHECK(func_text(component_of(none), component_of(none).imports[0].func) == "func()");

  // 0x01 marked interface names once; read as 0x00.
  auto tagged = read_bytes(component({section(7, {0x01, 0x40, 0x00, 0x01, 0x00}),
                                      section(10, cat({{0x01, 0x01}, name("astrid:sys/host@1.0.0"), {0x01, 0x00}}))}));
  CHECK(component_of(tagged).imports[0].name == "astrid:sys/host@1.0.0");

  // 0x02: a canonical name "…@1" with the version suffix ".2.3" as an
  // attribute, beside an `implements` attribute.
  auto canonical = read_bytes(component(
      {section(7, {0x01, 0x42, 0x00}),  // an empty instance type
       section(10, cat({{0x01, 0x02}, name("astrid:kv/host@1"), {0x02, 0x01}, name(".2.3"), {0x00},
                        name("astrid:kv/host"), {0x05, 0x00}}))}));
  CHECK(component_of(canonical).imports[0].name == "astrid:kv/host@1.2.3");
}

TEST_CASE("unknown opcodes are refused, never guessed at") {
  struct Case {
    const char* what;
    Bytes bytes;
    const char* message;
  };
  const Case cases[] = {
      {"defined type", component({section(7, {0x01, 0x60})}), "defined value type 0x60"},
      {"map", component({section(7, {0x01, 0x63, 0x73, 0x79})}), "defined value type 0x63"},
      {"value type", component({section(7, {0x01, 0x70, 0x6c})}), "value type 0x6c"},
      {"canon", component({section(8, {0x01, 0x07, 0x00})}), "canonical function 0x07"},
      {"canon option", component({section(8, {0x01, 0x1c, 0x01, 0x0a})}), "canonical option 0x0a"},
      {"sort", component({section(6, {0x01, 0x06, 0x00, 0x00, 0x00})}), "sort 0x06"},
      {"name", component({section(10, cat({{0x01, 0x03}, name("x"), {0x01, 0x00}}))}), "import or export name 0x03"},
      {"extern type", component({section(10, cat({{0x01, 0x00}, name("x"), {0x06, 0x00}}))}), "extern type 0x06"},
      {"type bound", component({section(10, cat({{0x01, 0x00}, name("x"), {0x03, 0x02}}))}), "type bound 0x02"},
      {"instance decl", component({section(7, {0x01, 0x42, 0x01, 0x05})}), "type declaration 0x05"},
      {"core type", component({section(3, {0x01, 0x61})}), "core composite type 0x61"},
      {"variant refines", component({section(7, cat({{0x01, 0x71, 0x01}, name("a"), {0x00, 0x01, 0x00}}))}),
       "variant case refinement 0x01"},
      {"func results", component({section(7, {0x01, 0x40, 0x00, 0x02})}), "function result list 0x02"},
      {"alias target", component({section(6, {0x01, 0x03, 0x03, 0x00})}), "alias target 0x03"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const InputError e = error_of(read_bytes(c.bytes));
    CHECK(e.message ==
          std::string("the component uses an encoding this build cannot decode: ") + c.message);
    REQUIRE(e.offset);
    CHECK(*e.offset >= 10);
  }
}

TEST_CASE("malformed components: every class is an InputError at the offending offset") {
  struct Case {
    const char* what;
    Bytes bytes;
    uint64_t offset;
    const char* message;
  };
  const Case cases[] = {
      {"unknown section", component({{0x0d, 0x00}}), 8, "unknown section id 13"},
      {"section past the end", component({{0x0a, 0x10, 0x01, 0x00}}), 8,
       "the import section needs 16 bytes but only 2 are left: truncated"},
      {"trailing bytes", component({section(7, {0x01, 0x7f, 0xff})}), 12,
       "section size mismatch: 1 byte left over at the end of the type section"},
      {"truncated item", component({section(7, {0x01, 0x70})}), 12, "unexpected end: the type section ends inside a value type"},
      {"dangling type", component({section(7, {0x01, 0x70, 0x05})}), 12,
       "type index 5 is not defined (there are 0 types at this point)"},
      {"type of the wrong kind", component({section(7, {0x02, 0x40, 0x00, 0x01, 0x00, 0x70, 0x00})}), 16,
       "type 0 is a function type, not a value type"},
      {"own of a non-resource", component({section(7, {0x02, 0x70, 0x73, 0x69, 0x00})}), 14,
       "type 0 is a value type, not a resource type"},
      {"count beyond the section", component({section(10, {0xff, 0xff, 0xff, 0xff, 0x0f})}), 10,
       "import count 4294967295 does not fit in the 0 bytes left of the import section"},
      {"name beyond the section", component({section(10, {0x01, 0x00, 0xc8, 0x01, 0x61})}), 12,
       "length out of bounds: an import or export name of 200 bytes is longer than the 1 bytes left of the import "
       "section"},
      {"overlong LEB128", component({section(7, {0x01, 0x70, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00})}), 12,
       "integer representation too long: a value type takes more than 5 bytes"},
      {"outer alias too far", component({section(6, {0x01, 0x03, 0x02, 0x03, 0x00})}), 11,
       "outer alias count 3 reaches past the outermost component"},
      {"missing instance export",
       component({section(7, {0x01, 0x42, 0x00}), section(10, cat({{0x01, 0x00}, name("i"), {0x05, 0x00}})),
                  section(6, cat({{0x01, 0x01, 0x00, 0x00}, name("f")}))}),
       24, "instance 0 has no export named \"f\""},
      {"resource in an instance type", component({section(7, {0x01, 0x42, 0x01, 0x01, 0x3f, 0x7f, 0x00})}), 14,
       "a resource type defined inside an instance or component type"},
      {"core module without preamble", component({section(1, {0x00, 0x61, 0x73, 0x6d})}), 10,
       "a core module section does not start with the core module preamble 00 61 73 6d 01 00 00 00"},
      {"nested component without preamble", component({section(4, {0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0})}), 10,
       "a nested component section does not start with the component preamble 00 61 73 6d 0d 00 01 00"},
      {"invalid UTF-8", component({section(10, {0x01, 0x00, 0x02, 0x61, 0x80, 0x01, 0x00})}), 12,
       "malformed UTF-8 encoding in an import or export name"},
      {"section size cut", component({{0x07, 0x80}}), 9,
       "unexpected end: the type section ends inside the size of the type section"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const InputError e = error_of(read_bytes(c.bytes));
    CHECK(e.message == std::string("malformed component: ") + c.message);
    CHECK(e.offset == c.offset);
  }
}

TEST_CASE("fuzz findings") {
  // An empty import section (fuzz/component_fuzz): its missing count is an
  // error, and nothing reads into the empty buffer.
  const InputError empty = error_of(read_bytes(component({{0x0a, 0x00}})));
  CHECK(empty.message == "malformed component: unexpected end: the import section ends inside the import count");
  CHECK(empty.offset == 10u);
}

TEST_CASE("what is not a component") {
  CHECK(error_of(read_bytes({})).message == "empty file, not a WebAssembly component");
  CHECK(error_of(read_bytes({0x00, 0x61, 0x73})).message ==
        "truncated: 3 bytes, shorter than the 8-byte WebAssembly preamble");
  CHECK(error_of(read_bytes({0x7f, 'E', 'L', 'F'})).message ==
        "not a WebAssembly component: it does not start with the bytes 00 61 73 6d");
  const InputError core = error_of(read_bytes({0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0}));
  CHECK(core.message == "a core WebAssembly module, not a component");
  CHECK(core.offset == 4u);
  CHECK(error_of(read_bytes({0x00, 0x61, 0x73, 0x6d, 0x0e, 0, 1, 0})).message ==
        "unsupported WebAssembly binary version 0e 00 01 00");
  // An empty component is one.
  CHECK(component_of(read_bytes(kPreamble)).imports.empty());
}

TEST_CASE("bounds: type depth, type nesting, component nesting") {
  SECTION("a value type 101 levels deep") {
    Bytes types = {0x70, 0x73};  // depth 2
    // Type i + 1 is list<type i>; an s33 index of 64 or more takes two bytes.
    for (uint32_t i = 0; i < 98; ++i)
      types = cat({types, {0x70}, i < 64 ? leb(i) : Bytes{uint8_t(0x80 | (i & 0x7f)), uint8_t(i >> 7)}});
    const Bytes ok = component({section(7, cat({leb(99), types}))});
    component_of(read_bytes(ok));  // depth 100: accepted
    const Bytes deep = component({section(7, cat({leb(100), types, {0x70, 0xe2, 0x00}}))});  // list<type 98>: 101
    const InputError e = error_of(read_bytes(deep));
    CHECK(e.message == "a type nested 101 levels deep, more than the 100 astrid-abi (and wasmtime) accept");
  }
  SECTION("instance types nested 101 levels deep") {
    // (instance (type (instance (type ... (instance)))))
    Bytes body = {0x42, 0x00};
    for (int i = 0; i < 100; ++i) body = cat({{0x42, 0x01, 0x01}, body});
    const InputError e = error_of(read_bytes(component({section(7, cat({{0x01}, body}))})));
    CHECK(e.message ==
          "instance and component types nested more than 100 levels deep: more than astrid-abi (and wasmtime) "
          "accept");
  }
  SECTION("components nested 17 levels deep") {
    Bytes nested = kPreamble;
    for (int i = 0; i < 16; ++i) nested = cat({kPreamble, section(4, nested)});
    component_of(read_bytes(nested));  // 16 levels: accepted
    nested = cat({kPreamble, section(4, nested)});
    CHECK(error_of(read_bytes(nested)).message ==
          "components nested more than 16 levels deep: more than astrid-abi reads");
  }
}

TEST_CASE("bounds: type nodes, decoded items, custom sections, section bytes, names") {
  SECTION("more than a million type nodes") {
    Bytes types = leb(1000001);
    types.reserve(2000010);
    for (int i = 0; i < 1000001; ++i) {
      types.push_back(0x70);
      types.push_back(0x73);
    }
    const InputError e = error_of(read_bytes(component({section(7, types)})));
    CHECK(e.message == "the component defines more than 1000000 types: more than astrid-abi reads");
  }
  SECTION("one large instance type imported many times") {
    // An instance type of 2,000 functions taking a string, imported 1,000
    // times: 20 KB that would describe 2 million declarations.
    Bytes decls;
    for (int i = 0; i < 2000; ++i)
      decls = cat({decls, {0x04, 0x00}, name("f" + std::to_string(i)), {0x01, 0x00}});
    Bytes imports = leb(1000);
    for (int i = 0; i < 1000; ++i) imports = cat({imports, {0x00}, name("i" + std::to_string(i)), {0x05, 0x00}});
    const Bytes bytes = component({section(7, cat({{0x01, 0x42}, leb(2001),
                                                    {0x01, 0x40, 0x01}, name("s"), {0x73, 0x01, 0x00}, decls})),
                                   section(10, imports)});
    CHECK(bytes.size() < 64000);
    const InputError e = error_of(read_bytes(bytes));
    INFO(e.message);
    CHECK(e.message.find("more than 2000000 types, functions, declarations and parameters") != std::string::npos);
  }
  SECTION("more than 100,000 custom sections") {
    Bytes bytes = kPreamble;
    bytes.reserve(8 + 3 * 100001);
    // Appended in place: cat() would copy the whole buffer each time (15 GB).
    for (int i = 0; i < 100001; ++i) bytes.insert(bytes.end(), {0x00, 0x01, 0x00});
    CHECK(error_of(read_bytes(bytes)).message == "more than 100000 custom sections");
  }
  SECTION("more than 64 MiB of sections other than core modules") {
    // A source that is mostly zeros it never has to hold: the limit is
    // checked before any section is read.
    class Sparse final : public ByteSource {
     public:
      explicit Sparse(Bytes head) : head_(std::move(head)) {}
      uint64_t size() const override { return head_.size() + (uint64_t{65} << 20); }
      bool read(uint64_t offset, size_t count, uint8_t* out) override {
        for (size_t i = 0; i < count; ++i) out[i] = offset + i < head_.size() ? head_[offset + i] : 0;
        return true;
      }

     private:
      Bytes head_;
    };
    // A type section of 65 MiB.
    Sparse source(cat({kPreamble, {0x07}, leb(uint64_t{65} << 20)}));
    const auto result = read_component(source);
    REQUIRE(!result);
    CHECK(result.error().message ==
          "the component's sections other than core modules take more than 64 MiB: more than astrid-abi reads");
  }
  SECTION("names of more than 100,000 bytes") {
    const std::string long_name(100001, 'a');
    const InputError e =
        error_of(read_bytes(component({section(10, cat({{0x01, 0x00}, name(long_name), {0x01, 0x00}}))})));
    CHECK(e.message == "an import or export name of 100001 bytes is longer than the 100000 bytes a name may have");
  }
}

TEST_CASE("the malformed component fixtures are refused") {
  const std::filesystem::path dir = std::filesystem::path(FIXTURE_DIR) / "malformed-components";
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    INFO(entry.path().filename().string());
    const InputError e = error_of(read_bytes(read_binary_file(entry.path().c_str())));
    CHECK(e.offset);
    ++count;
  }
  CHECK(count >= 14);
}

TEST_CASE("a slice of a source reads as a source of its own") {
  MemorySource whole(Bytes{0, 1, 2, 3, 4, 5, 6, 7});
  SliceSource slice(whole, 2, 4);
  CHECK(slice.size() == 4);
  CHECK(slice.base() == 2);
  uint8_t out[4] = {};
  REQUIRE(slice.read(0, 4, out));
  CHECK(out[0] == 2);
  CHECK(out[3] == 5);
  CHECK_FALSE(slice.read(1, 4, out));
  CHECK_FALSE(slice.read(5, 0, out));
  SliceSource clamped(whole, 6, 100);
  CHECK(clamped.size() == 2);
  SliceSource past(whole, 100, 1);
  CHECK(past.size() == 0);
}

TEST_CASE("a component's core modules are held to totals together, not only one by one") {
  // A core module of three imports (globals, empty names), 26 bytes, of
  // which 16 are its import section.
  const Bytes module = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x02, 0x10, 0x03,
                        0x00, 0x00, 0x03, 0x7f, 0x00, 0x00, 0x00, 0x03, 0x7f, 0x00, 0x00, 0x00, 0x03, 0x7f, 0x00};
  const Bytes three = component({section(1, module), section(1, module), section(1, module)});
  MemorySource source(three);
  const auto read = read_component(source);
  const Component& c = component_of(read);
  REQUIRE(c.core_modules.size() == 3);
  auto all = read_core_modules(source, c);
  if (!all) FAIL(all.error().message);
  CHECK(all->size() == 3);
  CHECK((*all)[2].imports.size() == 3);

  CoreModuleBudget imports;
  imports.max.imports = 8;  // the third module's count of three is one too many
  auto refused = read_core_modules(source, c, imports);
  REQUIRE(!refused);
  const uint64_t third = c.core_modules[2].offset;
  CHECK(refused.error().message == fmt::format("core module at 0x{:x}: the component's core modules hold more than 8 "
                                               "imports together, the most astrid-abi reads of one component",
                                               third));
  CHECK(refused.error().offset == third + 8 + 2);

  CoreModuleBudget bytes;
  bytes.max.interface_bytes = 47;  // 16 bytes each
  auto too_big = read_core_modules(source, c, bytes);
  REQUIRE(!too_big);
  CHECK_THAT(too_big.error().message, Catch::Matchers::ContainsSubstring(
                                          "take more than 47 bytes of interface sections together"));
  bytes.max.interface_bytes = 48;
  CHECK(read_core_modules(source, c, bytes));
}
