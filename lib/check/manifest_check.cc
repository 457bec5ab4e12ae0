#include "check/manifest_check.h"

#include <fmt/format.h>

#include <algorithm>

#include "check/rules.h"

namespace astrid {
namespace {

Finding at(Finding f, const std::string& path, TextPosition position) {
  f.file = path;
  f.line = position.line;
  f.column = position.column;
  return f;
}

// The line to add to the manifest for a capability, as a fix.
std::string grant_line(Capability cap, IdentityLevel level) {
  if (cap == Capability::Uplink) return "an [[uplink]] entry for the frontend it registers";
  return extism_grant_line(cap, level) + " under [capabilities]";
}

// Whether the grants (capsule-wide plus the component's) cover a need.
const Grant* covering(const Manifest& manifest, const ManifestComponent* component, Capability cap) {
  const Grant* best = manifest.grant(cap);
  if (component)
    if (const Grant* g = find_grant(component->grants, cap); g && (!best || g->identity > best->identity)) best = g;
  return best;
}

std::vector<Finding> check_undeclared(const Manifest& manifest, const CapsuleModule& module) {
  std::vector<Finding> out;
  const Report& report = *module.report;
  const ManifestComponent* component = manifest.component_for(module.file);
  for (const SyscallUse& use : report.syscalls) {
    const Gate& gate = use.syscall->gate;
    if (manifest_key(gate.capability).empty()) continue;
    const Grant* grant = covering(manifest, component, gate.capability);
    // An identity level still a placeholder is the placeholder's finding,
    // as a list's placeholder is.
    if (grant && (grant->identity >= gate.identity ||
                  std::any_of(grant->values.begin(), grant->values.end(), is_placeholder)))
      continue;
    std::string need = gate.capability == Capability::Identity
                           ? fmt::format("identity level '{}'", to_string(gate.identity))
                           : fmt::format("capability '{}'", manifest_key(gate.capability));
    Finding f =
        grant ? make_finding("undeclared-capability",
                             "'{name}' needs {need}, but Capsule.toml grants only '{granted}': the kernel will deny "
                             "every call",
                             {{"name", std::string(use.syscall->name)},
                              {"need", std::move(need)},
                              {"granted", std::string(to_string(grant->identity))}})
              : make_finding("undeclared-capability",
                             "'{name}' needs {need}, which Capsule.toml does not grant: the kernel will deny every call",
                             {{"name", std::string(use.syscall->name)}, {"need", std::move(need)}});
    f.module = kSyscallModule;
    f.name = use.syscall->name;
    f.offset = use.offset;
    f.notes.push_back("add " + grant_line(gate.capability, gate.identity) +
                      (component ? fmt::format(" (capsule-wide, or in component '{}')", component->id) : ""));
    out.push_back(std::move(f));
  }
  return out;
}

// The highest need of a capability across reports; nullopt if none needs it.
std::optional<IdentityLevel> need_of(const std::vector<const Report*>& reports, Capability cap) {
  std::optional<IdentityLevel> need;
  for (const Report* r : reports)
    for (const CapabilityNeed& n : r->capabilities)
      if (n.capability == cap) need = std::max(need.value_or(IdentityLevel::None), n.identity);
  return need;
}

// unused-capability for a set of grants, judged against the modules that
// may use them.
void check_unused(const std::vector<Grant>& grants, const std::vector<const Report*>& users, std::string_view who,
                  const std::string& path, std::vector<Finding>& out) {
  for (const Grant& grant : grants) {
    const std::string_view key = manifest_key(grant.capability);
    const auto need = need_of(users, grant.capability);
    if (!need) {
      std::vector<std::string_view> syscalls;
      for (const Syscall& s : all_syscalls())
        if (s.gate.capability == grant.capability) syscalls.push_back(s.name);
      Finding f = grant.capability == Capability::Uplink
                      ? make_finding("unused-capability",
                                     "Capsule.toml declares [[uplink]] entries, but the capsule never imports {users}",
                                     {{"users", fmt::format("{}", fmt::join(syscalls, " or "))}})
                      : make_finding("unused-capability", "{who} grants '{key}', but no syscall it imports uses it",
                                     {{"who", std::string(who)}, {"key", std::string(key)}});
      f.notes.push_back(fmt::format("only {} use{} it; remove the grant", fmt::join(syscalls, ", "),
                                    syscalls.size() == 1 ? "s" : ""));
      out.push_back(at(std::move(f), path, grant.position));
    } else if (grant.capability == Capability::Identity && grant.identity > *need) {
      Finding f = make_finding("unused-capability", "{who} grants identity level '{granted}', but needs at most '{need}'",
                               {{"who", std::string(who)},
                                {"granted", std::string(to_string(grant.identity))},
                                {"need", std::string(to_string(*need))}});
      f.notes.push_back(fmt::format("lower it to identity = [\"{}\"]", to_string(*need)));
      out.push_back(at(std::move(f), path, grant.position));
    }
  }
}

}  // namespace

std::string extism_grant_line(Capability cap, IdentityLevel level) {
  if (cap == Capability::Identity) return fmt::format("identity = [\"{}\"]", to_string(level));
  return fmt::format("{} = [\"{}\"]", manifest_key(cap), manifest_placeholder(cap));
}

ManifestFindings check_manifest(const Manifest& manifest, const std::string& manifest_path,
                                const std::vector<const Release*>& releases,
                                const std::vector<CapsuleModule>& modules) {
  ManifestFindings found;
  found.modules.resize(modules.size());
  std::vector<Finding>& out = found.manifest;
  // Usage is unknowable when a module is missing, unreadable, or calls
  // syscalls by number (JavaScript): then grants are not judged unused.
  bool usage_known = true;
  std::vector<const Report*> reports;
  for (size_t i = 0; i < modules.size(); ++i) {
    const CapsuleModule& m = modules[i];
    if (m.missing) {
      const ManifestComponent* c = manifest.component_for(m.file);
      Finding f = make_finding("missing-component-file",
                               "[[component]] '{id}' names the file '{file}', which is not in the capsule",
                               {{"id", c ? c->id : std::string()}, {"file", m.file}});
      f.notes.push_back("add the module to the capsule, or correct 'file'");
      out.push_back(at(std::move(f), manifest_path, c ? c->position : TextPosition{}));
    }
    if (!m.report) {
      usage_known = false;
      continue;
    }
    reports.push_back(m.report);
    if (m.report->javascript) {
      usage_known = false;
      continue;
    }
    found.modules[i] = check_undeclared(manifest, m);
  }

  if (usage_known) check_unused(manifest.grants, reports, "the capsule", manifest_path, out);
  // A component's own grants are judged by its module alone.
  for (const CapsuleModule& m : modules)
    if (const ManifestComponent* c = manifest.component_for(m.file); c && m.report && !m.report->javascript)
      check_unused(c->grants, {m.report}, fmt::format("component '{}'", c->id), manifest_path, out);

  for (const EntryNeed& need : manifest.entry_needs) {
    const bool exported = std::any_of(reports.begin(), reports.end(), [&](const Report* r) {
      return std::find(r->entry_points.begin(), r->entry_points.end(), need.entry_point) != r->entry_points.end();
    });
    if (exported || reports.size() < modules.size()) continue;
    // Only on the releases that call the entry point ([[tool]]: up to v0.4.0).
    ReleaseSet calling = 0;
    if (const EntryPoint* entry = find_entry_point(need.entry_point))
      for (const Release* r : releases)
        if (entry->called_by(*r)) calling |= ReleaseSet{1} << r->index;
    if (!calling) continue;
    Finding f = make_finding("missing-entry-point",
                             "{what} needs the export '{entry}', which the capsule does not export: {kernels} "
                             "call{s} it, and the call fails",
                             {{"what", need.what}, {"entry", std::string(need.entry_point)}});
    f.releases = calling;
    f.notes.push_back(fmt::format("export (func (export \"{}\") (result i32) ...), or remove the entry",
                                  need.entry_point));
    out.push_back(at(std::move(f), manifest_path, need.position));
  }
  order_findings(out);
  return found;
}

}  // namespace astrid
