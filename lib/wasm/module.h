// What astrid-abi knows of a core module after reading it: the parts of the
// type, import, function, memory and export sections the checks use, each
// item with the byte offset in the file where its entry starts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/signature.h"

namespace astrid {

enum class ExternKind { Func, Table, Memory, Global, Tag };
std::string_view to_string(ExternKind kind);  // "function", "memory", ...

struct Limits {
  uint64_t initial = 0;
  std::optional<uint64_t> max;
  bool is64 = false;
  bool shared = false;
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

// WebAssembly proposals beyond 2.0 that a module's interface shows it uses:
// what the kernel's engine must enable to load it, and what --validate's
// wabt may not decode. One bit each.
enum class Proposal : uint32_t {
  Memory64 = 1 << 0,
  MultiMemory = 1 << 1,
  Threads = 1 << 2,           // shared memories
  Table64 = 1 << 3,
  TableInitializer = 1 << 4,  // a table with an initializer expression
  Gc = 1 << 5,                // struct, array and recursive types
  FunctionReferences = 1 << 6,
  Exceptions = 1 << 7,        // tags
  ExnRef = 1 << 8,
  ExtendedConst = 1 << 9,
  CustomPageSizes = 1 << 10,
  CustomDescriptors = 1 << 11,  // exact references, descriptor types, exact imports
  StackSwitching = 1 << 12,     // continuation types
  CompactImports = 1 << 13,
};
std::string_view to_string(Proposal proposal);

struct Module {
  // The type section: for each type, where its function signature is in
  // `type_pool`, or that it is not a function type (a struct or array).
  // Compact on purpose: a module may declare a million types.
  struct TypeEntry {
    uint32_t pool = 0;  // index of the first parameter in type_pool
    uint16_t params = 0;
    uint16_t results = 0;
    bool function = true;
  };
  std::vector<TypeEntry> types;
  std::vector<ValType> type_pool;
  std::vector<Import> imports;
  std::vector<Export> exports;
  // The type index of every function, imported ones first.
  std::vector<uint32_t> function_types;
  std::vector<Memory> memories;
  uint32_t proposals = 0;  // Proposal bits

  // The signature of a type index, or nullopt if it is out of range or not
  // a function type.
  std::optional<FuncSig> type(uint32_t type_index) const;
  std::optional<FuncSig> function_type(uint32_t function_index) const;
  bool uses(Proposal p) const { return (proposals & static_cast<uint32_t>(p)) != 0; }
  // "64-bit tables, table initializers": the proposals of `mask` it uses.
  std::string describe_proposals(uint32_t mask) const;
};

}  // namespace astrid
