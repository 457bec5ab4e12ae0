#include "wasm/component_types.h"

#include <algorithm>

namespace astrid {
namespace {

constexpr TypeKind kPrimitives[] = {TypeKind::Bool, TypeKind::S8,  TypeKind::U8,     TypeKind::S16,
                                    TypeKind::U16,  TypeKind::S32, TypeKind::U32,    TypeKind::S64,
                                    TypeKind::U64,  TypeKind::F32, TypeKind::F64,    TypeKind::Char,
                                    TypeKind::String, TypeKind::ErrorContext};

bool has_members(TypeKind kind) {
  return kind == TypeKind::Record || kind == TypeKind::Variant || kind == TypeKind::Enum ||
         kind == TypeKind::Flags;
}

// Writes WIT text into `out`, stopping once it is longer than `max`: every
// node visited writes at least one byte, so a walk costs at most about
// `max` visits, whatever the shape of the graph.
class Writer {
 public:
  Writer(const TypeGraph& graph, size_t max) : graph_(graph), max_(max) {}

  bool full() const { return out_.size() > max_; }
  void put(std::string_view text) {
    if (!full()) out_.append(text);
  }

  void type(TypeRef ref) {
    if (full()) return;
    const TypeNode& node = graph_[ref];
    if (is_primitive(node.kind)) return put(to_string(node.kind));
    if (node.kind == TypeKind::Resource) return put(node.name.empty() ? "resource" : node.name);
    if (has_members(node.kind) && !node.name.empty()) return put(node.name);
    switch (node.kind) {
      case TypeKind::Own: return type(*node.element);
      case TypeKind::Borrow: return wrapped("borrow", node.element);
      case TypeKind::List: return wrapped("list", node.element);
      case TypeKind::Option: return wrapped("option", node.element);
      case TypeKind::Stream: return node.element ? wrapped("stream", node.element) : put("stream");
      case TypeKind::Future: return node.element ? wrapped("future", node.element) : put("future");
      case TypeKind::FixedList:
        put("list<");
        type(*node.element);
        put(", " + std::to_string(node.length) + ">");
        return;
      case TypeKind::Result:
        if (!node.element && !node.error) return put("result");
        put("result<");
        if (node.element) type(*node.element);
        else put("_");
        if (node.error) {
          put(", ");
          type(*node.error);
        }
        put(">");
        return;
      case TypeKind::Tuple:
        put("tuple<");
        for (size_t i = 0; i < node.members.size() && !full(); ++i) {
          if (i) put(", ");
          type(*node.members[i].type);
        }
        put(">");
        return;
      default:  // an anonymous record, variant, enum or flags
        put(to_string(node.kind));
        return body(node);
    }
  }

  // What follows the keyword (and name) of a record, variant, enum or
  // flags: " { a: u32, b: string }", " { a, b }".
  void body(const TypeNode& node) {
    put(" { ");
    for (size_t i = 0; i < node.members.size() && !full(); ++i) {
      if (i) put(", ");
      const TypeMember& m = node.members[i];
      put(m.name);
      if (!m.type) continue;
      put(node.kind == TypeKind::Variant ? "(" : ": ");
      type(*m.type);
      if (node.kind == TypeKind::Variant) put(")");
    }
    put(node.members.empty() ? "}" : " }");
  }

  void definition(TypeRef ref) {
    const TypeNode& node = graph_[ref];
    if (!has_members(node.kind)) return type(ref);
    put(to_string(node.kind));
    if (!node.name.empty()) {
      put(" ");
      put(node.name);
    }
    body(node);
  }

  void func(const FuncType& f) {
    if (f.async) put("async ");
    put("func(");
    for (size_t i = 0; i < f.params.size() && !full(); ++i) {
      if (i) put(", ");
      put(f.params[i].name);
      put(": ");
      type(f.params[i].type);
    }
    put(")");
    if (f.results.empty()) return;
    put(" -> ");
    if (f.results.size() == 1 && f.results[0].name.empty()) return type(f.results[0].type);
    put("(");
    for (size_t i = 0; i < f.results.size() && !full(); ++i) {
      if (i) put(", ");
      put(f.results[i].name);
      put(": ");
      type(f.results[i].type);
    }
    put(")");
  }

  std::string take() {
    if (!full()) return std::move(out_);
    // Cut on a character boundary: names may hold any UTF-8.
    size_t cut = max_;
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
  size_t max_;
  std::string out_;
};

}  // namespace

std::string_view to_string(TypeKind kind) {
  switch (kind) {
    case TypeKind::Bool: return "bool";
    case TypeKind::S8: return "s8";
    case TypeKind::U8: return "u8";
    case TypeKind::S16: return "s16";
    case TypeKind::U16: return "u16";
    case TypeKind::S32: return "s32";
    case TypeKind::U32: return "u32";
    case TypeKind::S64: return "s64";
    case TypeKind::U64: return "u64";
    case TypeKind::F32: return "f32";
    case TypeKind::F64: return "f64";
    case TypeKind::Char: return "char";
    case TypeKind::String: return "string";
    case TypeKind::ErrorContext: return "error-context";
    case TypeKind::Record: return "record";
    case TypeKind::Variant: return "variant";
    case TypeKind::Enum: return "enum";
    case TypeKind::Flags: return "flags";
    case TypeKind::Tuple: return "tuple";
    case TypeKind::List: return "list";
    case TypeKind::FixedList: return "list";
    case TypeKind::Option: return "option";
    case TypeKind::Result: return "result";
    case TypeKind::Own: return "own";
    case TypeKind::Borrow: return "borrow";
    case TypeKind::Stream: return "stream";
    case TypeKind::Future: return "future";
    case TypeKind::Resource: return "resource";
  }
  return "?";
}

bool is_primitive(TypeKind kind) { return kind <= TypeKind::ErrorContext; }

TypeGraph::TypeGraph() {
  for (TypeKind kind : kPrimitives) nodes_.push_back(TypeNode{kind});
}

TypeRef TypeGraph::primitive(TypeKind kind) const { return static_cast<TypeRef>(kind); }

bool TypeGraph::valid_refs(const TypeNode& node) const {
  auto ok = [&](const std::optional<TypeRef>& ref) { return !ref || contains(*ref); };
  return ok(node.element) && ok(node.error) &&
         std::all_of(node.members.begin(), node.members.end(), [&](const TypeMember& m) { return ok(m.type); });
}

TypeRef TypeGraph::add(TypeNode node) {
  uint32_t deepest = 0;
  auto visit = [&](const std::optional<TypeRef>& ref) {
    if (ref) deepest = std::max(deepest, nodes_[*ref].depth);
  };
  visit(node.element);
  visit(node.error);
  for (const TypeMember& m : node.members) visit(m.type);
  node.depth = deepest + 1;
  nodes_.push_back(std::move(node));
  return static_cast<TypeRef>(nodes_.size() - 1);
}

std::string format_type(const TypeGraph& graph, TypeRef ref, size_t max_length) {
  Writer w(graph, max_length);
  w.type(ref);
  return w.take();
}

std::string format_definition(const TypeGraph& graph, TypeRef ref, size_t max_length) {
  Writer w(graph, max_length);
  w.definition(ref);
  return w.take();
}

std::string format_func(const TypeGraph& graph, const FuncType& func, size_t max_length) {
  Writer w(graph, max_length);
  w.func(func);
  return w.take();
}

}  // namespace astrid
