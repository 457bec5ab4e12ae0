#include "module.h"

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

const FuncSig* Module::type(uint32_t type_index) const {
  if (type_index >= types.size() || !types[type_index]) return nullptr;
  return &*types[type_index];
}

const FuncSig* Module::function_type(uint32_t function_index) const {
  if (function_index >= function_types.size()) return nullptr;
  return type(function_types[function_index]);
}

}  // namespace astrid
