#include "module_reader.h"

#include <fmt/format.h>
#include <wabt/binary-reader-nop.h>
#include <wabt/binary-reader.h>
#include <wabt/feature.h>
#include <wabt/leb128.h>

#include <algorithm>
#include <array>

#include "plural.h"
#include "sections.h"

namespace astrid {
namespace {

constexpr std::array<uint8_t, 4> kMagic = {0x00, 0x61, 0x73, 0x6d};
constexpr std::array<uint8_t, 4> kCoreVersion = {0x01, 0x00, 0x00, 0x00};
// Component-model binaries: version 0x0d, layer 1.
constexpr std::array<uint8_t, 4> kComponentVersion = {0x0d, 0x00, 0x01, 0x00};

std::optional<InputError> check_preamble(ByteSource& source) {
  const uint64_t size = source.size();
  if (size == 0) return InputError{std::nullopt, "empty file, not a WebAssembly module"};
  std::array<uint8_t, 8> head{};
  const size_t have = static_cast<size_t>(std::min<uint64_t>(size, head.size()));
  if (!source.read(0, have, head.data())) return InputError{0, "could not read the file"};
  if (!std::equal(kMagic.begin(), kMagic.begin() + std::min<size_t>(have, 4), head.begin()))
    return InputError{0, "not a WebAssembly module: it does not start with the bytes 00 61 73 6d"};
  if (have < head.size())
    return InputError{0, fmt::format("truncated: {} bytes, shorter than the 8-byte WebAssembly preamble", size)};
  if (std::equal(kComponentVersion.begin(), kComponentVersion.end(), head.begin() + 4))
    return InputError{4,
                      "a WebAssembly component (component-model capsule of Astrid kernel 0.6 or later); astrid-abi "
                      "checks the Extism core-module ABI of kernels 0.2 to 0.5"};
  if (!std::equal(kCoreVersion.begin(), kCoreVersion.end(), head.begin() + 4))
    return InputError{4, fmt::format("unsupported WebAssembly binary version {:02x} {:02x} {:02x} {:02x}", head[4],
                                     head[5], head[6], head[7])};
  return std::nullopt;
}

// wabt reads a compact copy of the module (the preamble and the interface
// sections); each span maps a stretch of that copy back to the file.
struct Span {
  uint64_t copy_offset;
  uint64_t file_offset;
  uint64_t size;
};

class OffsetMap {
 public:
  void add(uint64_t copy_offset, uint64_t file_offset, uint64_t size) {
    spans_.push_back({copy_offset, file_offset, size});
  }
  uint64_t to_file(uint64_t copy_offset) const {
    const Span* best = &spans_.front();
    for (const Span& s : spans_)
      if (s.copy_offset <= copy_offset) best = &s;
    return best->file_offset + std::min(copy_offset - best->copy_offset, best->size);
  }

 private:
  std::vector<Span> spans_;
};

ValType from_wabt(wabt::Type type) {
  switch (type) {
    case wabt::Type::I32: return ValType::I32;
    case wabt::Type::I64: return ValType::I64;
    case wabt::Type::F32: return ValType::F32;
    case wabt::Type::F64: return ValType::F64;
    case wabt::Type::V128: return ValType::V128;
    case wabt::Type::FuncRef: return ValType::FuncRef;
    case wabt::Type::ExternRef: return ValType::ExternRef;
    default: return ValType::Other;
  }
}

Limits from_wabt(const wabt::Limits& limits) {
  Limits out{limits.initial, std::nullopt, limits.is_64};
  if (limits.has_max) out.max = limits.max;
  return out;
}

// Collects what the checks need. Offsets are into the copy; entry offsets
// are the reader's position where each import or export entry begins.
class Collector final : public wabt::BinaryReaderNop {
 public:
  Module module;
  std::optional<wabt::Error> first_error;

  bool OnError(const wabt::Error& error) override {
    if (!first_error) first_error = error;
    return true;
  }

  wabt::Result OnFuncType(wabt::Index, wabt::Index param_count, wabt::Type* params, wabt::Index result_count,
                          wabt::Type* results) override {
    FuncSig sig;
    for (wabt::Index i = 0; i < param_count; ++i) sig.params.push_back(from_wabt(params[i]));
    for (wabt::Index i = 0; i < result_count; ++i) sig.results.push_back(from_wabt(results[i]));
    module.types.emplace_back(std::move(sig));
    return wabt::Result::Ok;
  }
  wabt::Result OnStructType(wabt::Index, wabt::Index, wabt::TypeMut*) override { return non_function_type(); }
  wabt::Result OnArrayType(wabt::Index, wabt::TypeMut) override { return non_function_type(); }

  wabt::Result OnImportCount(wabt::Index) override { return mark_entry(); }
  wabt::Result OnImportFunc(wabt::Index, std::string_view module_name, std::string_view field, wabt::Index,
                            wabt::Index sig_index) override {
    add_import(module_name, field, ExternKind::Func).type_index = sig_index;
    module.function_types.push_back(sig_index);
    return mark_entry();
  }
  wabt::Result OnImportTable(wabt::Index, std::string_view module_name, std::string_view field, wabt::Index,
                             wabt::Type, const wabt::Limits*) override {
    add_import(module_name, field, ExternKind::Table);
    return mark_entry();
  }
  wabt::Result OnImportMemory(wabt::Index, std::string_view module_name, std::string_view field, wabt::Index,
                              const wabt::Limits* limits) override {
    Import& import = add_import(module_name, field, ExternKind::Memory);
    import.limits = from_wabt(*limits);
    module.memories.push_back({import.offset, import.limits, true});
    return mark_entry();
  }
  wabt::Result OnImportGlobal(wabt::Index, std::string_view module_name, std::string_view field, wabt::Index,
                              wabt::Type, bool) override {
    add_import(module_name, field, ExternKind::Global);
    return mark_entry();
  }
  wabt::Result OnImportTag(wabt::Index, std::string_view module_name, std::string_view field, wabt::Index,
                           wabt::Index sig_index) override {
    add_import(module_name, field, ExternKind::Tag).type_index = sig_index;
    return mark_entry();
  }

  wabt::Result OnFunction(wabt::Index, wabt::Index sig_index) override {
    module.function_types.push_back(sig_index);
    return wabt::Result::Ok;
  }

  wabt::Result OnMemoryCount(wabt::Index) override { return mark_entry(); }
  wabt::Result OnMemory(wabt::Index, const wabt::Limits* limits) override {
    module.memories.push_back({entry_offset_, from_wabt(*limits), false});
    return mark_entry();
  }

  wabt::Result OnExportCount(wabt::Index) override { return mark_entry(); }
  wabt::Result OnExport(wabt::Index, wabt::ExternalKind kind, wabt::Index item_index, std::string_view name) override {
    module.exports.push_back({entry_offset_, std::string(name), static_cast<ExternKind>(kind), item_index});
    return mark_entry();
  }

 private:
  wabt::Result non_function_type() {
    module.types.emplace_back(std::nullopt);
    return wabt::Result::Ok;
  }
  wabt::Result mark_entry() {
    entry_offset_ = state->offset;
    return wabt::Result::Ok;
  }
  Import& add_import(std::string_view module_name, std::string_view field, ExternKind kind) {
    Import import;
    import.offset = entry_offset_;
    import.module = module_name;
    import.name = field;
    import.kind = kind;
    module.imports.push_back(std::move(import));
    return module.imports.back();
  }

  uint64_t entry_offset_ = 0;
};

static_assert(static_cast<int>(wabt::ExternalKind::Func) == static_cast<int>(ExternKind::Func) &&
              static_cast<int>(wabt::ExternalKind::Tag) == static_cast<int>(ExternKind::Tag));

std::optional<uint32_t> read_count(const uint8_t* begin, const uint8_t* end) {
  uint32_t count = 0;
  if (wabt::ReadU32Leb128(begin, end, &count) == 0) return std::nullopt;
  return count;
}

// What wabt reads: the preamble and the interface sections, verbatim.
struct InterfaceCopy {
  std::vector<uint8_t> bytes;
  OffsetMap map;
  // The function section's count; nullopt when there is no function
  // section or its count is malformed (which wabt then reports in place).
  bool has_function_section = false;
  std::optional<uint32_t> functions;
};

std::variant<InterfaceCopy, InputError> copy_interface(ByteSource& source, const std::vector<Section>& sections) {
  uint64_t interface_bytes = 0;
  for (const Section& s : sections)
    if (is_interface_section(s.id)) interface_bytes += s.end() - s.offset;
  if (interface_bytes > kMaxInterfaceBytes)
    return InputError{std::nullopt, fmt::format("the interface sections take {} bytes, more than the {} MiB "
                                                "astrid-abi reads of one module",
                                                interface_bytes, kMaxInterfaceBytes >> 20)};
  InterfaceCopy copy;
  copy.bytes.resize(8 + interface_bytes);
  if (!source.read(0, 8, copy.bytes.data())) return InputError{0, "could not read the file"};
  copy.map.add(0, 0, 8);
  uint64_t at = 8;
  for (const Section& s : sections) {
    if (!is_interface_section(s.id)) continue;
    const uint64_t length = s.end() - s.offset;
    if (!source.read(s.offset, length, copy.bytes.data() + at))
      return InputError{s.offset, "could not read the section (did the file change while being read?)"};
    if (s.id == kFunctionSection) {
      copy.has_function_section = true;
      const uint8_t* content = copy.bytes.data() + at + (s.content_offset - s.offset);
      copy.functions = read_count(content, content + s.size);
      // Each entry takes a byte at least; a larger count is wabt's to report.
      if (copy.functions && *copy.functions > s.size) copy.functions.reset();
    }
    copy.map.add(at, s.offset, length);
    at += length;
  }
  return copy;
}

// wabt insists that the function and code sections agree, but the code
// section is what astrid-abi does not read. Its body count is one LEB128 at
// its start: compare that here, then give wabt a code section of that many
// empty bodies, which it reads no further than their local counts.
std::optional<InputError> append_code_stub(ByteSource& source, const std::vector<Section>& sections,
                                           InterfaceCopy& copy) {
  const auto code_section = std::find_if(sections.begin(), sections.end(),
                                         [](const Section& s) { return s.id == kCodeSection; });
  const bool has_code = code_section != sections.end();
  if (!copy.has_function_section && !has_code) return std::nullopt;
  uint32_t bodies = 0;
  if (has_code) {
    uint8_t head[5] = {};
    const size_t n = static_cast<size_t>(std::min<uint64_t>(sizeof head, code_section->size));
    auto count = source.read(code_section->content_offset, n, head) ? read_count(head, head + n) : std::nullopt;
    if (!count) return InputError{code_section->content_offset, "malformed function body count in the code section"};
    bodies = *count;
  }
  const uint64_t where = has_code ? code_section->offset : source.size();
  if (copy.has_function_section && !copy.functions) {
    bodies = 0;  // wabt reports the malformed function count first
  } else if (bodies != copy.functions.value_or(0)) {
    return InputError{where, copy.has_function_section
                                 ? fmt::format("the function section declares {} but the code section defines {}",
                                               plural(*copy.functions, "function"), bodies)
                                 : fmt::format("the code section defines {} but there is no function section",
                                               plural(bodies, "function"))};
  }
  // Here bodies is at most the function count, so at most the size of the
  // function section: the stub stays bounded.
  constexpr uint8_t kEmptyBody[] = {0x02, 0x00, 0x0b};  // size 2, no locals, end
  std::vector<uint8_t> stub = {kCodeSection};
  auto put_leb5 = [&stub](uint32_t v) {
    for (int i = 0; i < 5; ++i, v >>= 7) stub.push_back(static_cast<uint8_t>((v & 0x7f) | (i < 4 ? 0x80 : 0)));
  };
  put_leb5(static_cast<uint32_t>(5 + uint64_t{bodies} * sizeof kEmptyBody));
  put_leb5(bodies);
  for (uint32_t i = 0; i < bodies; ++i) stub.insert(stub.end(), std::begin(kEmptyBody), std::end(kEmptyBody));
  copy.map.add(copy.bytes.size(), where, 0);
  copy.bytes.insert(copy.bytes.end(), stub.begin(), stub.end());
  return std::nullopt;
}

std::variant<Module, InputError> decode(const InterfaceCopy& copy) {
  wabt::Features features;
  features.EnableAll();
  wabt::ReadBinaryOptions options;
  options.features = features;
  options.read_debug_names = false;
  options.stop_on_first_error = true;
  options.fail_on_custom_section_error = false;
  options.skip_function_bodies = true;

  Collector collector;
  const wabt::Result result = wabt::ReadBinary(copy.bytes.data(), copy.bytes.size(), &collector, options);
  if (wabt::Failed(result) || collector.first_error) {
    std::string message = collector.first_error ? collector.first_error->message : "malformed module";
    const uint64_t where = collector.first_error ? copy.map.to_file(collector.first_error->loc.offset) : 0;
    return InputError{where, "malformed module: " + message};
  }
  Module module = std::move(collector.module);
  for (Import& i : module.imports) i.offset = copy.map.to_file(i.offset);
  for (Export& e : module.exports) e.offset = copy.map.to_file(e.offset);
  for (Memory& m : module.memories) m.offset = copy.map.to_file(m.offset);
  return module;
}

}  // namespace

std::variant<Module, InputError> read_module(ByteSource& source) {
  if (auto error = check_preamble(source)) return *error;
  auto walked = walk_sections(source);
  if (auto* error = std::get_if<InputError>(&walked)) return *error;
  const auto& sections = std::get<std::vector<Section>>(walked);

  auto copied = copy_interface(source, sections);
  if (auto* error = std::get_if<InputError>(&copied)) return *error;
  InterfaceCopy& copy = std::get<InterfaceCopy>(copied);
  if (auto error = append_code_stub(source, sections, copy)) return *error;

  return decode(copy);
}

std::variant<Module, InputError> read_module_file(const std::string& path) {
  auto opened = FileSource::open(path);
  if (auto* error = std::get_if<InputError>(&opened)) return *error;
  return read_module(std::get<FileSource>(opened));
}

}  // namespace astrid
