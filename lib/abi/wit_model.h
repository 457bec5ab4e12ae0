// What the WIT reader makes of WIT text: packages of interfaces and worlds,
// whose types live in one TypeGraph (wasm/component_types.h), so that the
// ABI's WIT and a capsule's binary are compared with the same walk.
//
// Names are those a component sees: a resource method is
// "[method]file-handle.read-at" with an explicit `self: borrow<file-handle>`
// first parameter, an interface is known by its full versioned name
// "astrid:fs/host@1.0.0", which is also the `owner` of every resource it
// defines. `type x = T` is transparent: x is T's own node.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wasm/component_types.h"

namespace astrid {

struct WitPackage;
struct WitInterface;
struct WitWorld;

// Where an item was written: file name as given to the reader, line and
// column from 1 (columns count characters, not bytes).
struct WitPlace {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
};

// A reading error: "file:line:column: message".
struct WitError {
  WitPlace place;
  std::string message;
  std::string to_string() const;
};

// The feature gates WIT writes before an item, kept as written. The reader
// acts on one of them only: an `@unstable` item whose feature is not enabled
// is left out (as wit-parser and wasmtime's bindgen do by default); `@since`
// and `@deprecated` are information.
struct WitGate {
  std::string since;       // @since(version = …)
  std::string unstable;    // @unstable(feature = …)
  std::string deprecated;  // @deprecated(version = …)
  bool empty() const { return since.empty() && unstable.empty() && deprecated.empty(); }
};

// One `use` statement: named types of another interface made local.
struct WitUse {
  struct Name {
    std::string name;   // in `from`
    std::string local;  // here: differs from name after `as`
    TypeRef type = 0;   // the same node as in `from`
  };
  const WitInterface* from = nullptr;
  std::vector<Name> names;
  WitGate gate;
  WitPlace place;
};

enum class WitTypeDefKind : uint8_t { Alias, Record, Variant, Enum, Flags, Resource };
std::string_view to_string(WitTypeDefKind kind);  // "type", "record", ...

// A type the interface (or world) defines, in declaration order.
struct WitTypeDef {
  WitTypeDefKind kind = WitTypeDefKind::Record;
  std::string name;
  TypeRef type = 0;  // an alias: the node it stands for
  WitGate gate;
  WitPlace place;
};

enum class WitFuncKind : uint8_t { Free, Method, Static, Constructor };

struct WitFunction {
  // Component-level: "kv-get", "[method]r.f", "[static]r.f", "[constructor]r".
  std::string name;
  WitFuncKind kind = WitFuncKind::Free;
  std::string resource;  // the resource of a method, static function or constructor
  std::string item;      // the name as written inside the resource: "f", "constructor"
  FuncType type;         // a method's first parameter is `self: borrow<resource>`
  // A constructor declared with a result (`-> result<r, e>`); otherwise its
  // result is own<r> and WIT does not write it.
  bool explicit_result = false;
  WitGate gate;
  WitPlace place;
};

struct WitInterface {
  std::string name;                     // "host"; for a world's inline interface, its import or export name
  const WitPackage* package = nullptr;  // null for a world's inline interface
  // "astrid:fs/host@1.0.0" ("ns:pkg/name" when the package has no version):
  // what a component imports the interface by, and its resources' owner.
  // A world's inline interface: its plain import or export name.
  std::string full_name;
  std::vector<WitUse> uses;
  std::vector<WitTypeDef> types;
  // Declaration order; a resource's functions where the resource is declared.
  std::vector<WitFunction> functions;
  WitGate gate;
  WitPlace place;

  const WitFunction* find_function(std::string_view component_name) const;
  const WitTypeDef* find_typedef(std::string_view name) const;
  // A local type name: defined here, or made local by a `use`.
  std::optional<TypeRef> find_type(std::string_view name) const;
  // The interfaces this one `use`s, without repeats, in order.
  std::vector<const WitInterface*> dependencies() const;
};

struct WitWorldItem {
  enum class Kind : uint8_t { Interface, Function };
  Kind kind = Kind::Interface;
  // The component-level name: an interface's full name
  // ("astrid:io/poll@1.0.0"), or the plain name of a function, an inline
  // interface, or an interface imported under a label.
  std::string name;
  const WitInterface* interface = nullptr;  // Interface
  FuncType func;                            // Function
  // Imported only because another item uses the interface (WIT adds such
  // imports; nothing in the world names them).
  bool implicit = false;
  // Brought in by `include` of that world (possibly renamed).
  const WitWorld* included_from = nullptr;
  WitGate gate;
  WitPlace place;
};

// `include world with { a as b }`.
struct WitInclude {
  const WitWorld* world = nullptr;
  std::vector<std::pair<std::string, std::string>> with;  // old name, new name
  WitGate gate;
  WitPlace place;
};

struct WitWorld {
  std::string name;
  const WitPackage* package = nullptr;
  std::string full_name;  // "astrid:guest/interceptor@1.0.0"
  // World-level `use` and type definitions: a component imports them as
  // top-level types. Included worlds' are merged in, after the world's own
  // first `own_uses` and `own_types`.
  std::vector<WitUse> uses;
  std::vector<WitTypeDef> types;
  size_t own_uses = 0;
  size_t own_types = 0;
  std::vector<WitInclude> includes;
  std::vector<WitWorldItem> imports;
  std::vector<WitWorldItem> exports;
  // Interfaces written inline (`import x: interface { … }`), owned here.
  std::vector<std::unique_ptr<WitInterface>> inline_interfaces;
  WitGate gate;
  WitPlace place;

  const WitWorldItem* find_import(std::string_view name) const;
  const WitWorldItem* find_export(std::string_view name) const;
};

struct WitPackage {
  std::string ns;                                         // "astrid"
  std::string name;                                       // "fs"
  std::string version;                                    // "1.0.0"; empty when unversioned
  std::vector<std::unique_ptr<WitInterface>> interfaces;  // declaration order
  std::vector<std::unique_ptr<WitWorld>> worlds;
  WitPlace place;  // where its `package` line is

  std::string id() const;  // "astrid:fs@1.0.0"
  // "astrid:fs/host@1.0.0" for an item `host` of this package.
  std::string qualify(std::string_view item) const;
  const WitInterface* find_interface(std::string_view name) const;
  const WitWorld* find_world(std::string_view name) const;
};

// Everything one or more reads produced. Packages are never removed, so
// pointers to them, their interfaces and worlds stay valid while the model
// lives (moving the model keeps them valid too).
struct WitModel {
  TypeGraph types;
  std::vector<std::unique_ptr<WitPackage>> packages;

  const WitPackage* find_package(std::string_view id) const;             // "astrid:fs@1.0.0"
  const WitInterface* find_interface(std::string_view full_name) const;  // "astrid:fs/host@1.0.0"
  const WitWorld* find_world(std::string_view full_name) const;
};

// The WIT keywords, which a name must escape with `%` to be used as one.
bool is_wit_keyword(std::string_view word);

}  // namespace astrid
