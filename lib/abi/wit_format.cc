#include "abi/wit_format.h"

#include <fmt/format.h>

#include <map>

namespace astrid {
namespace {

// Text with a budget shared by everything one call prints: every node
// visited writes at least one byte, so a walk stops after about kMaxWitText
// visits whatever the graph's shape.
class Writer {
 public:
  explicit Writer(const TypeGraph& graph, bool escape) : graph_(graph), escape_(escape) {}

  // The names types have where the text is: `use i.{t as u}` makes t's
  // node known as u. Without an entry, a node's own name.
  using Locals = std::map<TypeRef, std::string>;
  void set_locals(const Locals* locals) { locals_ = locals; }
  void named(TypeRef ref) {
    if (locals_)
      if (auto it = locals_->find(ref); it != locals_->end()) return name(it->second);
    name(graph_[ref].name);
  }
  const Locals* locals() const { return locals_; }

  bool full() const { return out_.size() > kMaxWitText; }
  void put(std::string_view text) {
    if (!full()) out_.append(text);
  }
  void name(std::string_view n) {
    if (escape_ && is_wit_keyword(n)) put("%");
    put(n);
  }

  // `depth_` counts the types being written around this one: a graph's
  // nodes are no deeper than kMaxTypeDepth, and this keeps it so here.
  void type(TypeRef ref) {
    if (full()) return;
    if (depth_ > kMaxTypeDepth) return put("…");
    struct Deeper {
      uint32_t& d;
      explicit Deeper(uint32_t& depth) : d(depth) { ++d; }
      ~Deeper() { --d; }
    } deeper(depth_);
    const TypeNode& n = graph_[ref];
    if (is_primitive(n.kind)) return put(to_string(n.kind));
    switch (n.kind) {
      case TypeKind::Resource: return named(ref);
      case TypeKind::Record:
      case TypeKind::Variant:
      case TypeKind::Enum:
      case TypeKind::Flags:
        if (!n.name.empty()) return named(ref);
        // Anonymous (only a binary makes those): not WIT, but readable.
        put(to_string(n.kind));
        return body(n, false);
      case TypeKind::Own: return type(*n.element);
      case TypeKind::Borrow: return wrapped("borrow", n.element);
      case TypeKind::List: return wrapped("list", n.element);
      case TypeKind::Option: return wrapped("option", n.element);
      case TypeKind::Stream: return n.element ? wrapped("stream", n.element) : put("stream");
      case TypeKind::Future: return n.element ? wrapped("future", n.element) : put("future");
      case TypeKind::FixedList:
        put("list<");
        type(*n.element);
        put(fmt::format(", {}>", n.length));
        return;
      case TypeKind::Result:
        if (!n.element && !n.error) return put("result");
        put("result<");
        if (n.element)
          type(*n.element);
        else
          put("_");
        if (n.error) {
          put(", ");
          type(*n.error);
        }
        return put(">");
      case TypeKind::Tuple:
        put("tuple<");
        for (size_t i = 0; i < n.members.size() && !full(); ++i) {
          if (i) put(", ");
          type(*n.members[i].type);
        }
        return put(">");
      default: return put("?");
    }
  }

  // " { a: u32, b(string), c }" on one line, or one member a line,
  // indented, each followed by a comma.
  void body(const TypeNode& n, bool multiline, std::string_view indent = {}) {
    put(multiline ? " {\n" : " { ");
    for (size_t i = 0; i < n.members.size() && !full(); ++i) {
      const TypeMember& m = n.members[i];
      if (multiline) {
        put(indent);
        put("  ");
      } else if (i) {
        put(", ");
      }
      name(m.name);
      if (m.type) {
        put(n.kind == TypeKind::Variant ? "(" : ": ");
        type(*m.type);
        if (n.kind == TypeKind::Variant) put(")");
      }
      if (multiline) put(",\n");
    }
    if (multiline) {
      put(indent);
      put("}");
    } else {
      put(n.members.empty() ? "}" : " }");
    }
  }

  void params(const std::vector<FuncParam>& ps, size_t skip) {
    put("(");
    for (size_t i = skip; i < ps.size() && !full(); ++i) {
      if (i > skip) put(", ");
      name(ps[i].name);
      put(": ");
      type(ps[i].type);
    }
    put(")");
  }

  void result(const FuncType& f) {
    if (f.results.empty()) return;
    put(" -> ");
    type(f.results[0].type);
  }

  // "func(a: u32) -> T", without the first `skip` parameters (a method's self).
  void func(const FuncType& f, size_t skip = 0) {
    if (f.async) put("async ");
    put("func");
    params(f.params, skip);
    result(f);
  }

  void gate(const WitGate& g, std::string_view indent) {
    auto line = [&](std::string_view attribute, std::string_view key, const std::string& value) {
      if (value.empty()) return;
      put(indent);
      put(fmt::format("@{}({} = ", attribute, key));
      put(value);
      put(")\n");
    };
    line("since", "version", g.since);
    line("unstable", "feature", g.unstable);
    line("deprecated", "version", g.deprecated);
  }

  std::string take() {
    if (!full()) return std::move(out_);
    size_t cut = kMaxWitText;
    while (cut > 0 && (static_cast<unsigned char>(out_[cut]) & 0xc0) == 0x80) --cut;
    out_.resize(cut);
    return out_ + "…";
  }

 private:
  void wrapped(std::string_view keyword, std::optional<TypeRef> element) {
    put(keyword);
    put("<");
    if (element) type(*element);
    put(">");
  }

  const TypeGraph& graph_;
  bool escape_;
  const Locals* locals_ = nullptr;
  uint32_t depth_ = 0;
  std::string out_;
};

// The local names of a scope's named types (records, variants, enums,
// flags, resources): its definitions and what its `use`s rename.
Writer::Locals locals_of(const TypeGraph& graph, const std::vector<WitUse>& uses,
                         const std::vector<WitTypeDef>& types) {
  Writer::Locals out;
  auto named = [&](TypeRef ref) {
    const TypeKind k = graph[ref].kind;
    return k == TypeKind::Resource || k == TypeKind::Record || k == TypeKind::Variant || k == TypeKind::Enum ||
           k == TypeKind::Flags;
  };
  for (const WitTypeDef& t : types)
    if (t.kind != WitTypeDefKind::Alias && named(t.type)) out.emplace(t.type, t.name);
  for (const WitUse& u : uses)
    for (const WitUse::Name& n : u.names)
      if (named(n.type)) out.emplace(n.type, n.local);
  return out;
}

// Sets the writer's local names for as long as it lives.
class ScopedLocals {
 public:
  ScopedLocals(Writer& w, const TypeGraph& graph, const std::vector<WitUse>& uses, const std::vector<WitTypeDef>& types)
      : w_(w), saved_(w.locals()), locals_(locals_of(graph, uses, types)) {
    w_.set_locals(&locals_);
  }
  ~ScopedLocals() { w_.set_locals(saved_); }

 private:
  Writer& w_;
  const Writer::Locals* saved_;
  Writer::Locals locals_;
};

// A resource's functions, by resource name, in declaration order: looked
// up once per resource, not by a search through every function.
std::map<std::string_view, std::vector<const WitFunction*>> by_resource(const std::vector<WitFunction>& functions) {
  std::map<std::string_view, std::vector<const WitFunction*>> out;
  for (const WitFunction& f : functions)
    if (f.kind != WitFuncKind::Free) out[f.resource].push_back(&f);
  return out;
}

// How `user` refers to `iface`: by short name within one package, else by
// its full name, each part escaped.
void write_path(Writer& w, std::string_view name, const WitPackage* package, const WitPackage* user) {
  if (package && package != user) {
    w.name(package->ns);
    w.put(":");
    w.name(package->name);
    w.put("/");
  }
  w.name(name);
  if (package && package != user && !package->version.empty()) {
    w.put("@");
    w.put(package->version);
  }
}

void write_path(Writer& w, const WitInterface& iface, const WitPackage* user) {
  write_path(w, iface.name, iface.package, user);
}

void write_package_name(Writer& w, const WitPackage& p) {
  w.name(p.ns);
  w.put(":");
  w.name(p.name);
  if (!p.version.empty()) {
    w.put("@");
    w.put(p.version);
  }
}

void write_uses(Writer& w, const std::vector<WitUse>& uses, const WitPackage* user, std::string_view indent) {
  for (const WitUse& u : uses) {
    w.gate(u.gate, indent);
    w.put(indent);
    w.put("use ");
    write_path(w, *u.from, user);
    w.put(".{");
    for (size_t i = 0; i < u.names.size(); ++i) {
      if (i) w.put(", ");
      w.name(u.names[i].name);
      if (u.names[i].local != u.names[i].name) {
        w.put(" as ");
        w.name(u.names[i].local);
      }
    }
    w.put("};\n");
  }
}

void write_resource_function(Writer& w, const WitFunction& f, std::string_view indent) {
  w.gate(f.gate, indent);
  w.put(indent);
  switch (f.kind) {
    case WitFuncKind::Constructor:
      w.put("constructor");
      w.params(f.type.params, 0);
      if (f.explicit_result) w.result(f.type);
      break;
    case WitFuncKind::Method:
      w.name(f.item);
      w.put(": ");
      w.func(f.type, 1);
      break;
    case WitFuncKind::Static:
      w.name(f.item);
      w.put(": static ");
      w.func(f.type);
      break;
    case WitFuncKind::Free: break;
  }
  w.put(";\n");
}

void write_types(Writer& w, const TypeGraph& graph, const std::vector<WitTypeDef>& types,
                 const std::vector<WitFunction>& functions, std::string_view indent) {
  const std::string inner = std::string(indent) + "  ";
  const auto methods = by_resource(functions);
  for (const WitTypeDef& t : types) {
    w.gate(t.gate, indent);
    w.put(indent);
    w.put(to_string(t.kind));
    w.put(" ");
    w.name(t.name);
    switch (t.kind) {
      case WitTypeDefKind::Alias:
        w.put(" = ");
        w.type(t.type);
        w.put(";\n");
        break;
      case WitTypeDefKind::Resource: {
        const auto it = methods.find(t.name);
        const bool any = it != methods.end();
        if (any) {
          w.put(" {\n");
          for (const WitFunction* f : it->second) write_resource_function(w, *f, inner);
        }
        if (!any) {
          w.put(";\n");
        } else {
          w.put(indent);
          w.put("}\n");
        }
        break;
      }
      default:
        w.body(graph[t.type], true, indent);
        w.put("\n");
        break;
    }
  }
}

void write_interface_body(Writer& w, const TypeGraph& graph, const WitInterface& iface, const WitPackage* user,
                          std::string_view indent) {
  ScopedLocals locals(w, graph, iface.uses, iface.types);
  w.put("{\n");
  const std::string inner = std::string(indent) + "  ";
  write_uses(w, iface.uses, user, inner);
  if (!iface.uses.empty() && (!iface.types.empty() || !iface.functions.empty())) w.put("\n");
  write_types(w, graph, iface.types, iface.functions, inner);
  for (const WitFunction& f : iface.functions) {
    if (f.kind != WitFuncKind::Free) continue;
    w.gate(f.gate, inner);
    w.put(inner);
    w.name(f.name);
    w.put(": ");
    w.func(f.type);
    w.put(";\n");
  }
  w.put(indent);
  w.put("}");
}

void write_interface(Writer& w, const TypeGraph& graph, const WitInterface& iface, std::string_view indent) {
  w.gate(iface.gate, indent);
  w.put(indent);
  w.put("interface ");
  w.name(iface.name);
  w.put(" ");
  write_interface_body(w, graph, iface, iface.package, indent);
  w.put("\n");
}

void write_item(Writer& w, const TypeGraph& graph, const WitWorldItem& item, bool is_export, const WitPackage* user,
                std::string_view indent) {
  w.gate(item.gate, indent);
  w.put(indent);
  w.put(is_export ? "export " : "import ");
  if (item.kind == WitWorldItem::Kind::Function) {
    w.name(item.name);
    w.put(": ");
    w.func(item.func);
    w.put(";\n");
  } else if (!item.interface->package) {
    w.name(item.name);
    w.put(": interface ");
    write_interface_body(w, graph, *item.interface, user, indent);
    w.put("\n");
  } else if (item.name != item.interface->full_name) {
    w.name(item.name);
    w.put(": ");
    write_path(w, *item.interface, user);
    w.put(";\n");
  } else {
    write_path(w, *item.interface, user);
    w.put(";\n");
  }
}

void write_world(Writer& w, const TypeGraph& graph, const WitWorld& world, std::string_view indent) {
  const std::string inner = std::string(indent) + "  ";
  w.gate(world.gate, indent);
  w.put(indent);
  w.put("world ");
  w.name(world.name);
  w.put(" {\n");
  ScopedLocals locals(w, graph, world.uses, world.types);
  write_uses(w, std::vector<WitUse>(world.uses.begin(), world.uses.begin() + world.own_uses), world.package, inner);
  // A world's resource functions are imports named "[method]r.f"; they are
  // written inside the resource.
  std::vector<WitFunction> resource_functions;
  for (const WitWorldItem& i : world.imports) {
    if (i.included_from || i.kind != WitWorldItem::Kind::Function || !i.name.starts_with("[")) continue;
    WitFunction f;
    f.name = i.name;
    const size_t close = i.name.find(']');
    const std::string_view kind = std::string_view(i.name).substr(1, close - 1);
    const std::string_view rest = std::string_view(i.name).substr(close + 1);
    const size_t dot = rest.find('.');
    f.kind = kind == "method" ? WitFuncKind::Method : kind == "static" ? WitFuncKind::Static : WitFuncKind::Constructor;
    f.resource = std::string(rest.substr(0, dot));
    f.item = dot == std::string_view::npos ? "constructor" : std::string(rest.substr(dot + 1));
    f.type = i.func;
    f.gate = i.gate;
    resource_functions.push_back(std::move(f));
  }
  write_types(w, graph, std::vector<WitTypeDef>(world.types.begin(), world.types.begin() + world.own_types),
              resource_functions, inner);
  for (const WitWorldItem& i : world.imports)
    if (!i.implicit && !i.included_from && !(i.kind == WitWorldItem::Kind::Function && i.name.starts_with("[")))
      write_item(w, graph, i, false, world.package, inner);
  for (const WitWorldItem& e : world.exports)
    if (!e.included_from) write_item(w, graph, e, true, world.package, inner);
  for (const WitInclude& inc : world.includes) {
    w.gate(inc.gate, inner);
    w.put(inner);
    w.put("include ");
    write_path(w, inc.world->name, inc.world->package, world.package);
    if (inc.with.empty()) {
      w.put(";\n");
      continue;
    }
    w.put(" with { ");
    for (size_t k = 0; k < inc.with.size(); ++k) {
      if (k) w.put(", ");
      w.name(inc.with[k].first);
      w.put(" as ");
      w.name(inc.with[k].second);
    }
    w.put(" }\n");
  }
  w.put(indent);
  w.put("}\n");
}

void write_package_items(Writer& w, const TypeGraph& graph, const WitPackage& p, std::string_view indent) {
  bool first = true;
  for (const auto& i : p.interfaces) {
    if (!first) w.put("\n");
    first = false;
    write_interface(w, graph, *i, indent);
  }
  for (const auto& world : p.worlds) {
    if (!first) w.put("\n");
    first = false;
    write_world(w, graph, *world, indent);
  }
}

}  // namespace

std::string format_interface(const TypeGraph& types, const WitInterface& iface) {
  Writer w(types, true);
  write_interface(w, types, iface, "");
  return w.take();
}

std::vector<std::string> interface_listing(const TypeGraph& types, const WitInterface& iface) {
  std::vector<std::string> lines;
  size_t total = 0;
  auto line = [&](auto write) {
    Writer w(types, false);
    write(w);
    lines.push_back(w.take());
    total += lines.back().size();
  };
  for (const WitUse& u : iface.uses) {
    line([&](Writer& w) {
      w.put("use ");
      w.put(u.from->full_name);
      w.put(".{");
      for (size_t i = 0; i < u.names.size(); ++i) {
        if (i) w.put(", ");
        w.put(u.names[i].name);
        if (u.names[i].local != u.names[i].name) w.put(" as " + u.names[i].local);
      }
      w.put("}");
    });
  }
  const Writer::Locals locals = locals_of(types, iface.uses, iface.types);
  const auto methods = by_resource(iface.functions);
  auto function = [&](const WitFunction& f) {
    line([&](Writer& w) {
      w.set_locals(&locals);
      w.put(f.name);
      w.put(": ");
      w.func(f.type);
    });
  };
  for (const WitTypeDef& t : iface.types) {
    if (total > kMaxWitText) break;
    line([&](Writer& w) {
      w.set_locals(&locals);
      w.put(to_string(t.kind));
      w.put(" ");
      w.put(t.name);
      if (t.kind == WitTypeDefKind::Alias) {
        w.put(" = ");
        w.type(t.type);
      } else if (t.kind != WitTypeDefKind::Resource) {
        w.body(types[t.type], false);
      }
    });
    if (t.kind == WitTypeDefKind::Resource)
      if (auto it = methods.find(t.name); it != methods.end())
        for (const WitFunction* f : it->second) function(*f);
  }
  for (const WitFunction& f : iface.functions)
    if (f.kind == WitFuncKind::Free && total <= kMaxWitText) function(f);
  return lines;
}

std::string format_world(const TypeGraph& types, const WitWorld& world) {
  Writer w(types, true);
  write_world(w, types, world, "");
  return w.take();
}

std::string format_package(const TypeGraph& types, const WitPackage& package) {
  Writer w(types, true);
  w.put("package ");
  write_package_name(w, package);
  w.put(";\n\n");
  write_package_items(w, types, package, "");
  return w.take();
}

std::string format_packages(const TypeGraph& types, const std::vector<const WitPackage*>& packages) {
  Writer w(types, true);
  bool first = true;
  for (const WitPackage* p : packages) {
    if (!first) w.put("\n");
    first = false;
    w.put("package ");
    write_package_name(w, *p);
    w.put(" {\n");
    write_package_items(w, types, *p, "  ");
    w.put("}\n");
  }
  return w.take();
}

std::string format_model(const WitModel& model) {
  std::vector<const WitPackage*> all;
  for (const auto& p : model.packages) all.push_back(p.get());
  return format_packages(model.types, all);
}

}  // namespace astrid
