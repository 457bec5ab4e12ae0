// The world half of the resolver: a world's items, its includes, and the
// imports WIT adds for what its interfaces use.
#include <fmt/format.h>

#include <set>

#include "abi/wit_resolver.h"

namespace astrid::wit::detail {

void Resolver::push(Items& items, WitWorldItem item, size_t source, uint32_t offset) {
  // Every item costs a copy of its name and type: bounded over the read.
  if (++world_items_ > kMaxWorldItems)
    fail(source, offset, fmt::format("more than {} imports and exports in the worlds of this read", kMaxWorldItems));
  items.index.emplace(item.name, items.list.size());
  items.list.push_back(std::move(item));
}

bool Resolver::same_item(const WitWorldItem& a, const WitWorldItem& b) {
  return a.kind == b.kind && a.interface == b.interface;
}

void Resolver::build_world(WorldBuild& b) {
  WitWorld& w = *b.out;
  TypeScope scope;
  scope.owner = w.full_name;
  scope.source = b.scope->source;
  define_types(scope, *b.scope, b.ast->uses, b.ast->types, w.uses, w.types);
  Items imports(w.imports), exports(w.exports);
  for (const WitUse& u : w.uses) {
    if (imports.find(u.from->full_name)) continue;
    WitWorldItem item;
    item.name = u.from->full_name;
    item.interface = u.from;
    item.implicit = true;
    item.place = u.place;
    push(imports, std::move(item), scope.source, b.ast->offset);
  }
  std::vector<WitFunction> resource_functions;
  define_functions(scope, b.ast->types, {}, resource_functions);
  for (WitFunction& f : resource_functions) {
    WitWorldItem item;
    item.kind = WitWorldItem::Kind::Function;
    item.name = f.name;
    item.func = std::move(f.type);
    item.gate = f.gate;
    item.place = f.place;
    push(imports, std::move(item), scope.source, b.ast->offset);
  }
  size_t inline_index = 0;
  for (const AstExtern& e : b.ast->externs) {
    if (!enabled(e.gate)) continue;
    WitWorldItem item;
    item.gate = e.gate.gate;
    item.place = place(scope.source, e.offset);
    switch (e.kind) {
      case AstExtern::Kind::Path:
      case AstExtern::Kind::NamedPath:
        item.interface = interface_at(e.path, *b.scope).interface;
        item.name = e.kind == AstExtern::Kind::Path ? item.interface->full_name : e.name;
        break;
      case AstExtern::Kind::Inline:
        item.interface = b.inline_interfaces[inline_index++]->out;
        item.name = e.name;
        break;
      case AstExtern::Kind::Func:
        item.kind = WitWorldItem::Kind::Function;
        item.name = e.name;
        item.func = func_type(scope, e.func, std::nullopt);
        break;
    }
    Items& items = e.is_export ? exports : imports;
    if (WitWorldItem* existing = items.find(item.name)) {
      // What a `use` imported may also be imported by name.
      if (!existing->implicit || !same_item(*existing, item))
        fail(scope.source, e.offset,
             fmt::format("the world {}s `{}` twice", e.is_export ? "export" : "import", item.name));
      existing->implicit = false;
      continue;
    }
    push(items, std::move(item), scope.source, e.offset);
  }
  w.own_uses = w.uses.size();
  w.own_types = w.types.size();
  for (const AstInclude& inc : b.ast->includes)
    if (enabled(inc.gate)) include(w, imports, exports, *resolve_path(inc.from, *b.scope).world, inc, scope.source);
  add_dependencies(w, scope.source, b.ast->offset);
}

void Resolver::include(WitWorld& w, Items& imports, Items& exports, const WitWorld& from, const AstInclude& inc,
                       size_t source) {
  std::map<std::string, std::string, std::less<>> renamed;
  WitInclude& record = w.includes.emplace_back();
  record.world = &from;
  record.gate = inc.gate.gate;
  record.place = place(source, inc.offset);
  for (const AstUseName& n : inc.with) {
    if (!from.find_import(n.name) && !from.find_export(n.name))
      fail(source, n.offset, fmt::format("world {} has no import or export `{}`", from.full_name, n.name));
    renamed.insert_or_assign(std::string(n.name), std::string(n.as));
    record.with.emplace_back(n.name, n.as);
  }
  auto merge = [&](const std::vector<WitWorldItem>& items, Items& into, bool is_export) {
    for (WitWorldItem item : items) {
      if (auto it = renamed.find(item.name); it != renamed.end()) item.name = it->second;
      item.included_from = &from;
      if (const WitWorldItem* existing = into.find(item.name)) {
        // Two includes may bring the same interface (a diamond).
        if (!same_item(*existing, item) || item.kind == WitWorldItem::Kind::Function)
          fail(source, inc.offset,
               fmt::format("including {} {}s `{}` a second time", from.full_name, is_export ? "export" : "import",
                           item.name));
        continue;
      }
      push(into, std::move(item), source, inc.offset);
    }
  };
  merge(from.imports, imports, false);
  merge(from.exports, exports, true);
  // Types are copied too, and count against the same bound.
  std::map<std::string_view, TypeRef> types;
  for (const WitTypeDef& t : w.types) types.emplace(t.name, t.type);
  for (const WitUse& u : w.uses)
    for (const WitUse::Name& n : u.names) types.emplace(n.local, n.type);
  for (const WitUse& u : from.uses) {
    for (const WitUse::Name& n : u.names) {
      if (auto it = types.find(n.local); it != types.end() && it->second != n.type)
        fail(source, inc.offset, fmt::format("including {} defines type `{}` a second time", from.full_name, n.local));
    }
    world_items_ += u.names.size();
    w.uses.push_back(u);
  }
  for (const WitTypeDef& t : from.types) {
    if (auto it = types.find(t.name); it != types.end()) {
      if (it->second != t.type)
        fail(source, inc.offset, fmt::format("including {} defines type `{}` a second time", from.full_name, t.name));
      continue;
    }
    ++world_items_;
    w.types.push_back(t);
  }
  if (world_items_ > kMaxWorldItems)
    fail(source, inc.offset,
         fmt::format("more than {} imports and exports in the worlds of this read", kMaxWorldItems));
}

void Resolver::add_dependencies(WitWorld& w, size_t source, uint32_t offset) {
  std::set<const WitInterface*> exported, visited;
  for (const WitWorldItem& e : w.exports)
    if (e.interface) exported.insert(e.interface);
  std::vector<WitWorldItem> list;
  Items imports(list);
  struct Frame {
    const WitInterface* iface;
    std::vector<const WitInterface*> deps;
    size_t next = 0;
  };
  auto emit = [&](const WitInterface* root, const WitPlace& where) {
    std::vector<Frame> stack;
    if (visited.insert(root).second) stack.push_back({root, root->dependencies()});
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.next < top.deps.size()) {
        const WitInterface* d = top.deps[top.next++];
        if (visited.insert(d).second) stack.push_back({d, d->dependencies()});
        continue;
      }
      const WitInterface* iface = top.iface;
      stack.pop_back();
      if (iface == root || exported.count(iface) || imports.find(iface->full_name)) continue;
      WitWorldItem item;
      item.name = iface->full_name;
      item.interface = iface;
      item.implicit = true;
      item.place = where;
      push(imports, std::move(item), source, offset);
    }
  };
  for (WitWorldItem& item : w.imports) {
    if (item.interface) emit(item.interface, item.place);
    // An interface imported by its own name is imported once: if it was
    // already added as another's dependency, that one stays.
    if (WitWorldItem* earlier = imports.find(item.name)) {
      // It is the world's own if either is; else included if either is.
      if (!item.implicit) {
        if (earlier->implicit)
          earlier->included_from = item.included_from;
        else if (!item.included_from)
          earlier->included_from = nullptr;
      }
      earlier->implicit = earlier->implicit && item.implicit;
      continue;
    }
    imports.index.emplace(item.name, list.size());
    list.push_back(std::move(item));
  }
  for (const WitWorldItem& e : w.exports)
    if (e.interface) emit(e.interface, e.place);
  w.imports = std::move(list);
}

}  // namespace astrid::wit::detail
