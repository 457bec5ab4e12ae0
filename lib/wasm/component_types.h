// The value and function types of the WebAssembly component model, as one
// graph per source: the component reader builds one from a binary, the ABI
// builds one from WIT, and the link check compares the two structurally.
//
// A node refers only to nodes added before it (the component model has no
// recursive types), so every walk over the graph terminates; TypeGraph::add
// also keeps every node's depth, so that a reader can refuse types nested
// deeper than kMaxTypeDepth before anything recurses over them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/limits.h"

namespace astrid {

using TypeRef = uint32_t;  // an index into one TypeGraph

enum class TypeKind : uint8_t {
  // Primitive value types.
  Bool,
  S8,
  U8,
  S16,
  U16,
  S32,
  U32,
  S64,
  U64,
  F32,
  F64,
  Char,
  String,
  ErrorContext,
  // Compound value types.
  Record,     // members: named fields, each with a type
  Variant,    // members: named cases, each with an optional payload
  Enum,       // members: named cases, no types
  Flags,      // members: named flags, no types
  Tuple,      // members: unnamed, each with a type
  List,       // element
  FixedList,  // element and length
  Option,     // element
  Result,     // element (ok) and error, each optional
  Own,        // element: the Resource node
  Borrow,     // element: the Resource node
  Stream,     // element, optional
  Future,     // element, optional
  // A resource type: what own<> and borrow<> refer to.
  Resource,
};

// "u32", "string", "record", ...: the WIT keyword of a kind.
std::string_view to_string(TypeKind kind);
bool is_primitive(TypeKind kind);

struct TypeMember {
  std::string name;             // empty for tuple elements
  std::optional<TypeRef> type;  // absent for enum and flags cases, and variant cases without payload
};

struct TypeNode {
  TypeNode() = default;
  explicit TypeNode(TypeKind k) : kind(k) {}

  TypeKind kind = TypeKind::Bool;
  std::vector<TypeMember> members;
  std::optional<TypeRef> element;
  std::optional<TypeRef> error;  // Result only
  uint32_t length = 0;           // FixedList only
  // The name the type is known by, for messages only: the WIT name of a
  // record, variant, enum, flags, alias or resource ("spawn-request"), or
  // the name an instance type exports it under. Never compared: the
  // kernel's linker matches types by structure.
  std::string name;
  // Resource only: where the resource is defined, which is its identity.
  // `owner` is the instance that defines it ("astrid:io/poll@1.0.0"): for
  // the ABI, the interface; for a capsule, the name of the instance import
  // whose type exports it fresh (empty while that is not known yet).
  std::string owner;
  // 1 for primitives and resources; 1 + the deepest member otherwise.
  uint32_t depth = 1;
};

struct FuncParam {
  std::string name;  // not compared when linking
  TypeRef type = 0;
};

struct FuncType {
  std::vector<FuncParam> params;
  // At most one unnamed result in current binaries; older encodings could
  // name several, which are kept in order.
  std::vector<FuncParam> results;
  bool async = false;  // declared `async func` (component-model async)
};

// kMaxTypeDepth (wasm/limits.h) is deeper than any WIT type a person
// writes, and the depth wasmparser itself allows: nesting beyond it is
// refused by the readers.

class TypeGraph {
 public:
  TypeGraph();

  // Adds a node and returns its reference. Every reference in the node must
  // be to a node already in the graph (the caller checks untrusted input
  // first; see valid_refs); depth is computed here.
  TypeRef add(TypeNode node);
  // The shared node of a primitive kind.
  TypeRef primitive(TypeKind kind) const;

  const TypeNode& operator[](TypeRef ref) const { return nodes_[ref]; }
  TypeNode& at(TypeRef ref) { return nodes_[ref]; }
  size_t size() const { return nodes_.size(); }
  bool contains(TypeRef ref) const { return ref < nodes_.size(); }
  // True when every reference the node holds is in the graph.
  bool valid_refs(const TypeNode& node) const;

 private:
  std::vector<TypeNode> nodes_;
};

// WIT notation, for messages. A named record, variant, enum, flags or
// resource is written by its name ("spawn-request"); an anonymous one
// inline ("record { a: u32 }"); own<R> is written "R", as WIT writes it.
// The text is cut at `max_length` bytes with "…", so that no hostile graph
// (a DAG whose expansion is exponential) can make it large.
inline constexpr size_t kMaxTypeText = 400;
std::string format_type(const TypeGraph& graph, TypeRef ref, size_t max_length = kMaxTypeText);

// The definition of a named type, as WIT declares it:
// "record spawn-request { cmd: string, args: list<string> }", or the type
// itself when it is not a record, variant, enum or flags.
std::string format_definition(const TypeGraph& graph, TypeRef ref, size_t max_length = kMaxTypeText);

// "func(path: string) -> result<list<u8>, error-code>", with "async" in
// front for an async function.
std::string format_func(const TypeGraph& graph, const FuncType& func, size_t max_length = kMaxTypeText);

}  // namespace astrid
