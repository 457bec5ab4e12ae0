#include "report/diff.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "report/caps.h"
#include "report/escape.h"

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

}  // namespace

std::vector<Change> diff_inputs(const InputResult& before, const InputResult& after) {
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
  std::stable_sort(out.begin(), out.end(), [](const Change& x, const Change& y) {
    return std::tuple(-static_cast<int>(x.risk), x.kind, !x.added, x.what) <
           std::tuple(-static_cast<int>(y.risk), y.kind, !y.added, y.what);
  });
  return out;
}

bool adds_capability(const std::vector<Change>& changes) {
  return std::any_of(changes.begin(), changes.end(),
                     [](const Change& c) { return c.added && c.kind != Change::Kind::Syscall; });
}

namespace {

std::string_view kind_name(Change::Kind k) {
  switch (k) {
    case Change::Kind::Capability: return "capability";
    case Change::Kind::Syscall: return "syscall";
    case Change::Kind::Grant: return "grant";
  }
  return "?";
}

}  // namespace

std::string render_diff_text(const std::vector<Change>& changes) {
  std::string out;
  for (Risk risk : {Risk::High, Risk::Medium, Risk::Low}) {
    bool header = false;
    for (const Change& c : changes) {
      if (c.risk != risk) continue;
      if (!header) out += fmt::format("{} risk:\n", to_string(risk));
      header = true;
      out += fmt::format("  {} {:<10} {}{}\n", c.added ? '+' : '-', kind_name(c.kind), escape_untrusted(c.what),
                         c.detail.empty() ? "" : " (" + escape_untrusted(c.detail) + ")");
    }
  }
  return out;
}

std::string render_diff_json(const InputResult& before, const InputResult& after, const std::vector<Change>& changes) {
  using Json = nlohmann::ordered_json;
  Json list = Json::array();
  for (const Change& c : changes)
    list.push_back({{"change", c.added ? "added" : "removed"},
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
