// The syntax tree of one WIT file (internal to the reader): what the parser
// builds and the resolver turns into a WitModel. Offsets are byte offsets
// into the file's text; names are views of it, which the reader keeps
// alive until the model holds copies.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "abi/wit_model.h"

namespace astrid::wit {

struct AstGate {
  WitGate gate;
  uint32_t offset = 0;
};

struct AstType {
  enum class Kind : uint8_t { Primitive, Name, List, FixedList, Option, Result, Tuple, Own, Borrow, Stream, Future };
  Kind kind = Kind::Primitive;
  TypeKind primitive = TypeKind::Bool;
  std::string_view name;             // Name, Own, Borrow
  std::vector<AstType> args;         // List/FixedList/Option/Stream/Future: [element]; Tuple: its types
  std::unique_ptr<AstType> ok, err;  // Result
  uint32_t length = 0;               // FixedList
  uint32_t offset = 0;
  // Stream and Future: args is empty when written without an element.

  AstType() = default;
  AstType(AstType&&) = default;
  AstType& operator=(AstType&&) = default;
};

struct AstField {  // record fields and function parameters
  std::string_view name;
  AstType type;
  uint32_t offset = 0;
};

struct AstCase {  // variant, enum and flags cases
  std::string_view name;
  std::optional<AstType> type;
  uint32_t offset = 0;
};

struct AstFunc {
  bool async = false;
  std::vector<AstField> params;
  std::optional<AstType> result;
  uint32_t offset = 0;
};

struct AstResourceFunc {
  WitFuncKind kind = WitFuncKind::Method;
  std::string_view name;  // "constructor" for constructors
  AstFunc func;
  AstGate gate;
  uint32_t offset = 0;
};

struct AstTypeDef {
  WitTypeDefKind kind = WitTypeDefKind::Record;
  std::string_view name;
  std::optional<AstType> alias;        // Alias
  std::vector<AstField> fields;        // Record
  std::vector<AstCase> cases;          // Variant, Enum, Flags
  std::vector<AstResourceFunc> funcs;  // Resource
  AstGate gate;
  uint32_t offset = 0;
};

// `iface` (an interface of this package, or a name a top-level `use` made),
// or `ns:pkg/iface@version`.
struct AstPath {
  bool qualified = false;
  std::string_view ns, pkg, version;  // qualified only
  std::string_view name;
  uint32_t offset = 0;
  std::string text() const;  // as written, for messages
};

struct AstUseName {
  std::string_view name, as;  // `as` empty when not renamed
  uint32_t offset = 0;
};

struct AstUse {
  AstPath from;
  std::vector<AstUseName> names;
  AstGate gate;
  uint32_t offset = 0;
};

struct AstNamedFunc {
  std::string_view name;
  AstFunc func;
  AstGate gate;
  uint32_t offset = 0;
};

struct AstInterface {
  std::string_view name;
  std::vector<AstUse> uses;
  std::vector<AstTypeDef> types;
  std::vector<AstNamedFunc> funcs;
  AstGate gate;
  uint32_t offset = 0;
};

struct AstExtern {
  enum class Kind : uint8_t { Path, NamedPath, Inline, Func };
  Kind kind = Kind::Path;
  bool is_export = false;
  std::string_view name;                           // NamedPath, Inline, Func
  AstPath path;                                    // Path, NamedPath
  std::unique_ptr<AstInterface> inline_interface;  // Inline
  AstFunc func;                                    // Func
  AstGate gate;
  uint32_t offset = 0;
};

struct AstInclude {
  AstPath from;
  std::vector<AstUseName> with;  // name `as` new name
  AstGate gate;
  uint32_t offset = 0;
};

struct AstWorld {
  std::string_view name;
  std::vector<AstExtern> externs;  // imports and exports, in order
  std::vector<AstUse> uses;
  std::vector<AstTypeDef> types;
  std::vector<AstInclude> includes;
  AstGate gate;
  uint32_t offset = 0;
};

struct AstTopUse {  // `use ns:pkg/iface@v as name;` at the top of a file
  AstPath path;
  std::string_view as;
  AstGate gate;
  uint32_t offset = 0;
};

struct AstPackageName {
  std::string_view ns, name, version;
  uint32_t offset = 0;
};

// The items of one package scope: a file's top level, or a nested
// `package ns:name { … }` block.
struct AstScope {
  std::optional<AstPackageName> package;  // a file's top level may have none
  std::vector<AstInterface> interfaces;
  std::vector<AstWorld> worlds;
  std::vector<AstTopUse> uses;
  bool empty() const { return interfaces.empty() && worlds.empty() && uses.empty(); }
};

struct AstFile {
  size_t source = 0;             // which source text
  AstScope top;                  // top.package: the `package …;` line
  std::vector<AstScope> nested;  // `package … { }` blocks, flattened
};

}  // namespace astrid::wit
