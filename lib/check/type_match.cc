#include "check/type_match.h"

#include <fmt/format.h>

#include <unordered_set>
#include <vector>

namespace astrid {
namespace {

// Names from the capsule are untrusted and may be long: a message lists a
// few, each cut short (reports escape them when they print).
constexpr size_t kListedNames = 3;
constexpr size_t kNameText = 64;
constexpr size_t kTypeText = 160;

std::string cut(std::string_view name) {
  if (name.size() <= kNameText) return std::string(name);
  return std::string(name.substr(0, kNameText)) + "…";
}

bool is_handle(TypeKind kind) { return kind == TypeKind::Own || kind == TypeKind::Borrow; }

std::string plural(size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

// "record spawn-request", or "record" when the kernel's type has no name.
std::string label(const TypeNode& host) {
  if (host.name.empty()) return std::string(to_string(host.kind));
  return fmt::format("{} {}", to_string(host.kind), host.name);
}

// " (missing a, b; extra c)": which member names one side has and the
// other lacks, a few of each.
std::string member_names_apart(const TypeNode& capsule, const TypeNode& host) {
  auto only_in = [](const TypeNode& a, const TypeNode& b) {
    std::unordered_set<std::string_view> names;
    for (const TypeMember& m : b.members) names.insert(m.name);
    std::vector<std::string> out;
    size_t more = 0;
    for (const TypeMember& m : a.members) {
      if (names.count(m.name)) continue;
      if (out.size() < kListedNames)
        out.push_back(cut(m.name));
      else
        ++more;
    }
    if (more) out.push_back(fmt::format("{} more", more));
    return out;
  };
  const std::vector<std::string> missing = only_in(host, capsule), extra = only_in(capsule, host);
  std::vector<std::string> parts;
  if (!missing.empty()) parts.push_back(fmt::format("missing {}", fmt::join(missing, ", ")));
  if (!extra.empty()) parts.push_back(fmt::format("extra {}", fmt::join(extra, ", ")));
  if (parts.empty()) return {};
  return fmt::format(" ({})", fmt::join(parts, "; "));
}

class Matcher {
 public:
  explicit Matcher(const TypeSides& sides) : s_(sides) {}

  std::optional<std::string> type(TypeRef c, TypeRef h) {
    const TypeNode& C = s_.capsule[c];
    const TypeNode& H = s_.host[h];
    if (C.kind != H.kind && !(is_handle(C.kind) && is_handle(H.kind))) return differ(c, h);
    switch (H.kind) {
      case TypeKind::Record: return members(C, H, "field", true);
      case TypeKind::Variant: return members(C, H, "case", true);
      case TypeKind::Enum: return members(C, H, "case", false);
      case TypeKind::Flags: return members(C, H, "flag", false);
      case TypeKind::Tuple: {
        if (C.members.size() != H.members.size())
          return fmt::format("tuple: the kernel's has {}, the capsule's {}", plural(H.members.size(), "element"),
                             C.members.size());
        for (size_t i = 0; i < H.members.size(); ++i)
          if (auto d = type(*C.members[i].type, *H.members[i].type))
            return fmt::format("tuple element {}: {}", i + 1, *d);
        return std::nullopt;
      }
      case TypeKind::FixedList:
        if (C.length != H.length)
          return fmt::format("the kernel's is a list of {}, the capsule's of {}", H.length, C.length);
        [[fallthrough]];
      case TypeKind::List: return inner("list element", C.element, H.element, c, h);
      case TypeKind::Option: return inner("option", C.element, H.element, c, h);
      case TypeKind::Stream: return inner("stream element", C.element, H.element, c, h);
      case TypeKind::Future: return inner("future value", C.element, H.element, c, h);
      case TypeKind::Result: {
        if (auto d = inner("result ok", C.element, H.element, c, h)) return d;
        return inner("result error", C.error, H.error, c, h);
      }
      case TypeKind::Own:
      case TypeKind::Borrow: return type(*C.element, *H.element);
      case TypeKind::Resource: {
        // The host's resource is its (interface, name); the capsule's is
        // the one exported fresh by one of its instance imports, which must
        // resolve to that interface on this release.
        const auto owner = C.owner.empty() ? std::nullopt : s_.resolve(C.owner);
        if (owner && *owner == H.owner && C.name == H.name) return std::nullopt;
        return fmt::format("the kernel's is resource {} of {}, the capsule's resource {}{}", H.name, H.owner,
                           cut(C.name), C.owner.empty() ? "" : " of " + cut(C.owner));
      }
      default: return std::nullopt;  // primitives: the kinds are the types
    }
  }

  std::optional<std::string> func(const FuncType& c, const FuncType& h) {
    if (c.async != h.async)
      return std::string(c.async ? "the capsule's is declared async; the kernel's host functions are synchronous"
                                 : "the kernel's is async, the capsule's synchronous");
    if (c.params.size() != h.params.size())
      return fmt::format("the kernel's takes {}, the capsule's {}", plural(h.params.size(), "parameter"),
                         c.params.size());
    for (size_t i = 0; i < h.params.size(); ++i)
      if (auto d = type(c.params[i].type, h.params[i].type))
        return fmt::format("parameter {} ({}): {}", i + 1, h.params[i].name, *d);
    if (c.results.size() != h.results.size()) {
      if (h.results.empty()) return std::string("the kernel's returns nothing, the capsule's a value");
      if (c.results.empty())
        return fmt::format("the kernel's returns {}, the capsule's nothing",
                           format_type(s_.host, h.results[0].type, kTypeText));
      return fmt::format("the kernel's returns {}, the capsule's {}", plural(h.results.size(), "value"),
                         c.results.size());
    }
    for (size_t i = 0; i < h.results.size(); ++i)
      if (auto d = type(c.results[i].type, h.results[i].type))
        return h.results.size() == 1 ? fmt::format("result: {}", *d) : fmt::format("result {}: {}", i + 1, *d);
    return std::nullopt;
  }

 private:
  // A named compound type is written with its kind ("variant error-code"),
  // so that two types of one name but different kinds read apart.
  static std::string shown(const TypeGraph& g, TypeRef r) {
    const TypeNode& n = g[r];
    const std::string text = format_type(g, r, kTypeText);
    if (n.name.empty() || is_primitive(n.kind) || is_handle(n.kind) || n.kind == TypeKind::Resource) return text;
    return fmt::format("{} {}", to_string(n.kind), text);
  }

  std::string differ(TypeRef c, TypeRef h) const {
    return fmt::format("the kernel's is {}, the capsule's {}", shown(s_.host, h), shown(s_.capsule, c));
  }

  // An element on both sides or on neither (a result's `_`, a stream of
  // nothing), and then the same.
  std::optional<std::string> inner(std::string_view what, const std::optional<TypeRef>& c,
                                   const std::optional<TypeRef>& h, TypeRef cr, TypeRef hr) {
    if (c.has_value() != h.has_value()) return differ(cr, hr);
    if (!c) return std::nullopt;
    if (auto d = type(*c, *h)) return fmt::format("{}: {}", what, *d);
    return std::nullopt;
  }

  // Records, variants, enums and flags: the same number of members, the
  // same names in the same order, and (records, variants) the same types.
  std::optional<std::string> members(const TypeNode& C, const TypeNode& H, std::string_view member, bool typed) {
    if (C.members.size() != H.members.size())
      return fmt::format("{}: the kernel's has {}, the capsule's {}{}", label(H), plural(H.members.size(), member),
                         C.members.size(), member_names_apart(C, H));
    for (size_t i = 0; i < H.members.size(); ++i) {
      const TypeMember &cm = C.members[i], &hm = H.members[i];
      if (cm.name != hm.name)
        return fmt::format("{}: {} {}: the kernel's is named {}, the capsule's {}", label(H), member, i + 1, hm.name,
                           cut(cm.name));
      if (!typed) continue;
      if (cm.type.has_value() != hm.type.has_value())
        return fmt::format("{}: {} {}: the kernel's {}, the capsule's {}", label(H), member, hm.name,
                           hm.type ? "carries " + format_type(s_.host, *hm.type, kTypeText) : "carries nothing",
                           cm.type ? format_type(s_.capsule, *cm.type, kTypeText) : "nothing");
      if (!hm.type) continue;
      if (auto d = type(*cm.type, *hm.type)) return fmt::format("{}: {} {}: {}", label(H), member, hm.name, *d);
    }
    return std::nullopt;
  }

  const TypeSides& s_;
};

}  // namespace

std::optional<TypeDifference> compare_func(const TypeSides& sides, const FuncType& capsule, const FuncType& host) {
  if (auto d = Matcher(sides).func(capsule, host)) return TypeDifference{std::move(*d)};
  return std::nullopt;
}

}  // namespace astrid
