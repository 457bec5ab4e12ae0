#include "report/caps.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "abi/migration.h"
#include "check/component_manifest_check.h"
#include "report/escape.h"

namespace astrid {
namespace {

// The strength of an entry form: host:* serves every port, so a capsule
// calling both lookup-host and connect-tcp needs only that.
int strength(const GateNeed& n) { return n.match == EntryMatch::HostAnyPort ? 1 : 0; }

}  // namespace

std::string identity_placeholder(IdentityLevel level) {
  return fmt::format("identity = [\"<the least level the capsule needs: resolve, link or admin, e.g. {}>\"]",
                     to_string(level));
}

// The line caps writes for a need. A grant of a resource (a path, host,
// command or topic) is a placeholder naming what goes there; so is a grant
// that widens the capsule's authority by itself, which as a real value
// would be handed out unread: uplink = true makes the capsule a daemon
// (and lets it publish as others), allow_persistent = true lets its
// processes outlive it, an identity level lets it resolve, link or create
// users. The author writes the value, having decided; check reports the
// placeholder until then.
std::string emitted_grant_line(const GateNeed& need) {
  switch (need.capability) {
    case ComponentCapability::Uplink:
      return "uplink = \"<true only for a daemon, which it makes the capsule, e.g. true>\"";
    case ComponentCapability::AllowPersistent:
      return "allow_persistent = \"<true only if its processes must outlive it, e.g. true>\"";
    case ComponentCapability::Identity: return identity_placeholder(need.level);
    default: return grant_line(need);
  }
}

namespace {

std::string component_caps_text(const InputResult& result, const ComponentSummary& s) {
  std::string out = fmt::format("{}: capabilities needed on kernel {}\n", display_path(result.path), s.release->name);
  const auto needs = component_grant_needs(s);
  if (needs.empty()) out += "  none\n";
  std::vector<std::string> names;
  size_t width = 0;
  for (const auto& n : needs) {
    std::string name(manifest_key(n.need.capability));
    if (n.need.capability == ComponentCapability::Identity) name = fmt::format("identity: {}", to_string(n.need.level));
    if (n.need.match == EntryMatch::HostAnyPort) name += " (host:*)";
    if (n.need.match == EntryMatch::UnixEntry) name += " (unix:)";
    width = std::max(width, name.size());
    names.push_back(std::move(name));
  }
  for (size_t i = 0; i < needs.size(); ++i)
    out += fmt::format("  {:<{}}  used by {}\n", names[i], width, escape_untrusted(fmt::format("{}", fmt::join(needs[i].functions, ", "))));
  if (s.javascript)
    out += "  (a JavaScript capsule imports whole interfaces: list only what the script calls)\n";
  return out;
}

std::string component_caps_json(const InputResult& result, const ComponentSummary& s) {
  using Json = nlohmann::ordered_json;
  Json caps = Json::array();
  for (const auto& n : component_grant_needs(s)) {
    Json j = {{"capability", manifest_key(n.need.capability)}, {"table", grant_table(n.need)}};
    if (n.need.capability == ComponentCapability::Identity) j["level"] = to_string(n.need.level);
    j["line"] = emitted_grant_line(n.need);
    j["functions"] = n.functions;
    caps.push_back(std::move(j));
  }
  Json doc = {{"version", kJsonVersion},
              {"input", result.path},
              {"era", "component"},
              {"abi", s.release->name},
              {"javascript", s.javascript},
              {"capabilities", std::move(caps)}};
  return doc.dump(-1, ' ', true, Json::error_handler_t::replace) + "\n";
}

const Release* release_of(const InputResult& result) {
  for (const FileResult& m : result.modules)
    if (const auto* r = std::get_if<Report>(&m.outcome)) return r->release;
  return nullptr;
}

}  // namespace

std::vector<CapabilityNeed> capsule_needs(const InputResult& result) {
  std::map<Capability, CapabilityNeed> needs;
  for (const FileResult& m : result.modules) {
    const auto* report = std::get_if<Report>(&m.outcome);
    if (!report) continue;
    for (const CapabilityNeed& n : report->capabilities) {
      CapabilityNeed& need = needs.try_emplace(n.capability, CapabilityNeed{n.capability, IdentityLevel::None, {}})
                                 .first->second;
      need.identity = std::max(need.identity, n.identity);
      for (std::string_view s : n.syscalls)
        if (std::find(need.syscalls.begin(), need.syscalls.end(), s) == need.syscalls.end()) need.syscalls.push_back(s);
    }
  }
  std::vector<CapabilityNeed> out;
  for (auto& [cap, need] : needs) out.push_back(std::move(need));
  return out;
}

bool uses_shim(const InputResult& result) {
  return std::any_of(result.modules.begin(), result.modules.end(), [](const FileResult& m) {
    const auto* r = std::get_if<Report>(&m.outcome);
    return r && r->javascript;
  });
}

std::string render_caps_text(const InputResult& result) {
  if (const ComponentSummary* s = component_of(result)) return component_caps_text(result, *s);
  const Release* release = release_of(result);
  std::string out = fmt::format("{}: capabilities needed on kernel {}\n", display_path(result.path),
                                release ? release->name : "?");
  const auto needs = capsule_needs(result);
  if (needs.empty()) out += uses_shim(result) ? "  not known until run time (JavaScript capsule)\n" : "  none\n";
  size_t width = 0;
  for (const CapabilityNeed& n : needs) width = std::max(width, describe(n).size());
  for (const CapabilityNeed& n : needs)
    out += fmt::format("  {:<{}}  {:<6}  used by {}\n", describe(n), width,
                       to_string(risk_of(n.capability, n.identity)), fmt::join(n.syscalls, ", "));
  if (!needs.empty() && uses_shim(result))
    out += "  and whatever the JavaScript capsule calls through the shim at run time\n";
  return out;
}

std::string render_caps_json(const InputResult& result) {
  if (const ComponentSummary* s = component_of(result)) return component_caps_json(result, *s);
  using Json = nlohmann::ordered_json;
  const Release* release = release_of(result);
  Json caps = Json::array();
  for (const CapabilityNeed& n : capsule_needs(result)) {
    Json j = {{"capability", manifest_key(n.capability)}};
    if (n.capability == Capability::Identity) j["level"] = to_string(n.identity);
    j["risk"] = to_string(risk_of(n.capability, n.identity));
    j["syscalls"] = n.syscalls;
    caps.push_back(std::move(j));
  }
  Json doc = {{"version", kJsonVersion},
              {"input", result.path},
              {"abi", release ? Json(release->name) : Json(nullptr)},
              {"javascript", uses_shim(result)},
              {"capabilities", std::move(caps)}};
  return doc.dump(-1, ' ', true, Json::error_handler_t::replace) + "\n";
}

std::string emit_manifest(const InputResult& result) {
  if (const ComponentSummary* s = component_of(result)) {
    std::string out = fmt::format(
        "# The grants {} needs on kernel {}, from astrid-abi caps --emit-manifest.\n"
        "# Replace every \"<...>\" placeholder with the real hosts, paths, topics or\n"
        "# commands, and list only those: check reports a placeholder left in place.\n",
        display_path(result.path), s->release->name);
    if (s->javascript)
      out += "# JavaScript capsule: it imports whole interfaces; keep only what the script calls.\n";
    std::string_view table;
    for (const ManifestLine& l : manifest_lines(result)) {
      if (l.table != table) out += fmt::format("{}[{}]\n", table.empty() ? "" : "\n", l.table);
      table = l.table;
      out += l.line + "\n";
    }
    return out;
  }
  const Release* release = release_of(result);
  const auto needs = capsule_needs(result);
  std::string out = fmt::format(
      "# The capabilities {} needs on kernel {}, from astrid-abi caps --emit-manifest.\n"
      "# Replace every \"<...>\" placeholder with the real hosts, paths, topics or\n"
      "# commands, and list only those: a placeholder grants nothing that works.\n",
      display_path(result.path), release ? release->name : "?");
  if (uses_shim(result))
    out += "# JavaScript capsule: it chooses syscalls at run time, so add what they need.\n";
  out += "[capabilities]\n";
  for (const CapabilityNeed& n : needs) {
    if (n.capability == Capability::Uplink) continue;
    const std::string comment = fmt::format("  # {}", fmt::join(n.syscalls, ", "));
    if (n.capability == Capability::Identity)
      out += identity_placeholder(n.identity) + comment + "\n";
    else
      out += fmt::format("{} = [\"{}\"]{}\n", manifest_key(n.capability), manifest_placeholder(n.capability), comment);
  }
  for (const CapabilityNeed& n : needs)
    if (n.capability == Capability::Uplink)
      out += fmt::format("\n# One [[uplink]] entry per frontend the capsule registers ({}).\n[[uplink]]\n",
                         fmt::join(n.syscalls, ", "));
  return out;
}

const ComponentSummary* component_of(const InputResult& result) {
  for (const FileResult& m : result.modules)
    if (const auto* r = std::get_if<Report>(&m.outcome); r && r->component) return &*r->component;
  return nullptr;
}

std::vector<ComponentGrantNeed> component_grant_needs(const ComponentSummary& summary) {
  std::vector<ComponentGrantNeed> out;
  for (const HostFunctionUse& use : summary.functions) {
    if (use.gate.kind != GateKind::Capabilities) continue;
    for (const GateNeed& need : use.gate.needs) {
      auto it = std::find_if(out.begin(), out.end(), [&](const ComponentGrantNeed& n) {
        // net_bind's unix: and host:port forms are different grants.
        return n.need.capability == need.capability &&
               (need.capability != ComponentCapability::NetBind || n.need.match == need.match);
      });
      const std::string function = fmt::format("{} {}", use.instance, use.function);
      if (it == out.end()) {
        out.push_back({need, {function}});
        continue;
      }
      if (strength(need) > strength(it->need)) it->need.match = need.match;
      it->need.level = std::max(it->need.level, need.level);
      if (std::find(it->functions.begin(), it->functions.end(), function) == it->functions.end())
        it->functions.push_back(function);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const ComponentGrantNeed& a, const ComponentGrantNeed& b) {
    return grant_table(a.need) < grant_table(b.need);
  });
  return out;
}

std::vector<ManifestLine> manifest_lines(const InputResult& result) {
  std::vector<ManifestLine> lines;
  if (const ComponentSummary* s = component_of(result)) {
    for (const ComponentGrantNeed& n : component_grant_needs(*s)) {
      std::string key(manifest_key(n.need.capability));
      const std::string line = emitted_grant_line(n.need);
      if (n.need.capability == ComponentCapability::Publish || n.need.capability == ComponentCapability::Subscribe)
        key = line.substr(1, line.find('"', 1) - 1);
      lines.push_back({std::string(grant_table(n.need)), key,
                       fmt::format("{}  # {}", line, escape_untrusted(fmt::format("{}", fmt::join(n.functions, ", "))))});
    }
    return lines;
  }
  for (const CapabilityNeed& n : capsule_needs(result)) {
    if (n.capability == Capability::Uplink) continue;  // [[uplink]] entries name frontends: written by hand
    const std::string comment = fmt::format("  # {}", fmt::join(n.syscalls, ", "));
    const std::string key(manifest_key(n.capability));
    lines.push_back({"capabilities", key,
                     n.capability == Capability::Identity
                         ? identity_placeholder(n.identity) + comment
                         : fmt::format("{} = [\"{}\"]{}", key, manifest_placeholder(n.capability), comment)});
  }
  return lines;
}

namespace {

// The syscalls the input's modules import, by name, without repeats.
std::vector<std::string_view> imported_syscalls(const InputResult& result) {
  std::vector<std::string_view> names;
  for (const FileResult& m : result.modules)
    if (const auto* r = std::get_if<Report>(&m.outcome))
      for (const SyscallUse& use : r->syscalls)
        if (std::find(names.begin(), names.end(), use.syscall->name) == names.end()) names.push_back(use.syscall->name);
  return names;
}

std::string target_gate(const PortTarget& t, const ComponentRelease& target) {
  return describe(host_gate(target, t.instance, t.function));
}

// Whether `target` serves the replacement; if not, the releases that do.
std::optional<std::string> not_served(const PortTarget& t, const ComponentRelease& target) {
  const auto serving = releases_with_function(t.instance, t.function);
  if (std::find(serving.begin(), serving.end(), &target) != serving.end()) return std::nullopt;
  return fmt::format("not served by kernel {} (served by {})", target.name, describe_releases(serving));
}

}  // namespace

std::string render_port_text(const InputResult& result, const ComponentRelease& target) {
  std::string out = fmt::format("{}: the component-era functions that replace its syscalls, on kernel {}\n",
                                display_path(result.path), target.name);
  const auto names = imported_syscalls(result);
  if (names.empty()) out += uses_shim(result) ? "  not known until run time (JavaScript capsule)\n" : "  no syscall imported\n";
  size_t width = 0;
  for (std::string_view n : names) width = std::max(width, n.size());
  for (std::string_view n : names) {
    const PortTarget* t = port_target(n);
    if (!t || t->instance.empty()) {
      out += fmt::format("  {:<{}}  nothing replaces it{}\n", n, width, t ? ": " + std::string(t->note) : std::string());
      continue;
    }
    if (const auto why = not_served(*t, target)) {
      out += fmt::format("  {:<{}}  {} {}: {}\n", n, width, t->instance, t->function, *why);
      continue;
    }
    const std::string gate = target_gate(*t, target);
    out += fmt::format("  {:<{}}  {} {}{}{}\n", n, width, t->instance, t->function,
                       gate == "-" ? std::string() : " (gate: " + gate + ")",
                       t->note.empty() ? std::string() : "; " + std::string(t->note));
  }
  return out;
}

std::string render_port_json(const InputResult& result, const ComponentRelease& target) {
  using Json = nlohmann::ordered_json;
  Json list = Json::array();
  for (std::string_view n : imported_syscalls(result)) {
    const PortTarget* t = port_target(n);
    const bool replaced = t && !t->instance.empty();
    const auto why = replaced ? not_served(*t, target) : std::nullopt;
    Json j = {{"syscall", n}};
    j["instance"] = replaced ? Json(t->instance) : Json(nullptr);
    j["function"] = replaced ? Json(t->function) : Json(nullptr);
    j["served"] = replaced && !why;
    j["gate"] = replaced && !why ? Json(target_gate(*t, target)) : Json(nullptr);
    j["note"] = why ? *why : t ? std::string(t->note) : std::string();
    list.push_back(std::move(j));
  }
  Json doc = {{"version", kJsonVersion}, {"input", result.path}, {"abi", target.name}, {"port", std::move(list)}};
  return doc.dump(-1, ' ', true, Json::error_handler_t::replace) + "\n";
}

}  // namespace astrid
