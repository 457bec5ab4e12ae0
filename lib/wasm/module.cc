#include "wasm/module.h"

#include <bit>

namespace astrid {

std::string_view to_string(ExternKind kind) {
  switch (kind) {
    case ExternKind::Func: return "function";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
    case ExternKind::Tag: return "tag";
  }
  return "?";
}

std::string_view to_string(Proposal proposal) {
  switch (proposal) {
    case Proposal::Memory64: return "64-bit memories";
    case Proposal::MultiMemory: return "several memories";
    case Proposal::Threads: return "shared memories";
    case Proposal::Table64: return "64-bit tables";
    case Proposal::TableInitializer: return "table initializers";
    case Proposal::Gc: return "GC types";
    case Proposal::FunctionReferences: return "typed function references";
    case Proposal::Exceptions: return "exception tags";
    case Proposal::ExnRef: return "exnref";
    case Proposal::ExtendedConst: return "extended constant expressions";
    case Proposal::CustomPageSizes: return "custom page sizes";
    case Proposal::CustomDescriptors: return "custom descriptors";
    case Proposal::StackSwitching: return "continuation types";
    case Proposal::CompactImports: return "compact imports";
  }
  return "?";
}

std::optional<FuncSig> Module::type(uint32_t type_index) const {
  if (type_index >= types.size() || !types[type_index].function) return std::nullopt;
  const TypeEntry& t = types[type_index];
  const auto begin = type_pool.begin() + t.pool;
  return FuncSig{{begin, begin + t.params}, {begin + t.params, begin + t.params + t.results}};
}

std::optional<FuncSig> Module::function_type(uint32_t function_index) const {
  if (function_index >= function_types.size()) return std::nullopt;
  return type(function_types[function_index]);
}

std::string Module::describe_proposals(uint32_t mask) const {
  std::string out;
  for (uint32_t bits = proposals & mask; bits; bits &= bits - 1) {
    if (!out.empty()) out += (bits & (bits - 1)) ? ", " : " and ";
    out += to_string(static_cast<Proposal>(bits & -bits));
  }
  return out;
}

}  // namespace astrid
