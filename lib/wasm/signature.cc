#include "wasm/signature.h"

namespace astrid {

std::string_view to_string(ValType type) {
  switch (type) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
    case ValType::Other: break;
  }
  return "?";
}

namespace {

std::string join_types(const std::vector<ValType>& types, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < types.size(); ++i) {
    if (i) out += sep;
    out += to_string(types[i]);
  }
  return out;
}

}  // namespace

std::string format_arrow(const FuncSig& sig) {
  // Appended piece by piece: GCC 12 at -O3 takes "(" + std::string&& for
  // an overlapping memcpy (a false -Wrestrict).
  std::string out = "(";
  out += join_types(sig.params, ", ");
  out += ") -> ";
  if (sig.results.size() == 1) return out + join_types(sig.results, "");
  out += "(";
  out += join_types(sig.results, ", ");
  out += ")";
  return out;
}

std::string format_wat(const FuncSig& sig) {
  std::string out;
  if (!sig.params.empty()) out += "(param " + join_types(sig.params, " ") + ")";
  if (!sig.results.empty()) {
    if (!out.empty()) out += ' ';
    out += "(result " + join_types(sig.results, " ") + ")";
  }
  return out;
}

}  // namespace astrid
