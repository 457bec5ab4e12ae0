// The resolver's state and steps (internal to wit_resolve.cc, which reads
// packages, interfaces and types, and wit_resolve_world.cc, which reads
// worlds). See wit_resolve.h for what it does.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "abi/wit_resolve.h"

namespace astrid::wit::detail {

// Imports and exports over all the worlds of one read: worlds that include
// worlds that include worlds… copy items, so this bounds what a small
// hostile file can make the model hold.
inline constexpr size_t kMaxWorldItems = 100000;

// Thrown inside the resolver only; resolve() turns it into a WitError.
struct Fail {
  size_t source;
  uint32_t offset;
  std::string message;
};

struct PackageBuild;
struct InterfaceBuild;
struct WorldBuild;

// A package scope: a file's top level or a nested `package … { }` block.
// Its names are its package's items and its own top-level `use`s.
struct Scope {
  const AstScope* ast = nullptr;
  size_t source = 0;
  PackageBuild* package = nullptr;
  std::map<std::string, const AstTopUse*, std::less<>> uses;
};

struct InterfaceBuild {
  const AstInterface* ast = nullptr;
  Scope* scope = nullptr;
  WitInterface* out = nullptr;
  std::vector<InterfaceBuild*> uses;  // interfaces of this read it uses
  size_t waiting = 0;                 // Kahn's algorithm
};

struct WorldBuild {
  const AstWorld* ast = nullptr;
  Scope* scope = nullptr;
  WitWorld* out = nullptr;
  std::vector<InterfaceBuild*> inline_interfaces;  // parallel to the inline externs
  std::vector<WorldBuild*> includes;
  size_t waiting = 0;
};

struct PackageBuild {
  AstPackageName name;
  std::string id;
  size_t source = 0;
  std::unique_ptr<WitPackage> out;
  std::map<std::string, InterfaceBuild*, std::less<>> interfaces;
  std::map<std::string, WorldBuild*, std::less<>> worlds;
};

// What a path names: an interface or a world, of this read or already in
// the model.
struct Target {
  const WitInterface* interface = nullptr;
  InterfaceBuild* interface_build = nullptr;  // of this read
  const WitWorld* world = nullptr;
  WorldBuild* world_build = nullptr;
};

// A name in a type scope (an interface's or a world's).
struct Local {
  enum class Kind { Used, Def, Function } kind = Kind::Def;
  size_t def = 0;               // Def: index into the scope's definitions
  std::optional<TypeRef> type;  // set once built
  uint32_t offset = 0;
};

struct TypeScope {
  std::string owner;  // of the resources defined here
  size_t source = 0;
  std::map<std::string, Local, std::less<>> names;
  std::vector<const AstTypeDef*> defs;
};

class Resolver {
 public:
  Resolver(WitModel& model, const std::vector<Source>& sources, const WitReadOptions& options)
      : model_(model), graph_(model.types), sources_(sources), options_(options) {
    if (options.deps)
      deps_ = *options.deps;
    else
      for (const auto& p : model.packages) deps_.push_back(p.get());
  }

  void run(std::vector<ParsedPackage>& packages);

 private:
  [[noreturn]] static void fail(size_t source, uint32_t offset, std::string message);
  bool enabled(const AstGate& g) const;

  // Every item records its place, so finding one must not rescan the text
  // from its start: lines are found by binary search over their starts,
  // the column by counting characters from the line's start (or from the
  // last place asked for, when it is further along the same line).
  WitPlace place(size_t source, uint32_t offset);
  static std::string suggestion(std::string_view name, const std::vector<std::string_view>& candidates);

  // --- packages

  PackageBuild& package(const AstPackageName& name, size_t source);
  void collect(ParsedPackage& parsed);
  void add_scope(const AstScope& ast, size_t source, PackageBuild& p);
  void check_top_uses(Scope& s);

  // --- paths

  // The package a qualified path names: one of this read's, or a dep. An
  // unversioned path matches the one package of that name, whatever its
  // version.
  std::pair<PackageBuild*, const WitPackage*> find_package(const AstPath& path, size_t source);
  Target resolve_path(const AstPath& path, Scope& scope, bool through_uses = true);
  Target interface_at(const AstPath& path, Scope& scope);

  // --- ordering

  void link_uses(InterfaceBuild& i);
  void link_includes(WorldBuild& w);

  // Kahn's algorithm over `edges`; what it cannot order lies on or behind a
  // cycle, one of which is named in the error.
  template <typename Node, typename Edges, typename Describe>
  std::vector<Node*> order(std::deque<Node>& nodes, Edges edges, Describe describe, std::string_view what);

  std::vector<InterfaceBuild*> interface_order();

  std::vector<WorldBuild*> world_order();

  // --- types

  TypeRef add(TypeNode node, size_t source, uint32_t offset);
  TypeRef wrap(TypeKind kind, std::optional<TypeRef> element, size_t source, uint32_t offset);
  Local& lookup(TypeScope& scope, std::string_view name, uint32_t offset);
  TypeRef resource_of(TypeScope& scope, std::string_view name, uint32_t offset);

  // `depth` follows the syntax tree, which the parser bounded; counting it
  // here too keeps the bound where the recursion is.
  TypeRef type(TypeScope& scope, const AstType& t, uint32_t depth = 0);

  // The local definitions a definition refers to by name.
  static void referenced(const AstType& t, std::vector<std::string_view>& out, uint32_t depth = 0);

  // A type of an interface by name, through an index: an interface with
  // many types, used name by name, would otherwise cost a search per name.
  std::optional<TypeRef> type_in(const WitInterface& from, std::string_view name);
  void claim(TypeScope& scope, std::string_view name, Local local);

  // `use` statements, then the type definitions in the order they refer to
  // each other; `out_uses` and `out_types` keep declaration order.
  void define_types(TypeScope& scope, Scope& pkg_scope, const std::vector<AstUse>& uses,
                    const std::vector<AstTypeDef>& defs, std::vector<WitUse>& out_uses,
                    std::vector<WitTypeDef>& out_types);
  TypeRef define(TypeScope& scope, const AstTypeDef& d);

  // --- functions

  FuncType func_type(TypeScope& scope, const AstFunc& f, std::optional<FuncParam> self);

  // Whether a borrow<> is reachable from the node, remembered per node: a
  // node's children are older than it and as deep at most kMaxTypeDepth,
  // which bounds the recursion.
  bool contains_borrow(TypeRef ref, uint32_t depth = 0);

  // Free functions and resource functions, in declaration order.
  void define_functions(TypeScope& scope, const std::vector<AstTypeDef>& defs, const std::vector<AstNamedFunc>& funcs,
                        std::vector<WitFunction>& out);

  // --- interfaces and worlds

  void build_interface(InterfaceBuild& b);

  // A world's imports or exports, with an index by name: worlds that
  // include worlds copy many items, and a linear search per item would make
  // that quadratic.
  struct Items {
    std::vector<WitWorldItem>& list;
    std::map<std::string, size_t, std::less<>> index;
    explicit Items(std::vector<WitWorldItem>& l) : list(l) {
      for (size_t i = 0; i < l.size(); ++i) index.emplace(l[i].name, i);
    }
    WitWorldItem* find(std::string_view name) {
      auto it = index.find(name);
      return it == index.end() ? nullptr : &list[it->second];
    }
  };
  void push(Items& items, WitWorldItem item, size_t source, uint32_t offset);
  static bool same_item(const WitWorldItem& a, const WitWorldItem& b);

  // A world: its own types, then its imports and exports in order, then
  // the included worlds' items, then the interfaces its interfaces use,
  // which a component imports although the world does not name them.
  void build_world(WorldBuild& b);
  void include(WitWorld& w, Items& imports, Items& exports, const WitWorld& from, const AstInclude& inc, size_t source);

  // Every interface an imported or exported interface uses, directly or
  // not, is imported too (unless exported), before what needs it. One walk
  // per world, depth-first with an explicit stack; each interface is
  // visited once.
  void add_dependencies(WitWorld& w, size_t source, uint32_t offset);
  WitModel& model_;
  TypeGraph& graph_;
  const std::vector<Source>& sources_;
  const WitReadOptions& options_;
  std::vector<const WitPackage*> deps_;
  std::deque<PackageBuild> packages_;
  std::map<std::string, PackageBuild*, std::less<>> package_index_;
  std::map<std::string, std::vector<std::pair<PackageBuild*, const WitPackage*>>, std::less<>> package_names_;
  std::deque<Scope> scopes_;
  std::deque<InterfaceBuild> interfaces_;
  std::deque<WorldBuild> worlds_;
  std::unordered_map<std::string, TypeRef> interned_;
  std::vector<int8_t> has_borrow_;  // per node: -1 not known yet
  size_t world_items_ = 0;
  std::map<const WitInterface*, std::map<std::string_view, TypeRef>> type_index_;
  struct Lines {
    std::vector<uint32_t> starts;
    size_t last_line = SIZE_MAX;
    uint32_t last_offset = 0, last_column = 1;
  };
  std::vector<Lines> lines_;
};

}  // namespace astrid::wit::detail
