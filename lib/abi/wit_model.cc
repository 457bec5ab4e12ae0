#include "abi/wit_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace astrid {

std::string WitError::to_string() const {
  if (place.line == 0) return fmt::format("{}: {}", place.file, message);
  return fmt::format("{}:{}:{}: {}", place.file, place.line, place.column, message);
}

std::string_view to_string(WitTypeDefKind kind) {
  switch (kind) {
    case WitTypeDefKind::Alias: return "type";
    case WitTypeDefKind::Record: return "record";
    case WitTypeDefKind::Variant: return "variant";
    case WitTypeDefKind::Enum: return "enum";
    case WitTypeDefKind::Flags: return "flags";
    case WitTypeDefKind::Resource: return "resource";
  }
  return "?";
}

const WitFunction* WitInterface::find_function(std::string_view component_name) const {
  for (const WitFunction& f : functions)
    if (f.name == component_name) return &f;
  return nullptr;
}

const WitTypeDef* WitInterface::find_typedef(std::string_view type_name) const {
  for (const WitTypeDef& t : types)
    if (t.name == type_name) return &t;
  return nullptr;
}

std::optional<TypeRef> WitInterface::find_type(std::string_view type_name) const {
  if (const WitTypeDef* t = find_typedef(type_name)) return t->type;
  for (const WitUse& u : uses)
    for (const WitUse::Name& n : u.names)
      if (n.local == type_name) return n.type;
  return std::nullopt;
}

std::vector<const WitInterface*> WitInterface::dependencies() const {
  std::vector<const WitInterface*> out;
  std::set<const WitInterface*> seen;
  for (const WitUse& u : uses)
    if (seen.insert(u.from).second) out.push_back(u.from);
  return out;
}

const WitWorldItem* WitWorld::find_import(std::string_view item) const {
  for (const WitWorldItem& i : imports)
    if (i.name == item) return &i;
  return nullptr;
}

const WitWorldItem* WitWorld::find_export(std::string_view item) const {
  for (const WitWorldItem& i : exports)
    if (i.name == item) return &i;
  return nullptr;
}

std::string WitPackage::id() const {
  return version.empty() ? fmt::format("{}:{}", ns, name) : fmt::format("{}:{}@{}", ns, name, version);
}

std::string WitPackage::qualify(std::string_view item) const {
  return version.empty() ? fmt::format("{}:{}/{}", ns, name, item)
                         : fmt::format("{}:{}/{}@{}", ns, name, item, version);
}

const WitInterface* WitPackage::find_interface(std::string_view iface) const {
  for (const auto& i : interfaces)
    if (i->name == iface) return i.get();
  return nullptr;
}

const WitWorld* WitPackage::find_world(std::string_view world) const {
  for (const auto& w : worlds)
    if (w->name == world) return w.get();
  return nullptr;
}

const WitPackage* WitModel::find_package(std::string_view id) const {
  for (const auto& p : packages)
    if (p->id() == id) return p.get();
  return nullptr;
}

const WitInterface* WitModel::find_interface(std::string_view full_name) const {
  for (const auto& p : packages)
    for (const auto& i : p->interfaces)
      if (i->full_name == full_name) return i.get();
  return nullptr;
}

const WitWorld* WitModel::find_world(std::string_view full_name) const {
  for (const auto& p : packages)
    for (const auto& w : p->worlds)
      if (w->full_name == full_name) return w.get();
  return nullptr;
}

bool is_wit_keyword(std::string_view word) {
  // wit-parser's keywords (wasm-tools 1.2xx); `map` is one only in the
  // newest, and the reader accepts it as a name, as older ones did. Sorted:
  // every identifier the reader meets is looked up here.
  static constexpr std::string_view kKeywords[] = {
      "_",         "as",   "async", "bool",   "borrow", "char",    "constructor", "enum",     "error-context",
      "export",    "f32",  "f64",   "flags",  "from",   "func",    "future",      "import",   "include",
      "interface", "list", "map",   "option", "own",    "package", "record",      "resource", "result",
      "s16",       "s32",  "s64",   "s8",     "static", "stream",  "string",      "tuple",    "type",
      "u16",       "u32",  "u64",   "u8",     "use",    "variant", "with",        "world",
  };
  static_assert(std::is_sorted(std::begin(kKeywords), std::end(kKeywords)));
  return std::binary_search(std::begin(kKeywords), std::end(kKeywords), word);
}

}  // namespace astrid
