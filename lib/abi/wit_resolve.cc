// The resolver, part one: packages and their scopes, paths, the order of
// interfaces and of types, types, functions, interfaces. Worlds are
// wit_resolve_world.cc's.
#include "abi/wit_resolve.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>

#include "abi/wit_lexer.h"
#include "abi/wit_resolver.h"
#include "support/suggest.h"

namespace astrid::wit {
namespace detail {
namespace {

// What identifies an anonymous node (a list<u8>, an own<r>, a result<…>):
// its kind and the nodes it refers to, as raw bytes.
std::string key_of(const TypeNode& n) {
  std::string key;
  key.reserve(16 + 4 * n.members.size());
  auto put = [&](uint64_t v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(static_cast<uint64_t>(n.kind) | (uint64_t{n.length} << 8));
  put(n.element ? *n.element : UINT32_MAX);
  put(n.error ? *n.error : UINT32_MAX);
  for (const TypeMember& m : n.members) put(m.type ? *m.type : UINT32_MAX);
  return key;
}

// Names that must differ (fields, cases, parameters): the first repeated
// one, found by sorting rather than a set of nodes.
template <typename Items, typename Name>
const typename Items::value_type* repeated(const Items& items, Name name) {
  std::vector<std::pair<std::string_view, size_t>> names;
  names.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) names.emplace_back(name(items[i]), i);
  std::sort(names.begin(), names.end());
  for (size_t i = 1; i < names.size(); ++i)
    if (names[i].first == names[i - 1].first) return &items[std::max(names[i].second, names[i - 1].second)];
  return nullptr;
}

}  // namespace

void Resolver::run(std::vector<ParsedPackage>& packages) {
  for (ParsedPackage& p : packages) collect(p);
  for (Scope& s : scopes_) check_top_uses(s);
  for (InterfaceBuild& i : interfaces_) link_uses(i);
  for (WorldBuild& w : worlds_) link_includes(w);
  for (InterfaceBuild* i : interface_order()) build_interface(*i);
  for (WorldBuild* w : world_order()) build_world(*w);
  for (PackageBuild& p : packages_) model_.packages.push_back(std::move(p.out));
}

void Resolver::fail(size_t source, uint32_t offset, std::string message) {
  throw Fail{source, offset, std::move(message)};
}

bool Resolver::enabled(const AstGate& g) const {
  if (g.gate.unstable.empty() || options_.all_features) return true;
  return std::find(options_.features.begin(), options_.features.end(), g.gate.unstable) != options_.features.end();
}

WitPlace Resolver::place(size_t source, uint32_t offset) {
  if (lines_.size() <= source) lines_.resize(sources_.size());
  Lines& l = lines_[source];
  const std::string_view text = sources_[source].text;
  if (l.starts.empty()) {
    l.starts.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') l.starts.push_back(static_cast<uint32_t>(i + 1));
  }
  const size_t line = std::upper_bound(l.starts.begin(), l.starts.end(), offset) - l.starts.begin() - 1;
  size_t from = l.starts[line];
  uint32_t column = 1;
  if (l.last_line == line && l.last_offset <= offset) {
    from = l.last_offset;
    column = l.last_column;
  }
  for (size_t i = from; i < offset && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80) ++column;
  l.last_line = line;
  l.last_offset = offset;
  l.last_column = column;
  return WitPlace{sources_[source].name, static_cast<uint32_t>(line + 1), column};
}

std::string Resolver::suggestion(std::string_view name, const std::vector<std::string_view>& candidates) {
  if (auto best = closest_name(name, candidates)) return fmt::format(" (did you mean `{}`?)", *best);
  return {};
}

PackageBuild& Resolver::package(const AstPackageName& name, size_t source) {
  const std::string id = name.version.empty() ? fmt::format("{}:{}", name.ns, name.name)
                                              : fmt::format("{}:{}@{}", name.ns, name.name, name.version);
  for (const WitPackage* dep : deps_)
    if (dep->id() == id) fail(source, name.offset, fmt::format("package {} is already defined", id));
  if (auto it = package_index_.find(id); it != package_index_.end()) return *it->second;
  PackageBuild& p = packages_.emplace_back();
  p.name = name;
  p.id = id;
  p.source = source;
  p.out = std::make_unique<WitPackage>();
  p.out->ns = name.ns;
  p.out->name = name.name;
  p.out->version = name.version;
  p.out->place = place(source, name.offset);
  package_index_[id] = &p;
  return p;
}

void Resolver::collect(ParsedPackage& parsed) {
  // The files of one package agree on its name; one of them must give it
  // when any of them has items at the top level.
  const AstPackageName* name = nullptr;
  size_t name_source = 0;
  for (const AstFile& f : parsed.files) {
    if (!f.top.package) continue;
    if (name &&
        (name->ns != f.top.package->ns || name->name != f.top.package->name || name->version != f.top.package->version))
      fail(f.source, f.top.package->offset,
           fmt::format("this file says package {}:{}{}{}, {} says {}:{}{}{}", f.top.package->ns, f.top.package->name,
                       f.top.package->version.empty() ? "" : "@", f.top.package->version, sources_[name_source].name,
                       name->ns, name->name, name->version.empty() ? "" : "@", name->version));
    if (!name) {
      name = &*f.top.package;
      name_source = f.source;
    }
  }
  PackageBuild* top = nullptr;
  for (const AstFile& f : parsed.files) {
    if (f.top.empty()) continue;
    if (!name) fail(f.source, 0, "no `package ns:name;` line (one file of a package must name it)");
    if (!top) top = &package(*name, name_source);
    add_scope(f.top, f.source, *top);
  }
  if (name && !top) package(*name, name_source);  // an empty package is still one
  for (const AstFile& f : parsed.files)
    // A package may be split across blocks and files; a name defined
    // twice in it is caught per item.
    for (const AstScope& nested : f.nested) add_scope(nested, f.source, package(*nested.package, f.source));
}

void Resolver::add_scope(const AstScope& ast, size_t source, PackageBuild& p) {
  Scope& scope = scopes_.emplace_back();
  scope.ast = &ast;
  scope.source = source;
  scope.package = &p;
  auto taken = [&](std::string_view item, uint32_t offset) {
    if (p.interfaces.count(item) || p.worlds.count(item))
      fail(source, offset, fmt::format("package {} already has an item named `{}`", p.id, item));
  };
  for (const AstInterface& i : ast.interfaces) {
    if (!enabled(i.gate)) continue;
    taken(i.name, i.offset);
    auto out = std::make_unique<WitInterface>();
    out->name = i.name;
    out->package = p.out.get();
    out->full_name = p.out->qualify(i.name);
    out->gate = i.gate.gate;
    out->place = place(source, i.offset);
    InterfaceBuild& b = interfaces_.emplace_back();
    b.ast = &i;
    b.scope = &scope;
    b.out = out.get();
    p.interfaces.emplace(i.name, &b);
    p.out->interfaces.push_back(std::move(out));
  }
  for (const AstWorld& w : ast.worlds) {
    if (!enabled(w.gate)) continue;
    taken(w.name, w.offset);
    auto out = std::make_unique<WitWorld>();
    out->name = w.name;
    out->package = p.out.get();
    out->full_name = p.out->qualify(w.name);
    out->gate = w.gate.gate;
    out->place = place(source, w.offset);
    WorldBuild& b = worlds_.emplace_back();
    b.ast = &w;
    b.scope = &scope;
    b.out = out.get();
    for (const AstExtern& e : w.externs) {
      if (e.kind != AstExtern::Kind::Inline || !enabled(e.gate)) continue;
      auto inline_out = std::make_unique<WitInterface>();
      inline_out->name = e.name;
      inline_out->full_name = e.name;
      inline_out->gate = e.gate.gate;
      inline_out->place = place(source, e.offset);
      InterfaceBuild& ib = interfaces_.emplace_back();
      ib.ast = e.inline_interface.get();
      ib.scope = &scope;
      ib.out = inline_out.get();
      b.inline_interfaces.push_back(&ib);
      out->inline_interfaces.push_back(std::move(inline_out));
    }
    p.worlds.emplace(w.name, &b);
    p.out->worlds.push_back(std::move(out));
  }
  for (const AstTopUse& u : ast.uses) {
    if (!enabled(u.gate)) continue;
    const std::string_view alias = u.as.empty() ? u.path.name : u.as;
    if (scope.uses.count(alias)) fail(source, u.offset, fmt::format("`{}` is already a name in this file", alias));
    scope.uses.emplace(alias, &u);
  }
}

void Resolver::check_top_uses(Scope& s) {
  for (const auto& [alias, u] : s.uses) {
    if (s.package->interfaces.count(alias) || s.package->worlds.count(alias))
      fail(s.source, u->offset, fmt::format("`{}` is already an item of package {}", alias, s.package->id));
    resolve_path(u->path, s, /*through_uses=*/false);
  }
}

std::pair<PackageBuild*, const WitPackage*> Resolver::find_package(const AstPath& path, size_t source) {
  // An index by "ns:name", made once: a file may hold many packages and
  // many paths.
  if (package_names_.empty()) {
    for (PackageBuild& p : packages_)
      package_names_[fmt::format("{}:{}", p.name.ns, p.name.name)].push_back({&p, nullptr});
    for (const WitPackage* d : deps_) package_names_[fmt::format("{}:{}", d->ns, d->name)].push_back({nullptr, d});
  }
  const std::string unversioned = fmt::format("{}:{}", path.ns, path.pkg);
  std::vector<std::pair<PackageBuild*, const WitPackage*>> found;
  if (auto it = package_names_.find(unversioned); it != package_names_.end())
    for (const auto& candidate : it->second) {
      const std::string_view version = candidate.first ? candidate.first->name.version : candidate.second->version;
      if (path.version.empty() || version == path.version) found.push_back(candidate);
    }
  const std::string wanted = path.version.empty() ? unversioned : fmt::format("{}@{}", unversioned, path.version);
  if (found.size() > 1)
    fail(source, path.offset, fmt::format("package {} is ambiguous: several versions are present; name one", wanted));
  if (found.empty()) {
    std::vector<std::string> known;
    for (PackageBuild& p : packages_) known.push_back(p.id);
    for (const WitPackage* d : deps_) known.push_back(d->id());
    std::vector<std::string_view> candidates(known.begin(), known.end());
    fail(source, path.offset, fmt::format("unknown package {}{}", wanted, suggestion(wanted, candidates)));
  }
  return found[0];
}

Target Resolver::resolve_path(const AstPath& path, Scope& scope, bool through_uses) {
  Target t;
  if (!path.qualified) {
    if (through_uses)
      if (auto it = scope.uses.find(path.name); it != scope.uses.end())
        return resolve_path(it->second->path, scope, false);
    PackageBuild& p = *scope.package;
    if (auto it = p.interfaces.find(path.name); it != p.interfaces.end()) {
      t.interface_build = it->second;
      t.interface = it->second->out;
    } else if (auto w = p.worlds.find(path.name); w != p.worlds.end()) {
      t.world_build = w->second;
      t.world = w->second->out;
    } else {
      std::vector<std::string_view> candidates;
      for (const auto& [n, _] : p.interfaces) candidates.push_back(n);
      for (const auto& [n, _] : p.worlds) candidates.push_back(n);
      for (const auto& [n, _] : scope.uses) candidates.push_back(n);
      fail(scope.source, path.offset,
           fmt::format("no interface or world `{}` in package {}{}", path.name, p.id,
                       suggestion(path.name, candidates)));
    }
    return t;
  }
  auto [build, dep] = find_package(path, scope.source);
  if (build) {
    if (auto it = build->interfaces.find(path.name); it != build->interfaces.end()) {
      t.interface_build = it->second;
      t.interface = it->second->out;
    } else if (auto w = build->worlds.find(path.name); w != build->worlds.end()) {
      t.world_build = w->second;
      t.world = w->second->out;
    }
  } else {
    t.interface = dep->find_interface(path.name);
    if (!t.interface) t.world = dep->find_world(path.name);
  }
  if (!t.interface && !t.world) {
    std::vector<std::string_view> candidates;
    if (build) {
      for (const auto& [n, _] : build->interfaces) candidates.push_back(n);
      for (const auto& [n, _] : build->worlds) candidates.push_back(n);
    } else {
      for (const auto& i : dep->interfaces) candidates.push_back(i->name);
      for (const auto& w : dep->worlds) candidates.push_back(w->name);
    }
    fail(scope.source, path.offset,
         fmt::format("package {} has no interface or world `{}`{}", build ? build->id : dep->id(), path.name,
                     suggestion(path.name, candidates)));
  }
  return t;
}

Target Resolver::interface_at(const AstPath& path, Scope& scope) {
  Target t = resolve_path(path, scope);
  if (!t.interface) fail(scope.source, path.offset, fmt::format("`{}` is a world, not an interface", path.text()));
  return t;
}

void Resolver::link_uses(InterfaceBuild& i) {
  std::set<InterfaceBuild*> seen;
  for (const AstUse& u : i.ast->uses) {
    if (!enabled(u.gate)) continue;
    Target t = interface_at(u.from, *i.scope);
    if (t.interface_build == &i)
      fail(i.scope->source, u.offset, fmt::format("interface `{}` uses itself", i.out->name));
    if (t.interface_build && seen.insert(t.interface_build).second) i.uses.push_back(t.interface_build);
  }
}

void Resolver::link_includes(WorldBuild& w) {
  for (const AstInclude& inc : w.ast->includes) {
    if (!enabled(inc.gate)) continue;
    Target t = resolve_path(inc.from, *w.scope);
    if (!t.world)
      fail(w.scope->source, inc.offset, fmt::format("`{}` is an interface; `include` takes a world", inc.from.text()));
    if (t.world_build == &w) fail(w.scope->source, inc.offset, fmt::format("world `{}` includes itself", w.out->name));
    if (t.world_build) w.includes.push_back(t.world_build);
  }
}

template <typename Node, typename Edges, typename Describe>
std::vector<Node*> Resolver::order(std::deque<Node>& nodes, Edges edges, Describe describe, std::string_view what) {
  std::map<Node*, std::vector<Node*>> dependents;
  for (Node& n : nodes) {
    n.waiting = edges(n).size();
    for (Node* d : edges(n)) dependents[d].push_back(&n);
  }
  std::vector<Node*> out, ready;
  for (Node& n : nodes)
    if (n.waiting == 0) ready.push_back(&n);
  while (!ready.empty()) {
    Node* n = ready.back();
    ready.pop_back();
    out.push_back(n);
    for (Node* d : dependents[n])
      if (--d->waiting == 0) ready.push_back(d);
  }
  if (out.size() == nodes.size()) return out;
  Node* start = nullptr;
  for (Node& n : nodes)
    if (n.waiting > 0) start = &n;
  // Walk waiting dependencies until one repeats: that stretch is a cycle.
  std::vector<Node*> path{start};
  for (;;) {
    Node* next = nullptr;
    for (Node* d : edges(*path.back()))
      if (d->waiting > 0) next = d;
    const size_t seen = std::find(path.begin(), path.end(), next) - path.begin();
    path.push_back(next);
    if (seen != path.size() - 1) {
      std::string cycle;
      for (size_t k = seen; k < path.size(); ++k) cycle += (cycle.empty() ? "" : " -> ") + describe(*path[k]);
      fail(path[seen]->scope->source, path[seen]->ast->offset, fmt::format("{} form a cycle: {}", what, cycle));
    }
  }
}

std::vector<InterfaceBuild*> Resolver::interface_order() {
  return order(
      interfaces_, [](InterfaceBuild& i) -> const std::vector<InterfaceBuild*>& { return i.uses; },
      [](InterfaceBuild& i) { return i.out->full_name; }, "interfaces that `use` each other");
}

std::vector<WorldBuild*> Resolver::world_order() {
  return order(
      worlds_, [](WorldBuild& w) -> const std::vector<WorldBuild*>& { return w.includes; },
      [](WorldBuild& w) { return w.out->full_name; }, "worlds that include each other");
}

TypeRef Resolver::add(TypeNode node, size_t source, uint32_t offset) {
  const bool anonymous = node.name.empty() && node.kind != TypeKind::Resource;
  std::string key;
  if (anonymous) {
    key = key_of(node);
    if (auto it = interned_.find(key); it != interned_.end()) return it->second;
  }
  const TypeRef ref = graph_.add(std::move(node));
  if (graph_[ref].depth > kMaxTypeDepth)
    fail(source, offset, fmt::format("type nested more than {} deep (counting the types it names)", kMaxTypeDepth));
  if (anonymous) interned_.emplace(std::move(key), ref);
  return ref;
}

TypeRef Resolver::wrap(TypeKind kind, std::optional<TypeRef> element, size_t source, uint32_t offset) {
  TypeNode n{kind};
  n.element = element;
  return add(std::move(n), source, offset);
}

Local& Resolver::lookup(TypeScope& scope, std::string_view name, uint32_t offset) {
  auto it = scope.names.find(name);
  if (it == scope.names.end() || it->second.kind == Local::Kind::Function) {
    std::vector<std::string_view> candidates;
    for (const auto& [n, l] : scope.names)
      if (l.kind != Local::Kind::Function) candidates.push_back(n);
    if (it != scope.names.end()) fail(scope.source, offset, fmt::format("`{}` is a function, not a type", name));
    fail(scope.source, offset, fmt::format("unknown type `{}`{}", name, suggestion(name, candidates)));
  }
  // Definitions are built in dependency order, so a name is ready here.
  return it->second;
}

TypeRef Resolver::resource_of(TypeScope& scope, std::string_view name, uint32_t offset) {
  const TypeRef ref = *lookup(scope, name, offset).type;
  if (graph_[ref].kind != TypeKind::Resource) fail(scope.source, offset, fmt::format("`{}` is not a resource", name));
  return ref;
}

TypeRef Resolver::type(TypeScope& scope, const AstType& t, uint32_t depth) {
  const size_t src = scope.source;
  if (depth >= kMaxTypeDepth) fail(src, t.offset, fmt::format("types nested more than {} deep", kMaxTypeDepth));
  switch (t.kind) {
    case AstType::Kind::Primitive: return graph_.primitive(t.primitive);
    case AstType::Kind::Name: {
      const TypeRef ref = *lookup(scope, t.name, t.offset).type;
      // A resource named bare is an owned handle to it.
      if (graph_[ref].kind == TypeKind::Resource) return wrap(TypeKind::Own, ref, src, t.offset);
      return ref;
    }
    case AstType::Kind::Own: return wrap(TypeKind::Own, resource_of(scope, t.name, t.offset), src, t.offset);
    case AstType::Kind::Borrow: return wrap(TypeKind::Borrow, resource_of(scope, t.name, t.offset), src, t.offset);
    case AstType::Kind::List: return wrap(TypeKind::List, type(scope, t.args[0], depth + 1), src, t.offset);
    case AstType::Kind::Option: return wrap(TypeKind::Option, type(scope, t.args[0], depth + 1), src, t.offset);
    case AstType::Kind::Stream:
    case AstType::Kind::Future: {
      std::optional<TypeRef> element;
      if (!t.args.empty()) element = type(scope, t.args[0], depth + 1);
      return wrap(t.kind == AstType::Kind::Stream ? TypeKind::Stream : TypeKind::Future, element, src, t.offset);
    }
    case AstType::Kind::FixedList: {
      TypeNode n{TypeKind::FixedList};
      n.element = type(scope, t.args[0], depth + 1);
      n.length = t.length;
      return add(std::move(n), src, t.offset);
    }
    case AstType::Kind::Result: {
      TypeNode n{TypeKind::Result};
      if (t.ok) n.element = type(scope, *t.ok, depth + 1);
      if (t.err) n.error = type(scope, *t.err, depth + 1);
      return add(std::move(n), src, t.offset);
    }
    case AstType::Kind::Tuple: {
      TypeNode n{TypeKind::Tuple};
      for (const AstType& a : t.args) n.members.push_back({"", type(scope, a, depth + 1)});
      return add(std::move(n), src, t.offset);
    }
  }
  return 0;
}

void Resolver::referenced(const AstType& t, std::vector<std::string_view>& out, uint32_t depth) {
  if (depth >= kMaxTypeDepth) return;  // the parser refused deeper; type() says so
  if (t.kind == AstType::Kind::Name || t.kind == AstType::Kind::Own || t.kind == AstType::Kind::Borrow)
    out.push_back(t.name);
  for (const AstType& a : t.args) referenced(a, out, depth + 1);
  if (t.ok) referenced(*t.ok, out, depth + 1);
  if (t.err) referenced(*t.err, out, depth + 1);
}

std::optional<TypeRef> Resolver::type_in(const WitInterface& from, std::string_view name) {
  auto [it, fresh] = type_index_.try_emplace(&from);
  if (fresh) {
    for (const WitTypeDef& d : from.types) it->second.emplace(d.name, d.type);
    for (const WitUse& u : from.uses)
      for (const WitUse::Name& n : u.names) it->second.emplace(n.local, n.type);
  }
  auto found = it->second.find(name);
  if (found == it->second.end()) return std::nullopt;
  return found->second;
}

void Resolver::claim(TypeScope& scope, std::string_view name, Local local) {
  if (auto it = scope.names.find(name); it != scope.names.end())
    fail(scope.source, local.offset,
         fmt::format("`{}` is defined twice (also at line {})", name, place(scope.source, it->second.offset).line));
  scope.names.emplace(name, local);
}

void Resolver::define_types(TypeScope& scope, Scope& pkg_scope, const std::vector<AstUse>& uses,
                            const std::vector<AstTypeDef>& defs, std::vector<WitUse>& out_uses,
                            std::vector<WitTypeDef>& out_types) {
  for (const AstUse& u : uses) {
    if (!enabled(u.gate)) continue;
    const WitInterface* from = interface_at(u.from, pkg_scope).interface;
    WitUse& wu = out_uses.emplace_back();
    wu.from = from;
    wu.gate = u.gate.gate;
    wu.place = place(scope.source, u.offset);
    for (const AstUseName& n : u.names) {
      const auto ref = type_in(*from, n.name);
      if (!ref) {
        std::vector<std::string_view> candidates;
        for (const WitTypeDef& d : from->types) candidates.push_back(d.name);
        for (const WitUse& fu : from->uses)
          for (const WitUse::Name& fn : fu.names) candidates.push_back(fn.local);
        fail(scope.source, n.offset,
             fmt::format("interface {} has no type `{}`{}{}", from->full_name, n.name,
                         from->find_function(n.name) ? " (it is a function)" : "", suggestion(n.name, candidates)));
      }
      const std::string_view local = n.as.empty() ? n.name : n.as;
      claim(scope, local, Local{Local::Kind::Used, 0, *ref, n.offset});
      wu.names.push_back({std::string(n.name), std::string(local), *ref});
    }
  }
  std::vector<size_t> def_of;  // defs index -> out_types index
  for (const AstTypeDef& d : defs) {
    if (!enabled(d.gate)) continue;
    claim(scope, d.name, Local{Local::Kind::Def, scope.defs.size(), std::nullopt, d.offset});
    scope.defs.push_back(&d);
    WitTypeDef& out = out_types.emplace_back();
    out.kind = d.kind;
    out.name = d.name;
    out.gate = d.gate.gate;
    out.place = place(scope.source, d.offset);
  }
  // Resources first: they refer to nothing, and anything may refer to them.
  for (size_t i = 0; i < scope.defs.size(); ++i) {
    const AstTypeDef& d = *scope.defs[i];
    if (d.kind != WitTypeDefKind::Resource) continue;
    TypeNode n{TypeKind::Resource};
    n.name = d.name;
    n.owner = scope.owner;
    out_types[i].type = add(std::move(n), scope.source, d.offset);
    scope.names.find(d.name)->second.type = out_types[i].type;
  }
  // The rest by Kahn's algorithm over the local names they use.
  const size_t count = scope.defs.size();
  std::vector<std::vector<size_t>> needs(count), needed_by(count);
  std::vector<size_t> waiting(count, 0);
  for (size_t i = 0; i < count; ++i) {
    const AstTypeDef& d = *scope.defs[i];
    std::vector<std::string_view> names;
    if (d.alias) referenced(*d.alias, names);
    for (const AstField& f : d.fields) referenced(f.type, names);
    for (const AstCase& c : d.cases)
      if (c.type) referenced(*c.type, names);
    for (std::string_view n : names) {
      auto it = scope.names.find(n);
      if (it == scope.names.end() || it->second.kind != Local::Kind::Def || it->second.type) continue;
      needs[i].push_back(it->second.def);
    }
    std::sort(needs[i].begin(), needs[i].end());
    needs[i].erase(std::unique(needs[i].begin(), needs[i].end()), needs[i].end());
    for (size_t j : needs[i]) needed_by[j].push_back(i);
    waiting[i] = needs[i].size();
  }
  std::vector<size_t> ready;
  for (size_t i = 0; i < count; ++i)
    if (waiting[i] == 0 && scope.defs[i]->kind != WitTypeDefKind::Resource) ready.push_back(i);
  size_t built = 0;
  for (size_t i = 0; i < count; ++i) built += scope.defs[i]->kind == WitTypeDefKind::Resource;
  while (!ready.empty()) {
    const size_t i = ready.back();
    ready.pop_back();
    out_types[i].type = define(scope, *scope.defs[i]);
    scope.names.find(scope.defs[i]->name)->second.type = out_types[i].type;
    ++built;
    for (size_t j : needed_by[i])
      if (--waiting[j] == 0) ready.push_back(j);
  }
  if (built == count) return;
  size_t at = 0;
  while (waiting[at] == 0) ++at;
  std::vector<size_t> path{at};
  for (;;) {
    size_t next = 0;
    for (size_t j : needs[path.back()])
      if (waiting[j] > 0) next = j;
    const size_t seen = std::find(path.begin(), path.end(), next) - path.begin();
    path.push_back(next);
    if (seen != path.size() - 1) {
      std::string cycle;
      for (size_t k = seen; k < path.size(); ++k)
        cycle += fmt::format("{}{}", cycle.empty() ? "" : " -> ", scope.defs[path[k]]->name);
      const AstTypeDef& d = *scope.defs[path[seen]];
      fail(scope.source, d.offset,
           fmt::format("type `{}` refers to itself ({}); component types cannot be recursive", d.name, cycle));
    }
  }
}

TypeRef Resolver::define(TypeScope& scope, const AstTypeDef& d) {
  const size_t src = scope.source;
  if (d.kind == WitTypeDefKind::Alias) return type(scope, *d.alias);
  TypeNode n;
  n.name = d.name;
  const std::string_view what = d.kind == WitTypeDefKind::Record  ? "field"
                                : d.kind == WitTypeDefKind::Flags ? "flag"
                                                                  : "case";
  const auto check_repeats = [&](const auto& items) {
    if (const auto* twice = repeated(items, [](const auto& item) { return std::string_view(item.name); }))
      fail(src, twice->offset, fmt::format("{} `{}` appears twice in `{}`", what, twice->name, d.name));
  };
  if (d.kind == WitTypeDefKind::Record)
    check_repeats(d.fields);
  else
    check_repeats(d.cases);
  switch (d.kind) {
    case WitTypeDefKind::Record:
      n.kind = TypeKind::Record;
      if (d.fields.empty()) fail(src, d.offset, fmt::format("record `{}` needs at least one field", d.name));
      n.members.reserve(d.fields.size());
      for (const AstField& f : d.fields) n.members.push_back({std::string(f.name), type(scope, f.type)});
      break;
    case WitTypeDefKind::Variant:
      n.kind = TypeKind::Variant;
      if (d.cases.empty()) fail(src, d.offset, fmt::format("variant `{}` needs at least one case", d.name));
      n.members.reserve(d.cases.size());
      for (const AstCase& c : d.cases)
        n.members.push_back(
            {std::string(c.name), c.type ? std::optional<TypeRef>(type(scope, *c.type)) : std::nullopt});
      break;
    case WitTypeDefKind::Enum:
    case WitTypeDefKind::Flags:
      n.kind = d.kind == WitTypeDefKind::Enum ? TypeKind::Enum : TypeKind::Flags;
      if (d.cases.empty())
        fail(src, d.offset, fmt::format("{} `{}` needs at least one case", to_string(d.kind), d.name));
      if (d.kind == WitTypeDefKind::Flags && d.cases.size() > 32)
        fail(src, d.offset,
             fmt::format("flags `{}` has {} flags; the component model allows 32", d.name, d.cases.size()));
      n.members.reserve(d.cases.size());
      for (const AstCase& c : d.cases) n.members.push_back({std::string(c.name), std::nullopt});
      break;
    default: break;
  }
  return add(std::move(n), src, d.offset);
}

FuncType Resolver::func_type(TypeScope& scope, const AstFunc& f, std::optional<FuncParam> self) {
  FuncType out;
  out.async = f.async;
  if (const AstField* twice = repeated(f.params, [](const AstField& p) { return std::string_view(p.name); }))
    fail(scope.source, twice->offset, fmt::format("parameter `{}` appears twice", twice->name));
  out.params.reserve(f.params.size() + (self ? 1 : 0));
  if (self) {
    for (const AstField& p : f.params)
      if (p.name == self->name) fail(scope.source, p.offset, fmt::format("parameter `{}` appears twice", p.name));
    out.params.push_back(*self);
  }
  for (const AstField& p : f.params) out.params.push_back({std::string(p.name), type(scope, p.type)});
  if (f.result) {
    const TypeRef result = type(scope, *f.result);
    if (contains_borrow(result))
      fail(scope.source, f.result->offset, "a function cannot return a borrow<…> handle (component-model rule)");
    out.results.push_back({"", result});
  }
  return out;
}

bool Resolver::contains_borrow(TypeRef ref, uint32_t depth) {
  if (has_borrow_.size() < graph_.size()) has_borrow_.resize(graph_.size(), -1);
  if (has_borrow_[ref] >= 0) return has_borrow_[ref];
  const TypeNode& n = graph_[ref];
  bool found = n.kind == TypeKind::Borrow;
  if (!found && n.kind != TypeKind::Own && depth <= kMaxTypeDepth) {
    if (n.element) found = contains_borrow(*n.element, depth + 1);
    if (!found && n.error) found = contains_borrow(*n.error, depth + 1);
    for (const TypeMember& m : n.members)
      if (!found && m.type) found = contains_borrow(*m.type, depth + 1);
  }
  has_borrow_[ref] = found;
  return found;
}

void Resolver::define_functions(TypeScope& scope, const std::vector<AstTypeDef>& defs,
                                const std::vector<AstNamedFunc>& funcs, std::vector<WitFunction>& out) {
  struct Item {
    uint32_t offset;
    const AstTypeDef* resource;
    const AstNamedFunc* func;
  };
  std::vector<Item> items;
  for (const AstTypeDef& d : defs)
    if (d.kind == WitTypeDefKind::Resource && enabled(d.gate)) items.push_back({d.offset, &d, nullptr});
  for (const AstNamedFunc& f : funcs)
    if (enabled(f.gate)) items.push_back({f.offset, nullptr, &f});
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.offset < b.offset; });
  for (const Item& item : items) {
    if (item.func) {
      const AstNamedFunc& f = *item.func;
      claim(scope, f.name, Local{Local::Kind::Function, 0, std::nullopt, f.offset});
      WitFunction& w = out.emplace_back();
      w.name = f.name;
      w.item = f.name;
      w.kind = WitFuncKind::Free;
      w.type = func_type(scope, f.func, std::nullopt);
      w.gate = f.gate.gate;
      w.place = place(scope.source, f.offset);
      continue;
    }
    const AstTypeDef& r = *item.resource;
    const TypeRef resource = *scope.names.find(r.name)->second.type;
    std::vector<const AstResourceFunc*> funcs;
    for (const AstResourceFunc& f : r.funcs)
      if (enabled(f.gate)) funcs.push_back(&f);
    if (const auto* twice = repeated(funcs, [](const AstResourceFunc* f) { return std::string_view(f->name); }))
      fail(scope.source, (*twice)->offset, fmt::format("resource `{}` defines `{}` twice", r.name, (*twice)->name));
    for (const AstResourceFunc& f : r.funcs) {
      if (!enabled(f.gate)) continue;
      WitFunction& w = out.emplace_back();
      w.kind = f.kind;
      w.resource = r.name;
      w.item = f.name;
      w.gate = f.gate.gate;
      w.place = place(scope.source, f.offset);
      switch (f.kind) {
        case WitFuncKind::Method: {
          w.name = fmt::format("[method]{}.{}", r.name, f.name);
          const TypeRef self = wrap(TypeKind::Borrow, resource, scope.source, f.offset);
          w.type = func_type(scope, f.func, FuncParam{"self", self});
          break;
        }
        case WitFuncKind::Static:
          w.name = fmt::format("[static]{}.{}", r.name, f.name);
          w.type = func_type(scope, f.func, std::nullopt);
          break;
        case WitFuncKind::Constructor: {
          w.name = fmt::format("[constructor]{}", r.name);
          w.type = func_type(scope, f.func, std::nullopt);
          const TypeRef own = wrap(TypeKind::Own, resource, scope.source, f.offset);
          if (w.type.results.empty()) {
            w.type.results.push_back({"", own});
          } else {
            const TypeNode& res = graph_[w.type.results[0].type];
            const bool ok =
                w.type.results[0].type == own || (res.kind == TypeKind::Result && res.element && *res.element == own);
            if (!ok)
              fail(scope.source, f.offset, fmt::format("a constructor returns `{0}` or `result<{0}, E>`", r.name));
            w.explicit_result = true;
          }
          break;
        }
        case WitFuncKind::Free: break;
      }
    }
  }
}

void Resolver::build_interface(InterfaceBuild& b) {
  TypeScope scope;
  scope.owner = b.out->full_name;
  scope.source = b.scope->source;
  define_types(scope, *b.scope, b.ast->uses, b.ast->types, b.out->uses, b.out->types);
  define_functions(scope, b.ast->types, b.ast->funcs, b.out->functions);
}

}  // namespace detail

WitPlace place_of(const Source& source, uint32_t offset) {
  WitPlace p;
  p.file = source.name;
  line_column(source.text, offset, p.line, p.column);
  return p;
}

std::string AstPath::text() const {
  if (!qualified) return std::string(name);
  return version.empty() ? fmt::format("{}:{}/{}", ns, pkg, name) : fmt::format("{}:{}/{}@{}", ns, pkg, name, version);
}

std::optional<WitError> resolve(WitModel& model, const std::vector<Source>& sources,
                                std::vector<ParsedPackage>& packages, const WitReadOptions& options) {
  try {
    detail::Resolver(model, sources, options).run(packages);
  } catch (const detail::Fail& f) {
    return WitError{place_of(sources[f.source], f.offset), f.message};
  }
  return std::nullopt;
}

}  // namespace astrid::wit
