#include "report/caps.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "report/escape.h"

namespace astrid {
namespace {

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
      out += fmt::format("identity = [\"{}\"]{}\n", to_string(n.identity), comment);
    else
      out += fmt::format("{} = [\"{}\"]{}\n", manifest_key(n.capability), manifest_placeholder(n.capability), comment);
  }
  for (const CapabilityNeed& n : needs)
    if (n.capability == Capability::Uplink)
      out += fmt::format("\n# One [[uplink]] entry per frontend the capsule registers ({}).\n[[uplink]]\n",
                         fmt::join(n.syscalls, ", "));
  return out;
}

}  // namespace astrid
