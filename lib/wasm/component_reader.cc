#include "support/expected.h"
#include "wasm/component_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "wasm/component_decoder.h"
#include "wasm/module_reader.h"
#include "wasm/slice_source.h"

namespace astrid {
namespace {

constexpr std::array<uint8_t, 4> kMagic = {0x00, 0x61, 0x73, 0x6d};
constexpr std::array<uint8_t, 4> kCoreVersion = {0x01, 0x00, 0x00, 0x00};
constexpr std::array<uint8_t, 4> kComponentVersion = {0x0d, 0x00, 0x01, 0x00};

std::optional<InputError> check_preamble(ByteSource& source) {
  const uint64_t size = source.size();
  if (size == 0) return InputError{std::nullopt, "empty file, not a WebAssembly component"};
  std::array<uint8_t, 8> head{};
  const size_t have = static_cast<size_t>(std::min<uint64_t>(size, head.size()));
  if (!source.read(0, have, head.data())) return InputError{0, "could not read the file"};
  if (!std::equal(kMagic.begin(), kMagic.begin() + std::min<size_t>(have, 4), head.begin()))
    return InputError{0, "not a WebAssembly component: it does not start with the bytes 00 61 73 6d"};
  if (have < head.size())
    return InputError{0, fmt::format("truncated: {} bytes, shorter than the 8-byte WebAssembly preamble", size)};
  if (std::equal(kCoreVersion.begin(), kCoreVersion.end(), head.begin() + 4))
    return InputError{4, "a core WebAssembly module, not a component"};
  if (!std::equal(kComponentVersion.begin(), kComponentVersion.end(), head.begin() + 4))
    return InputError{4, fmt::format("unsupported WebAssembly binary version {:02x} {:02x} {:02x} {:02x}", head[4],
                                     head[5], head[6], head[7])};
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Sort sort) {
  switch (sort) {
    case Sort::Module: return "core module";
    case Sort::Func: return "func";
    case Sort::Value: return "value";
    case Sort::Type: return "type";
    case Sort::Component: return "component";
    case Sort::Instance: return "instance";
  }
  return "?";
}

bool is_component(ByteSource& source) {
  std::array<uint8_t, 8> head{};
  if (source.size() < head.size() || !source.read(0, head.size(), head.data())) return false;
  return std::equal(kMagic.begin(), kMagic.end(), head.begin()) &&
         std::equal(kComponentVersion.begin(), kComponentVersion.end(), head.begin() + 4);
}

Expected<Component> read_component(ByteSource& source) {
  if (auto error = check_preamble(source)) return *error;
  Component component;
  try {
    ComponentDecoder decoder(source, component);
    decoder.component(0, source.size(), nullptr, 0);
  } catch (const DecodeError& e) {
    return e.error;
  }
  return component;
}

Expected<std::vector<Module>> read_core_modules(ByteSource& source, const Component& component,
                                                CoreModuleBudget budget) {
  std::vector<Module> modules;
  modules.reserve(component.core_modules.size());
  for (const CoreModuleSpan& span : component.core_modules) {
    SliceSource slice(source, span.offset, span.size);
    auto module = read_module(slice, &budget);
    if (!module) {
      InputError e = module.error();
      e.message = fmt::format("core module at 0x{:x}: {}", span.offset, e.message);
      e.offset = span.offset + e.offset.value_or(0);
      return e;
    }
    modules.push_back(*std::move(module));
  }
  return modules;
}

}  // namespace astrid
