#include "support/expected.h"
#include "wasm/module_reader.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "wasm/sections.h"
#include "wat.h"

#include "catch.h"

using namespace astrid;
using astrid::test::CountingSource;
using astrid::test::wat_to_wasm;

namespace {

Expected<Module> read_bytes(std::vector<uint8_t> bytes) {
  MemorySource source(std::move(bytes));
  return read_module(source);
}

// By value: callers pass temporaries.
InputError error_of(const Expected<Module>& result) {
  REQUIRE(!result);
  return result.error();
}

const Module& module_of(const Expected<Module>& result) {
  if (auto* e = (result ? nullptr : &result.error())) FAIL("unexpected error: " << e->message);
  return *result;
}

// A core-module preamble followed by the given sections.
std::vector<uint8_t> with(std::vector<uint8_t> sections) {
  std::vector<uint8_t> bytes = {0, 'a', 's', 'm', 1, 0, 0, 0};
  for (uint8_t b : sections) bytes.push_back(b);  // (insert() trips a GCC 12 false warning)
  return bytes;
}

}  // namespace

TEST_CASE("imports, exports, types and memories are read with their offsets") {
  auto bytes = wat_to_wasm(R"((module
    (import "extism:host/user" "astrid_read_file" (func (param i64) (result i64)))
    (import "env" "mem" (memory 3 9))
    (memory 2)
    (func (export "run") (result i32) (i32.const 0))))");
  auto result = read_bytes(bytes);
  const Module& m = module_of(result);
  REQUIRE(m.imports.size() == 2);
  CHECK(m.imports[0].module == "extism:host/user");
  CHECK(m.imports[0].name == "astrid_read_file");
  CHECK(m.imports[0].kind == ExternKind::Func);
  REQUIRE(m.type(m.imports[0].type_index));
  CHECK(format_arrow(*m.type(m.imports[0].type_index)) == "(i64) -> i64");
  CHECK(m.imports[1].kind == ExternKind::Memory);
  CHECK(m.imports[1].limits.initial == 3);
  CHECK(m.imports[1].limits.max == 9u);
  REQUIRE(m.memories.size() == 2);
  CHECK(m.memories[1].limits.initial == 2);
  CHECK_FALSE(m.memories[1].imported);
  REQUIRE(m.exports.size() == 1);
  CHECK(m.exports[0].name == "run");
  REQUIRE(m.function_type(m.exports[0].index));
  CHECK(format_arrow(*m.function_type(m.exports[0].index)) == "() -> i32");

  // An import entry starts with the length of its module name: the offset
  // must point at that byte, and the name must follow it.
  const uint64_t at = m.imports[0].offset;
  REQUIRE(at + 1 + 16 <= bytes.size());
  CHECK(bytes[at] == 16);
  CHECK(std::string(bytes.begin() + at + 1, bytes.begin() + at + 17) == "extism:host/user");
  const uint64_t export_at = m.exports[0].offset;
  CHECK(bytes[export_at] == 3);
  CHECK(std::string(bytes.begin() + export_at + 1, bytes.begin() + export_at + 4) == "run");
}

TEST_CASE("the code section is not read, however large") {
  std::string body;
  for (int i = 0; i < 200000; ++i) body += "nop ";
  auto bytes = wat_to_wasm("(module (import \"extism:host/user\" \"astrid_log\" (func (param i64 i64)))"
                           " (func (export \"astrid_tool_call\") (result i32) " +
                           body + " (i32.const 0)))");
  REQUIRE(bytes.size() > 200000);
  CountingSource source(bytes);
  auto result = read_module(source);
  CHECK(module_of(result).imports.size() == 1);
  CHECK(source.bytes_read < 512);
}

TEST_CASE("every truncation of a real module is an input error, never a crash") {
  const auto whole = test::read_binary_file(FIXTURE_DIR "/clean-tool.wasm");
  REQUIRE((read_bytes(whole)).has_value());
  // Cut exactly between sections, a module is shorter but well formed.
  MemorySource source(whole);
  auto sections = walk_sections(source);
  REQUIRE(sections.has_value());
  std::set<size_t> boundaries = {8};
  for (const Section& s : *sections) boundaries.insert(s.end());
  for (size_t n = 0; n < whole.size(); ++n) {
    auto result = read_bytes(std::vector<uint8_t>(whole.begin(), whole.begin() + static_cast<long>(n)));
    INFO("truncated to " << n << " bytes");
    if (boundaries.count(n)) continue;  // a shorter module, still valid
    const InputError e = error_of(result);
    CHECK_FALSE(e.message.empty());
    if (e.offset) CHECK(*e.offset <= n);
  }
}

TEST_CASE("preambles that are not a core module are named") {
  CHECK(error_of(read_bytes({})).message.find("empty file") != std::string::npos);
  CHECK(error_of(read_bytes({0x7f, 'E', 'L', 'F', 1, 1, 1, 0})).message.find("not a WebAssembly module") !=
        std::string::npos);
  const auto component = error_of(read_bytes({0, 'a', 's', 'm', 0x0d, 0, 1, 0}));
  CHECK(component.message.find("component") != std::string::npos);
  CHECK(component.message.find("0.6") != std::string::npos);
  CHECK(error_of(read_bytes({0, 'a', 's', 'm', 1})).message.find("truncated") != std::string::npos);
  CHECK(error_of(read_bytes({0, 'a', 's', 'm', 2, 0, 0, 0})).message.find("version") != std::string::npos);
}

TEST_CASE("lying sizes and counts are refused without reserving memory") {
  // An import count of 2^32 - 1 in a five-byte section.
  const auto huge = error_of(read_bytes(with({0x02, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f})));
  CHECK(huge.offset.has_value());
  // A section size larger than the file.
  const auto past_end = error_of(read_bytes(with({0x01, 0xff, 0xff, 0x03, 0x00})));
  CHECK(past_end.offset == 8u);
  CHECK(past_end.message.find("truncated") != std::string::npos);
  // Function and code counts that agree with each other but not with the
  // bytes there are: no billion-body copy is made.
  const auto bodies = error_of(read_bytes(with({0x03, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f,  //
                                                 0x0a, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f})));
  CHECK(bodies.offset.has_value());
}

TEST_CASE("an empty interface section lacks its count (found by fuzz/module_fuzz: a read of nothing into nothing)") {
  const InputError e = error_of(read_bytes(with({0x01, 0x00})));
  CHECK(e.message.find("unexpected end") != std::string::npos);
  CHECK(e.offset == 10u);
}

TEST_CASE("section order and duplicates are checked across the whole file") {
  CHECK(error_of(read_bytes(with({0x0b, 0x01, 0x00, 0x0a, 0x01, 0x00}))).message.find("out of order") !=
        std::string::npos);
  CHECK(error_of(read_bytes(with({0x0b, 0x01, 0x00, 0x0b, 0x01, 0x00}))).message.find("duplicate data") !=
        std::string::npos);
  // Custom sections may stand anywhere.
  CHECK((read_bytes(with({0x00, 0x02, 0x01, 'x', 0x01, 0x01, 0x00, 0x00, 0x01, 0x00}))).has_value());
  // ... each with a name: an empty custom section has none.
  CHECK(error_of(read_bytes(with({0x00, 0x00}))).message.find("unexpected end") != std::string::npos);
  // ... which is UTF-8.
  CHECK(error_of(read_bytes(with({0x00, 0x02, 0x01, 0x80}))).message.find("UTF-8") != std::string::npos);
}

TEST_CASE("files that cannot be read are reported, not opened blindly") {
  auto missing = read_module_file("/nonexistent/astrid-abi-test.wasm");
  CHECK(error_of(missing).message.find("No such file") != std::string::npos);
  auto directory = read_module_file("/");
  CHECK(error_of(directory).message == "is a directory");
  auto device = read_module_file("/dev/null");
  CHECK(error_of(device).message.find("device") != std::string::npos);
}

TEST_CASE("a file that shrinks or vanishes while being read is an input error") {
  namespace fs = std::filesystem;
  const fs::path path = fs::temp_directory_path() / "astrid-abi-shrinking.wasm";
  const std::vector<uint8_t> bytes = wat_to_wasm(R"((module
    (import "extism:host/user" "astrid_log" (func (param i64 i64)))
    (func (export "astrid_tool_call") (result i32) (i32.const 0))))");
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
  // Opened at its full size, then cut to its preamble and removed: every
  // read past the cut fails, and the reader says so instead of decoding
  // stale or missing bytes.
  auto opened = FileSource::open(path.string());
  REQUIRE(opened.has_value());
  fs::resize_file(path, 8);
  fs::remove(path);
  const InputError error = error_of(read_module(*opened));
  CHECK(error.message.find("did the file change while being read?") != std::string::npos);
  CHECK(error.offset == 8u);
}

TEST_CASE("LEB128 integers follow the specification's length and unused-bit rules") {
  // The type count 1 as a five-byte u32 with zero padding: fine.
  CHECK((read_bytes(with({0x01, 0x08, 0x81, 0x80, 0x80, 0x80, 0x00, 0x60, 0x00, 0x00}))).has_value());
  // Unused bits set in the fifth byte: integer too large.
  CHECK(error_of(read_bytes(with({0x01, 0x08, 0x81, 0x80, 0x80, 0x80, 0x10, 0x60, 0x00, 0x00})))
            .message.find("integer too large") != std::string::npos);
  // Six bytes: representation too long.
  CHECK(error_of(read_bytes(with({0x01, 0x09, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00, 0x60, 0x00, 0x00})))
            .message.find("too long") != std::string::npos);
  // A global's i32.const -1 as a five-byte s32 with the sign bits copied.
  CHECK(read_bytes(with({0x06, 0x0a, 0x01, 0x7f, 0x00, 0x41, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x0b})).has_value());
  // ... and with the unused bits not copies of the sign: too large.
  CHECK(error_of(read_bytes(with({0x06, 0x0a, 0x01, 0x7f, 0x00, 0x41, 0xff, 0xff, 0xff, 0xff, 0x4f, 0x0b})))
            .message.find("integer too large") != std::string::npos);
}

TEST_CASE("interfaces of later proposals are decoded, and named") {
  SECTION("GC types in a recursion group") {
    // rec { (sub (struct (field i32))) (array (mut i8)) (func) }
    const Module m = module_of(read_bytes(with({0x01, 0x0f, 0x01, 0x4e, 0x03, 0x50, 0x00, 0x5f, 0x01, 0x7f, 0x00,
                                                0x5e, 0x78, 0x01, 0x60, 0x00, 0x00})));
    REQUIRE(m.types.size() == 3);
    CHECK_FALSE(m.type(0));
    CHECK_FALSE(m.type(1));
    CHECK(m.type(2) == FuncSig{});
    CHECK(m.uses(Proposal::Gc));
  }
  SECTION("a 64-bit table with an initializer, and exnref") {
    // table: 0x40 0x00, (ref null exn)... as exnref 0x69, 64-bit limits min 1, init ref.null exn end
    const Module m = module_of(read_bytes(with({0x04, 0x09, 0x01, 0x40, 0x00, 0x69, 0x04, 0x01, 0xd0, 0x69, 0x0b})));
    CHECK(m.uses(Proposal::Table64));
    CHECK(m.uses(Proposal::TableInitializer));
    CHECK(m.uses(Proposal::ExnRef));
    CHECK(m.describe_proposals(~0u) == "64-bit tables, table initializers and exnref");
  }
  SECTION("shared and 64-bit memories, tags, extended constants") {
    const Module m = module_of(read_bytes(test::wat_to_wasm(R"((module
      (memory 1 2 shared) (memory i64 1)
      (tag (param i32))
      (global i32 (i32.add (i32.const 1) (i32.const 2)))))")));
    CHECK(m.uses(Proposal::Threads));
    CHECK(m.uses(Proposal::Memory64));
    CHECK(m.uses(Proposal::MultiMemory));
    CHECK(m.uses(Proposal::Exceptions));
    CHECK(m.uses(Proposal::ExtendedConst));
  }
}

namespace {

void append_leb(std::vector<uint8_t>& out, uint64_t v) {
  do {
    const uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(v ? (b | 0x80) : b);
  } while (v);
}

// A section of `count` copies of `entry`, built in place.
std::vector<uint8_t> repeated_section(uint8_t id, uint32_t count, std::initializer_list<uint8_t> entry) {
  std::vector<uint8_t> content;
  content.reserve(5 + uint64_t{count} * entry.size());
  append_leb(content, count);
  for (uint32_t i = 0; i < count; ++i) content.insert(content.end(), entry);
  std::vector<uint8_t> out = {0, 'a', 's', 'm', 1, 0, 0, 0, id};
  append_leb(out, content.size());
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

}  // namespace

TEST_CASE("counts are held to wasmparser's limits: imports and exports up to 1,000,000 each") {
  // Imports of a global with empty names (five bytes each), and exports of
  // global 0 under an empty name (three): at wasmparser's MAX_WASM_IMPORTS
  // and MAX_WASM_EXPORTS, and one past them.
  const std::initializer_list<uint8_t> global_import = {0x00, 0x00, 0x03, 0x7f, 0x00};
  const auto at_limit = read_bytes(repeated_section(2, kMaxWasmImports, global_import));
  CHECK(module_of(at_limit).imports.size() == 1000000);
  const InputError past = error_of(read_bytes(repeated_section(2, kMaxWasmImports + 1, global_import)));
  CHECK(past.message == "more than 1000000 imports, the most engines accept");
  CHECK(past.offset == 8 + 1 + 4);  // the count, refused before any import is read

  const std::initializer_list<uint8_t> export_global = {0x00, 0x03, 0x00};
  const auto exports = read_bytes(repeated_section(7, kMaxWasmExports, export_global));
  CHECK(module_of(exports).exports.size() == 1000000);
  CHECK(error_of(read_bytes(repeated_section(7, kMaxWasmExports + 1, export_global))).message ==
        "more than 1000000 exports, the most engines accept");
}

TEST_CASE("a budget holds the modules read with it to totals") {
  const std::vector<uint8_t> three_imports = repeated_section(2, 3, {0x00, 0x00, 0x03, 0x7f, 0x00});
  CoreModuleBudget budget;
  budget.max.imports = 7;
  for (int i = 0; i < 2; ++i) {
    MemorySource source(three_imports);
    REQUIRE(read_module(source, &budget));
  }
  CHECK(budget.used.imports == 6);
  CHECK(budget.used.interface_bytes == 2 * (three_imports.size() - 10));
  MemorySource third(three_imports);
  const auto refused = read_module(third, &budget);
  REQUIRE(!refused);
  CHECK(refused.error().message ==
        "the component's core modules hold more than 7 imports together, the most astrid-abi reads of one component");
  CHECK(refused.error().offset == 8 + 2);  // the count, which takes the total to nine

  // Compact imports: one entry of nine items, each counted; the eighth is
  // one too many.
  CoreModuleBudget items;
  items.max.imports = 7;
  MemorySource compact(with({0x02, 0x12, 0x01, 0x01, 'm', 0x00, 0x7e, 0x03, 0x7f, 0x00, 0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  const auto eighth = read_module(compact, &items);
  REQUIRE(!eighth);
  CHECK(eighth.error().offset == 8 + 2 + 9 + 7);
  CHECK_THAT(eighth.error().message, Catch::Matchers::ContainsSubstring("hold more than 7 imports together"));

  CoreModuleBudget bytes;
  bytes.max.interface_bytes = three_imports.size() - 11;
  MemorySource one(three_imports);
  const auto too_big = read_module(one, &bytes);
  REQUIRE(!too_big);
  CHECK(too_big.error().message == fmt::format("the component's core modules take more than {} bytes of interface "
                                               "sections together, the most astrid-abi reads of one component",
                                               three_imports.size() - 11));
}

TEST_CASE("encodings of newer proposals decode, with their imports and limits") {
  SECTION("compact imports: one module name for a list of items") {
    // (import "m" ("" 0x7f) [ "f" (func 0), "g" (global i32) ]), then
    // (import "n" ("" 0x7e) (func 0) [ "a", "b" ])
    const Module m = module_of(read_bytes(with({0x01, 0x04, 0x01, 0x60, 0x00, 0x00,  //
                                                0x02, 0x1a, 0x02,                    //
                                                0x01, 'm', 0x00, 0x7f, 0x02, 0x01, 'f', 0x00, 0x00, 0x01, 'g', 0x03,
                                                0x7f, 0x00,  //
                                                0x01, 'n', 0x00, 0x7e, 0x00, 0x00, 0x02, 0x01, 'a', 0x01, 'b'})));
    REQUIRE(m.imports.size() == 4);
    CHECK(m.imports[0].module == "m");
    CHECK(m.imports[1].name == "g");
    CHECK(m.imports[1].kind == ExternKind::Global);
    CHECK(m.imports[3].module == "n");
    CHECK(m.imports[3].name == "b");
    CHECK(m.function_types.size() == 3);
    CHECK(m.uses(Proposal::CompactImports));
  }
  SECTION("custom descriptors: descriptor types, exact references and exact imports") {
    // rec { (type (descriptor 1) (struct)) (type (describes 0) (struct)) },
    // a global of (ref null (exact 0)), and an exact function import.
    const Module m = module_of(read_bytes(with({0x01, 0x0b, 0x01, 0x4e, 0x02, 0x4c, 0x01, 0x5f, 0x00, 0x4d, 0x00,
                                                0x5f, 0x00,  //
                                                0x06, 0x08, 0x01, 0x63, 0x62, 0x00, 0x00, 0xd0, 0x71, 0x0b})));
    CHECK(m.types.size() == 2);
    CHECK(m.uses(Proposal::CustomDescriptors));
  }
  SECTION("continuation types") {
    const Module m = module_of(read_bytes(with({0x01, 0x06, 0x02, 0x60, 0x00, 0x00, 0x5d, 0x00})));
    CHECK(m.types.size() == 2);
    CHECK(m.uses(Proposal::StackSwitching));
  }
  SECTION("limits are u64 in the binary: past 2^32 a 32-bit memory is invalid, not malformed") {
    const Module m = module_of(read_bytes(with({0x05, 0x07, 0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10})));
    REQUIRE(m.memories.size() == 1);
    CHECK(m.memories[0].limits.initial == (uint64_t{1} << 32));
  }
}
