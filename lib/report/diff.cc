#include "report/diff.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "abi/migration.h"
#include "report/caps.h"
#include "report/escape.h"
#include "report/paint.h"

namespace astrid {
namespace {

struct Side {
  bool javascript = false;  // chooses its syscalls at run time
  std::map<std::string, const Syscall*> syscalls;
  std::map<std::string, CapabilityNeed> needs;  // by need name ("identity: link" as "identity")
  std::set<std::pair<std::string, std::string>> grants;  // (capability key, value)
  std::map<std::string, Risk> grant_risk;
};

std::string grant_key(const Grant& g) {
  return g.capability == Capability::Uplink ? "[[uplink]]" : std::string(manifest_key(g.capability));
}

Side collect(const InputResult& result) {
  Side side;
  side.javascript = uses_shim(result);
  for (const FileResult& m : result.modules)
    if (const auto* r = std::get_if<Report>(&m.outcome))
      for (const SyscallUse& use : r->syscalls) side.syscalls.emplace(std::string(use.syscall->name), use.syscall);
  for (CapabilityNeed& n : capsule_needs(result)) side.needs.emplace(std::string(manifest_key(n.capability)), std::move(n));
  if (result.manifest_grants) {
    for (const Grant& g : *result.manifest_grants)
      for (const std::string& v : g.values) {
        side.grants.emplace(grant_key(g), v);
        side.grant_risk[grant_key(g)] = risk_of(g.capability, g.identity);
      }
  }
  return side;
}

// By risk (high first), then kind, added before removed, then name.
void sort_changes(std::vector<Change>& out) {
  std::stable_sort(out.begin(), out.end(), [](const Change& x, const Change& y) {
    return std::tuple(-static_cast<int>(x.risk), x.kind, !x.added, x.what) <
           std::tuple(-static_cast<int>(y.risk), y.kind, !y.added, y.what);
  });
}

// The component era's capabilities, ranked as the Extism era's are (the
// reference does not rank them): what reaches outside the capsule's own
// data, or acts for others, is high.
Risk component_risk(std::string_view key, IdentityLevel level) {
  if (key == "identity") return level >= IdentityLevel::Link ? Risk::High : Risk::Medium;
  if (key == "host_process" || key == "fs_write" || key == "net" || key == "net_connect" || key == "net_bind" ||
      key == "allow_persistent")
    return Risk::High;
  if (key == "fs_read" || key == "[publish]" || key == "[subscribe]" || key == "uplink") return Risk::Medium;
  return Risk::Low;
}

// A component's side: its host functions, what they need, its grants and
// the releases it links on.
struct ComponentSide {
  std::map<std::string, std::string> functions;  // "instance function" -> gate
  std::map<std::string, std::pair<std::string, IdentityLevel>> needs;  // key -> (description, level)
  std::set<std::pair<std::string, std::string>> grants;
  ReleaseSet links_on = 0;
};

ComponentSide collect_component(const InputResult& result, const ComponentSummary& s) {
  ComponentSide side;
  for (const HostFunctionUse& use : s.functions)
    side.functions.emplace(fmt::format("{} {}", use.instance, use.function),
                           use.gate.kind == GateKind::None ? std::string() : describe(use.gate));
  for (const ComponentGrantNeed& n : component_grant_needs(s)) {
    std::string key(manifest_key(n.need.capability));
    std::string what = key;
    if (n.need.capability == ComponentCapability::Identity) what = fmt::format("identity: {}", to_string(n.need.level));
    if (n.need.match == EntryMatch::UnixEntry) key += " unix:", what += " (unix:)";
    side.needs[key] = {what, n.need.level};
  }
  for (const auto& g : result.component_grants) side.grants.insert(g);
  side.links_on = s.links_on;
  return side;
}

std::vector<Change> diff_components(const InputResult& before, const ComponentSummary& sa, const InputResult& after,
                                    const ComponentSummary& sb) {
  const ComponentSide a = collect_component(before, sa), b = collect_component(after, sb);
  std::vector<Change> out;
  using K = Change::Kind;
  auto key_of = [](const std::string& k) { return k.substr(0, k.find(' ')); };
  for (const auto& [key, need] : b.needs) {
    auto old = a.needs.find(key);
    const Risk risk = component_risk(key_of(key), need.second);
    if (old == a.needs.end()) out.push_back({K::Capability, true, risk, need.first, ""});
    else if (old->second.second != need.second)
      out.push_back({K::Capability, need.second > old->second.second, risk, need.first, "was " + old->second.first});
  }
  for (const auto& [key, need] : a.needs)
    if (!b.needs.count(key)) out.push_back({K::Capability, false, component_risk(key_of(key), need.second), need.first, ""});
  for (const auto& [name, gate] : b.functions)
    if (!a.functions.count(name))
      out.push_back({K::Function, true, Risk::Low, name, gate.empty() ? "" : "gate: " + gate});
  for (const auto& [name, gate] : a.functions)
    if (!b.functions.count(name))
      out.push_back({K::Function, false, Risk::Low, name, gate.empty() ? "" : "gate: " + gate});
  for (const auto& g : b.grants)
    if (!a.grants.count(g))
      out.push_back({K::Grant, true, component_risk(g.first, IdentityLevel::Admin), fmt::format("{} \"{}\"", g.first, g.second), "in the manifest"});
  for (const auto& g : a.grants)
    if (!b.grants.count(g))
      out.push_back({K::Grant, false, component_risk(g.first, IdentityLevel::Admin), fmt::format("{} \"{}\"", g.first, g.second), "in the manifest"});
  for (const KernelRelease& k : kernel_releases()) {
    const bool was = a.links_on >> k.index & 1, is = b.links_on >> k.index & 1;
    if (was == is) continue;
    out.push_back({K::Kernel, is, Risk::Low, std::string(k.name), is ? "now links there" : "no longer links there"});
  }
  return out;
}

// The name a need or grant has in the component era: ipc_publish's
// topics are [publish] keys there.
std::string component_key(std::string key) {
  if (key == "ipc_publish") return "[publish]";
  if (key == "ipc_subscribe") return "[subscribe]";
  return key;
}

// An Extism-era build against its component port: each syscall paired with
// the function that replaces it (one Port change, not a syscall removed and
// a function added), then what is left on either side; needs and grants
// compared by their component-era names.
std::vector<Change> diff_port(const Side& a, const InputResult& after, const ComponentSummary& sb) {
  const ComponentSide b = collect_component(after, sb);
  std::vector<Change> out;
  using K = Change::Kind;
  std::set<std::string> paired;
  for (const auto& [name, s] : a.syscalls) {
    const PortTarget* t = port_target(name);
    const std::string function = t && !t->instance.empty() ? fmt::format("{} {}", t->instance, t->function) : "";
    const Risk risk = risk_of(s->gate.capability, s->gate.identity);
    if (!function.empty() && b.functions.count(function)) {
      paired.insert(function);
      out.push_back({K::Port, false, risk, fmt::format("{} -> {}", name, function), ""});
      continue;
    }
    out.push_back({K::Syscall, false, risk, name,
                   function.empty() ? std::string(t ? t->note : "nothing replaces it")
                                    : fmt::format("its replacement {} is not imported", function)});
  }
  for (const auto& [name, gate] : b.functions)
    if (!paired.count(name)) out.push_back({K::Function, true, Risk::Low, name, gate.empty() ? "" : "gate: " + gate});
  auto key_of = [](const std::string& k) { return k.substr(0, k.find(' ')); };
  std::map<std::string, std::pair<std::string, IdentityLevel>> old_needs;
  for (const auto& [name, need] : a.needs) old_needs[component_key(name)] = {describe(need), need.identity};
  for (const auto& [key, need] : b.needs) {
    auto old = old_needs.find(key_of(key));
    const Risk risk = component_risk(key_of(key), need.second);
    if (old == old_needs.end()) out.push_back({K::Capability, true, risk, need.first, ""});
    else if (old->second.second != need.second)
      out.push_back({K::Capability, need.second > old->second.second, risk, need.first, "was " + old->second.first});
  }
  for (const auto& entry : old_needs) {
    // Not a structured binding: clang 14 cannot capture one in a lambda.
    const auto& key = entry.first;
    const auto& need = entry.second;
    if (!std::any_of(b.needs.begin(), b.needs.end(), [&](const auto& n) { return key_of(n.first) == key; }))
      out.push_back({K::Capability, false, component_risk(key, need.second), need.first, ""});
  }
  std::set<std::pair<std::string, std::string>> old_grants;
  for (const auto& [key, value] : a.grants) old_grants.emplace(component_key(key), value);
  for (const auto& g : b.grants)
    if (!old_grants.count(g))
      out.push_back({K::Grant, true, component_risk(g.first, IdentityLevel::Admin), fmt::format("{} \"{}\"", g.first, g.second), "in the manifest"});
  for (const auto& g : old_grants)
    if (!b.grants.count(g))
      out.push_back({K::Grant, false, component_risk(g.first, IdentityLevel::Admin), fmt::format("{} \"{}\"", g.first, g.second), "in the manifest"});
  return out;
}

}  // namespace

std::vector<Change> diff_inputs(const InputResult& before, const InputResult& after) {
  const ComponentSummary* ca = component_of(before);
  const ComponentSummary* cb = component_of(after);
  if (ca && cb) {
    std::vector<Change> out = diff_components(before, *ca, after, *cb);
    sort_changes(out);
    return out;
  }
  if (!ca && cb && !uses_shim(before)) {
    std::vector<Change> out = diff_port(collect(before), after, *cb);
    sort_changes(out);
    return out;
  }
  const Side a = collect(before), b = collect(after);
  std::vector<Change> out;
  using K = Change::Kind;
  // A JavaScript capsule may call any syscall by number, so what it needs
  // is unknown: turning into one adds everything, and what the other side
  // needed is neither added nor removed.
  constexpr std::string_view kAny = "any syscall";
  const std::string kWhy = "a JavaScript capsule chooses its syscalls at run time, through the shim";
  if (b.javascript && !a.javascript) out.push_back({K::Capability, true, Risk::High, std::string(kAny), kWhy});
  if (a.javascript && !b.javascript) out.push_back({K::Capability, false, Risk::High, std::string(kAny), kWhy});
  const bool needs_known = !a.javascript && !b.javascript;
  for (const auto& [name, need] : needs_known ? b.needs : decltype(b.needs){}) {
    auto old = a.needs.find(name);
    const std::string detail = fmt::format("used by {}", fmt::join(need.syscalls, ", "));
    if (old == a.needs.end())
      out.push_back({K::Capability, true, risk_of(need.capability, need.identity), describe(need), detail});
    else if (need.identity != old->second.identity)
      out.push_back({K::Capability, need.identity > old->second.identity, risk_of(need.capability, need.identity),
                     describe(need), fmt::format("was {}; {}", describe(old->second), detail)});
  }
  for (const auto& [name, need] : needs_known ? a.needs : decltype(a.needs){})
    if (!b.needs.count(name))
      out.push_back({K::Capability, false, risk_of(need.capability, need.identity), describe(need), ""});
  auto syscall_change = [&](const Syscall* s, bool added) {
    const bool gated = !manifest_key(s->gate.capability).empty();
    out.push_back({K::Syscall, added, risk_of(s->gate.capability, s->gate.identity), std::string(s->name),
                   gated ? "gate: " + describe_gate(s->gate) : ""});
  };
  for (const auto& [name, s] : b.syscalls)
    if (!a.syscalls.count(name)) syscall_change(s, true);
  for (const auto& [name, s] : a.syscalls)
    if (!b.syscalls.count(name)) syscall_change(s, false);
  auto grant_change = [&](const std::pair<std::string, std::string>& g, bool added, const Side& side) {
    out.push_back({K::Grant, added, side.grant_risk.at(g.first), fmt::format("{} \"{}\"", g.first, g.second),
                   "in the manifest"});
  };
  for (const auto& g : b.grants)
    if (!a.grants.count(g)) grant_change(g, true, b);
  for (const auto& g : a.grants)
    if (!b.grants.count(g)) grant_change(g, false, a);
  sort_changes(out);
  return out;
}

bool adds_capability(const std::vector<Change>& changes) {
  return std::any_of(changes.begin(), changes.end(),
                     [](const Change& c) {
                       return c.added && (c.kind == Change::Kind::Capability || c.kind == Change::Kind::Grant);
                     });
}

namespace {

std::string_view kind_name(Change::Kind k) {
  switch (k) {
    case Change::Kind::Capability: return "capability";
    case Change::Kind::Syscall: return "syscall";
    case Change::Kind::Function: return "function";
    case Change::Kind::Kernel: return "kernel";
    case Change::Kind::Grant: return "grant";
    case Change::Kind::Port: return "port";
  }
  return "?";
}

}  // namespace

std::string render_diff_text(const std::vector<Change>& changes, bool color) {
  const Paint paint{color};
  std::string out;
  for (Risk risk : {Risk::High, Risk::Medium, Risk::Low}) {
    bool header = false;
    for (const Change& c : changes) {
      if (c.risk != risk) continue;
      if (!header) out += fmt::format("{} risk:\n", to_string(risk));
      header = true;
      const char sign = c.kind == Change::Kind::Port ? '~' : c.added ? '+' : '-';
      const std::string line = fmt::format("{} {:<10} {}{}", sign, kind_name(c.kind),
                                           escape_untrusted(c.what),
                                           c.detail.empty() ? "" : " (" + escape_untrusted(c.detail) + ")");
      out += "  " + paint(c.kind == Change::Kind::Port ? "33" : c.added ? "32" : "31", line) + "\n";
    }
  }
  return out;
}

std::string render_diff_json(const InputResult& before, const InputResult& after, const std::vector<Change>& changes) {
  using Json = nlohmann::ordered_json;
  Json list = Json::array();
  for (const Change& c : changes)
    list.push_back({{"change", c.kind == Change::Kind::Port ? "ported" : c.added ? "added" : "removed"},
                    {"kind", kind_name(c.kind)},
                    {"risk", to_string(c.risk)},
                    {"what", c.what},
                    {"detail", c.detail}});
  Json doc = {{"version", kJsonVersion},
              {"old", before.path},
              {"new", after.path},
              {"adds_capability", adds_capability(changes)},
              {"changes", std::move(list)}};
  return doc.dump(-1, ' ', true, Json::error_handler_t::replace) + "\n";
}

}  // namespace astrid
