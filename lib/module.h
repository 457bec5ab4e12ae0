// What astrid-abi knows of a module after reading it: the parts of the type,
// import, function, memory and export sections the checks use, each item
// with the byte offset in the file where its entry starts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "signature.h"

namespace astrid {

enum class ExternKind { Func, Table, Memory, Global, Tag };
std::string_view to_string(ExternKind kind);  // "function", "memory", ...

struct Limits {
  uint64_t initial = 0;
  std::optional<uint64_t> max;
  bool is64 = false;
};

struct Import {
  uint64_t offset = 0;
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t type_index = 0;  // functions and tags
  Limits limits;            // memories
};

struct Export {
  uint64_t offset = 0;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
};

struct Memory {
  uint64_t offset = 0;  // of the import or memory-section entry
  Limits limits;
  bool imported = false;
};

struct Module {
  // The type section; nullopt for a struct or array type (GC proposal).
  std::vector<std::optional<FuncSig>> types;
  std::vector<Import> imports;
  std::vector<Export> exports;
  // The type index of every function, imported ones first.
  std::vector<uint32_t> function_types;
  std::vector<Memory> memories;

  // The signature of a type index, or nullptr if it is out of range or not a
  // function type.
  const FuncSig* type(uint32_t type_index) const;
  const FuncSig* function_type(uint32_t function_index) const;
};

}  // namespace astrid
