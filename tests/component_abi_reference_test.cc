// Compares the component-era ABI data (lib/abi/component_abi*) with the
// reference's machine-readable tables, row by row:
//
// component-abi.tsv: every (release, interface) is registered; every item
// is there, of the same kind, in the same order, printed the same (our
// listing against the `signature` column, aliases expanded); every
// function has the same `structural` form (this file writes our TypeGraph
// in that notation), the same gate (the reference's wording read into a
// HostGate by the table below) and the same runtime note; and nothing in
// our data is missing from the table.
//
// component-abi-compat.tsv: for every row, what the import resolves to on
// each kernel (resolves_to_per_kernel), and the kernels it links on
// (links_on), computed from our data: the function must exist where the
// name resolves, with the same structure up to parameter names and
// own/borrow (reference 3.3). Then the link check's own comparison
// (check/type_match.h, which the component check uses) must give the same
// links_on for the built-against function, as a capsule would import it.
//
// Exit 77 (skipped) when the tables are not there.
#include <fmt/format.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "abi/component_abi.h"
#include "abi/wit_format.h"
#include "check/type_match.h"

using namespace astrid;

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (ok) return;
  if (++failures <= 60) fmt::print(stderr, "MISMATCH: {}\n", what);
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, sep)) out.push_back(cell);
  if (!line.empty() && line.back() == sep) out.emplace_back();
  return out;
}

std::optional<std::vector<std::vector<std::string>>> read_tsv(const std::string& path, size_t columns) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    auto cells = split(line, '\t');
    cells.resize(columns);
    rows.push_back(std::move(cells));
  }
  return rows;
}

// --- our types in the table's `structural` notation

struct Notation {
  bool names = true;           // parameter names
  bool handles_alike = false;  // own<R> and borrow<R> written the same (the link check's latitude)
};

class Structural {
 public:
  Structural(const TypeGraph& g, Notation n) : g_(g), n_(n) {}

  std::string type(TypeRef ref) const {
    const TypeNode& t = g_[ref];
    if (is_primitive(t.kind)) return std::string(to_string(t.kind));
    auto members = [&](bool typed, bool variant) {
      std::string out;
      for (const TypeMember& m : t.members) {
        if (!out.empty()) out += ",";
        out += m.name;
        if (typed && m.type) out += variant ? "(" + type(*m.type) + ")" : ":" + type(*m.type);
      }
      return "{" + out + "}";
    };
    switch (t.kind) {
      case TypeKind::Record: return "record" + members(true, false);
      case TypeKind::Variant: return "variant" + members(true, true);
      case TypeKind::Enum: return "enum" + members(false, false);
      case TypeKind::Flags: return "flags" + members(false, false);
      case TypeKind::Tuple: {
        std::string out;
        for (const TypeMember& m : t.members) out += (out.empty() ? "" : ",") + type(*m.type);
        return "tuple<" + out + ">";
      }
      case TypeKind::List: return "list<" + type(*t.element) + ">";
      case TypeKind::FixedList: return fmt::format("list<{},{}>", type(*t.element), t.length);
      case TypeKind::Option: return "option<" + type(*t.element) + ">";
      case TypeKind::Result:
        if (!t.element && !t.error) return "result";
        return "result<" + (t.element ? type(*t.element) : "_") + (t.error ? "," + type(*t.error) : "") + ">";
      case TypeKind::Own: return "own<" + g_[*t.element].name + ">";
      case TypeKind::Borrow: return (n_.handles_alike ? "own<" : "borrow<") + g_[*t.element].name + ">";
      case TypeKind::Stream: return t.element ? "stream<" + type(*t.element) + ">" : "stream";
      case TypeKind::Future: return t.element ? "future<" + type(*t.element) + ">" : "future";
      case TypeKind::Resource: return g_[ref].name;
      default: return "?";
    }
  }

  std::string func(const FuncType& f) const {
    std::string params;
    for (const FuncParam& p : f.params) {
      if (!params.empty()) params += ",";
      if (n_.names) params += p.name + ":";
      params += type(p.type);
    }
    std::string out = (f.async ? "async func(" : "func(") + params + ")";
    if (!f.results.empty()) out += "->" + type(f.results[0].type);
    return out;
  }

 private:
  const TypeGraph& g_;
  Notation n_;
};

// --- the reference's gate wording, read

HostGate interpret_gate(const std::string& text, bool& known) {
  using C = ComponentCapability;
  using M = EntryMatch;
  auto need = [](C c, M m, std::optional<C> fallback = std::nullopt) {
    return GateNeed{c, m, IdentityLevel::None, fallback};
  };
  auto gate = [](std::vector<GateNeed> needs, uint8_t checks = 0) {
    return HostGate{GateKind::Capabilities, std::move(needs), checks};
  };
  auto identity = [](IdentityLevel l) {
    return HostGate{GateKind::Capabilities, {GateNeed{C::Identity, M::IdentityLevel, l, std::nullopt}}, 0};
  };
  // Every wording the table uses, and what it means (reference section 6).
  static const std::map<std::string, HostGate> kMeaning = {
      {"-", HostGate{}},
      {"fs_read", gate({need(C::FsRead, M::FsPath)})},
      {"fs_write", gate({need(C::FsWrite, M::FsPath)})},
      {"net (host allowlist)", gate({need(C::Net, M::Unspecified)})},
      {"net (host allowlist: exact, subdomain, or *) + SSRF airlock",
       gate({need(C::Net, M::HostAllowlist)}, kSsrfAirlock)},
      {"net (host allowlist: exact, subdomain, or *) + SSRF airlock + scheme http/https",
       gate({need(C::Net, M::HostAllowlist)}, kSsrfAirlock | kHttpSchemes)},
      {"host_process", gate({need(C::HostProcess, M::Unspecified)})},
      {"host_process (cmd equals an entry, or starts with entry plus a space)",
       gate({need(C::HostProcess, M::Command)})},
      // The same host_process test as spawn's (section 6: "host_process and
      // allow_persistent = true").
      {"host_process + allow_persistent", gate({need(C::HostProcess, M::Command), need(C::AllowPersistent, M::Flag)})},
      {"identity: resolve|link|admin", identity(IdentityLevel::Resolve)},
      {"identity: link|admin", identity(IdentityLevel::Link)},
      {"identity: admin", identity(IdentityLevel::Admin)},
      {"capabilities.uplink=true", gate({need(C::Uplink, M::Flag)})},
      {"capabilities.uplink=true + [publish] keys",
       gate({need(C::Uplink, M::Flag), need(C::Publish, M::TopicPattern)})},
      {"capabilities.uplink=true + [publish]/ipc_publish",
       gate({need(C::Uplink, M::Flag), need(C::Publish, M::TopicPattern, C::IpcPublish)})},
      {"uplink=true + publish ACL", gate({need(C::Uplink, M::Flag), need(C::Publish, M::TopicPattern, C::IpcPublish)})},
      {"[publish] keys", gate({need(C::Publish, M::TopicPattern)})},
      {"[publish] keys (fallback capabilities.ipc_publish when [publish] empty)",
       gate({need(C::Publish, M::TopicPattern, C::IpcPublish)})},
      {"[publish] keys, else ipc_publish", gate({need(C::Publish, M::TopicPattern, C::IpcPublish)})},
      {"[subscribe] keys", gate({need(C::Subscribe, M::TopicPattern)})},
      {"[subscribe] keys (fallback capabilities.ipc_subscribe when [subscribe] empty)",
       gate({need(C::Subscribe, M::TopicPattern, C::IpcSubscribe)})},
      {"[subscribe] keys, else ipc_subscribe", gate({need(C::Subscribe, M::TopicPattern, C::IpcSubscribe)})},
      {"always capability-denied", HostGate{GateKind::AlwaysDenied, {}, 0}},
      {"net_bind: any non-empty entry", gate({need(C::NetBind, M::AnyEntry)})},
      {"net_bind (any non-empty entry)", gate({need(C::NetBind, M::AnyEntry)})},
      {"net_bind: an entry starting unix:", gate({need(C::NetBind, M::UnixEntry)})},
      {"net_bind host:port or host:* + loopback-only", gate({need(C::NetBind, M::HostPort)}, kLoopbackOnly)},
      {"net_connect host:port or host:* + SSRF airlock", gate({need(C::NetConnect, M::HostPort)}, kSsrfAirlock)},
      {"net_connect with port 0 (host:* or host:0)", gate({need(C::NetConnect, M::HostAnyPort)})},
      {"only inside astrid-install/astrid-upgrade", HostGate{GateKind::LifecycleOnly, {}, 0}},
      {"only inside astrid-install/astrid-upgrade (else not-in-lifecycle)", HostGate{GateKind::LifecycleOnly, {}, 0}},
  };
  auto it = kMeaning.find(text);
  known = it != kMeaning.end();
  return known ? it->second : HostGate{};
}

// The table's signatures name aliases (`id: process-id`); ours expand them.
std::string expand_aliases(const std::string& text, const std::map<std::string, std::string>& aliases) {
  if (aliases.empty()) return text;
  std::string out;
  size_t i = 0;
  auto word_char = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; };
  while (i < text.size()) {
    if (!word_char(text[i])) {
      out += text[i++];
      continue;
    }
    size_t j = i;
    while (j < text.size() && word_char(text[j])) ++j;
    const std::string word = text.substr(i, j - i);
    const bool is_name = j < text.size() && text[j] == ':';  // a field or parameter name
    auto it = aliases.find(word);
    out += it != aliases.end() && !is_name ? it->second : word;
    i = j;
  }
  return out;
}

struct Row {
  std::string release, interface, kind, item, signature, structural, gate, note;
};

std::string_view func_kind(WitFuncKind k) { return k == WitFuncKind::Free ? "func" : "method"; }

void check_abi(const std::vector<std::vector<std::string>>& table) {
  std::map<std::pair<std::string, std::string>, std::vector<Row>> by_interface;
  std::set<std::string> unknown_gates;
  for (const auto& cells : table) {
    Row r{cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7]};
    by_interface[{r.release, r.interface}].push_back(r);
  }
  expect(table.size() == 4209, fmt::format("component-abi.tsv has {} rows, the reference says 4,209", table.size()));
  size_t compared_functions = 0;

  for (const auto& [key, rows] : by_interface) {
    const auto& [release_name, instance] = key;
    const ComponentRelease* release = find_component_release(release_name);
    expect(release != nullptr, "unknown release " + release_name);
    if (!release) continue;
    const HostInterface* host = host_interface(*release, instance);
    expect(host && host->wit, fmt::format("{}: {} is not registered (typed)", release_name, instance));
    if (!host || !host->wit) continue;
    const WitInterface& wit = *host->wit;
    const TypeGraph& g = component_abi_types();
    const std::string where = release_name + " " + instance;

    std::map<std::string, std::string> aliases;
    for (const Row& r : rows)
      if (r.kind == "type") aliases[r.item] = r.signature.substr(r.signature.find(" = ") + 3);

    // The whole listing, in order: names, kinds, types, declaration order.
    std::vector<std::string> documented;
    for (const Row& r : rows)
      if (r.kind != "interface")
        documented.push_back(r.kind == "type" ? r.signature : expand_aliases(r.signature, aliases));
    const std::vector<std::string> ours = interface_listing(g, wit);
    if (documented != ours) {
      for (size_t i = 0; i < std::max(documented.size(), ours.size()); ++i) {
        const std::string d = i < documented.size() ? documented[i] : "(nothing)";
        const std::string o = i < ours.size() ? ours[i] : "(nothing)";
        if (d != o) {
          expect(false, fmt::format("{} item {}:\n  reference: {}\n  data:      {}", where, i + 1, d, o));
          break;
        }
      }
    }

    std::set<std::string> documented_functions, documented_types, documented_uses;
    for (const Row& r : rows) {
      const std::string what = fmt::format("{} {} {}", where, r.kind, r.item);
      if (r.kind == "interface") {
        expect(r.item == instance, what);
      } else if (r.kind == "use") {
        documented_uses.insert(r.signature);
        bool found = false;
        for (const WitUse& u : wit.uses) {
          std::string locals, names;
          for (const WitUse::Name& n : u.names) {
            locals += (locals.empty() ? "" : ",") + n.local;
            names += (names.empty() ? "" : ", ") + n.name;
          }
          found = found || (locals == r.item && r.signature == fmt::format("use {}.{{{}}}", u.from->full_name, names));
        }
        expect(found, what + ": no such use");
      } else if (r.kind == "func" || r.kind == "method") {
        documented_functions.insert(r.item);
        const WitFunction* f = wit.find_function(r.item);
        expect(f != nullptr, what + ": missing");
        if (!f) continue;
        ++compared_functions;
        expect(func_kind(f->kind) == r.kind, what + ": kind");
        const std::string structural = Structural(g, {}).func(f->type);
        expect(structural == r.structural,
               fmt::format("{}: structural\n  reference: {}\n  data:      {}", what, r.structural, structural));
        bool known = false;
        const HostGate documented_gate = interpret_gate(r.gate, known);
        if (!known) unknown_gates.insert(r.gate);
        const HostGate& gate = host_gate(*release, instance, r.item);
        expect(!known || gate == documented_gate,
               fmt::format("{}: gate\n  reference: {}\n  data:      {}", what, r.gate, describe(gate)));
        const auto note = runtime_note(*release, instance, r.item);
        expect(std::string(note ? note->text : "") == r.note,
               fmt::format("{}: runtime note\n  reference: {}\n  data:      {}", what, r.note, note ? note->text : ""));
      } else {
        documented_types.insert(r.item);
        const WitTypeDef* t = wit.find_typedef(r.item);
        expect(t != nullptr, what + ": missing");
        if (!t) continue;
        expect(std::string(to_string(t->kind)) == r.kind, fmt::format("{}: kind {}", what, to_string(t->kind)));
        if (r.kind != "resource" && r.kind != "type")
          expect(format_definition(g, t->type, 100000) == expand_aliases(r.signature, aliases), what + ": definition");
        if (t->kind == WitTypeDefKind::Resource) expect(g[t->type].owner == instance, what + ": resource owner");
      }
    }
    // Nothing of ours the table lacks.
    for (const WitFunction& f : wit.functions)
      expect(documented_functions.count(f.name), fmt::format("{}: {} is not in the reference", where, f.name));
    for (const WitTypeDef& t : wit.types)
      expect(documented_types.count(t.name), fmt::format("{}: type {} is not in the reference", where, t.name));
    expect(documented_uses.size() == wit.uses.size(), where + ": use statements");
  }
  for (const std::string& g : unknown_gates) expect(false, "the reference's gate \"" + g + "\" is not interpreted");

  // Every typed instance of every release is in the table.
  for (const ComponentRelease& r : component_releases())
    for (std::string_view name : registered_instances(r)) {
      const HostInterface* h = host_interface(r, name);
      if (h && h->wit)
        expect(by_interface.count({std::string(r.name), std::string(name)}),
               fmt::format("{} {} is not in the reference", r.name, name));
    }
  expect(compared_functions == 1208 + 1315, fmt::format("{} functions compared", compared_functions));
}

void check_compat(const std::vector<std::vector<std::string>>& table) {
  expect(table.size() == 723,
         fmt::format("component-abi-compat.tsv has {} rows, the reference says 723", table.size()));
  const TypeGraph& g = component_abi_types();
  const Structural linking(g, {false, true});
  for (const auto& cells : table) {
    const std::string& built = cells[0];
    const std::string& import = cells[1];
    const std::string& item = cells[2];
    const std::string what = fmt::format("compat {} {} {}", built, import, item);
    // What the capsule's WIT says: the kernel's at the release it was built against.
    const ComponentRelease* against = find_component_release(built);
    expect(against != nullptr, what + ": unknown release");
    if (!against) continue;
    const HostInterface* own = host_interface(*against, import);
    const WitFunction* expected = own ? own->find_function(item) : nullptr;
    expect(expected != nullptr, what + ": not in the data of the release built against");
    if (!expected) continue;
    const std::string wanted = linking.func(expected->type);

    std::string resolves;
    std::vector<const ComponentRelease*> links, matched;
    for (const ComponentRelease& k : component_releases()) {
      const auto name = resolve_instance_name(k, import);
      resolves +=
          fmt::format("{}{}={}", resolves.empty() ? "" : " ", k.name, name ? name->substr(name->rfind('@') + 1) : "-");
      const HostInterface* host = resolve_instance(k, import);
      const WitFunction* f = host ? host->find_function(item) : nullptr;
      if (f && linking.func(f->type) == wanted) links.push_back(&k);
      // The capsule's type is the built-against one; its resources belong
      // to the instances it imports them from, which the ABI's graph names
      // as their owners.
      const TypeSides sides{g, g, [&k](std::string_view owner) { return resolve_instance_name(k, owner); }};
      if (f && !compare_func(sides, expected->type, f->type)) matched.push_back(&k);
    }
    expect(describe_releases(matched) == cells[4],
           fmt::format("{}: the link check's comparison\n  reference: {}\n  check:     {}", what, cells[4],
                       describe_releases(matched)));
    expect(resolves == cells[3],
           fmt::format("{}: resolves\n  reference: {}\n  data:      {}", what, cells[3], resolves));
    expect(describe_releases(links) == cells[4],
           fmt::format("{}: links on\n  reference: {}\n  data:      {}", what, cells[4], describe_releases(links)));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::string dir = argv[1];
  const auto abi = read_tsv(dir + "/component-abi.tsv", 8);
  const auto compat = read_tsv(dir + "/component-abi-compat.tsv", 5);
  if (!abi || !compat) {
    fmt::print("skipped: no component-abi.tsv and component-abi-compat.tsv in {}\n", dir);
    return 77;
  }
  check_abi(*abi);
  check_compat(*compat);
  if (failures) {
    fmt::print(stderr, "{} mismatches with the tables in {}\n", failures, dir);
    return 1;
  }
  fmt::print("the component ABI data matches every row of the tables in {} ({} + {} rows)\n", dir, abi->size(),
             compat->size());
  return 0;
}
