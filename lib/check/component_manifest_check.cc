#include "check/component_manifest_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "abi/manifest_schema.h"
#include "check/rules.h"
#include "support/semver.h"
#include "support/suggest.h"

namespace astrid {
namespace {

ReleaseSet bit(const KernelRelease& r) { return ReleaseSet{1} << r.index; }

bool is_main_like(const KernelRelease& r) { return !r.tagged; }  // main, and --wit after it

Finding at(Finding f, const std::string& path, TextPosition position) {
  f.file = path;
  f.line = position.line;
  f.column = position.column;
  return f;
}

// What [[component]] capabilities tables contribute before main (section 6).
bool merged_from_component(std::string_view key, const KernelRelease& r) {
  if (is_main_like(r)) return true;
  return key == "fs_read" || key == "fs_write" || key == "host_process" || key == "net" || key == "net_bind";
}

bool read_on(std::string_view table, std::string_view key, const KernelRelease& r) {
  const ManifestKey* k = find_manifest_key(table, key);
  return k && reads(*k, r);
}

// The capabilities in force on one release: [capabilities], plus what the
// first [[component]]'s table adds there.
struct Effective {
  std::map<std::string, std::vector<std::string>, std::less<>> lists;
  std::map<std::string, bool, std::less<>> flags;
  std::set<std::string, std::less<>> placeholders;  // keys holding a value still to be filled in
};

Effective effective(const ComponentManifest& m, const KernelRelease& r) {
  Effective e;
  auto add = [&](const CapabilityTable& t, bool component) {
    for (const CapabilityEntry& c : t.entries) {
      if (!read_on("capabilities", c.key, r) || (component && !merged_from_component(c.key, r))) continue;
      if (c.is_flag) {
        e.flags[c.key] = e.flags[c.key] || c.flag;
        continue;
      }
      auto& list = e.lists[c.key];
      for (const std::string& v : c.values) {
        if (!is_placeholder(v)) list.push_back(v);
        else e.placeholders.insert(c.key);
      }
    }
  };
  add(m.capabilities, false);
  if (!m.components.empty()) add(m.components.front().capabilities, true);
  return e;
}

std::vector<std::string> acl_keys(const std::vector<TopicAcl>& acl) {
  std::vector<std::string> keys;
  for (const TopicAcl& a : acl)
    if (!is_placeholder(a.pattern)) keys.push_back(a.pattern);
  return keys;
}

// Whether the entries grant the need, as the kernel matches them (what the
// call's argument will be is unknown: an entry of the right form is enough).
bool grants(const std::vector<std::string>& entries, EntryMatch match, IdentityLevel level) {
  auto any = [&](auto pred) { return std::any_of(entries.begin(), entries.end(), pred); };
  switch (match) {
    case EntryMatch::HostPort:
      return any([](const std::string& e) { return e.find(':') != std::string::npos && e.find(':') > 0; });
    case EntryMatch::HostAnyPort:
      return any([](const std::string& e) { return e.size() > 2 && (e.ends_with(":*") || e.ends_with(":0")); });
    case EntryMatch::UnixEntry:
      return any([](const std::string& e) { return e.starts_with("unix:"); });
    case EntryMatch::IdentityLevel:
      return any([&](const std::string& e) {
        const auto l = parse_identity_level(e);
        return l && *l >= level;
      });
    default:
      return !entries.empty();
  }
}

std::vector<std::string> entries_of(const ComponentManifest& m, const Effective& e, ComponentCapability cap) {
  switch (cap) {
    case ComponentCapability::Publish: return acl_keys(m.publish);
    case ComponentCapability::Subscribe: return acl_keys(m.subscribe);
    default: {
      auto it = e.lists.find(manifest_key(cap));
      return it == e.lists.end() ? std::vector<std::string>{} : it->second;
    }
  }
}

bool granted(const ComponentManifest& m, const Effective& e, const GateNeed& need) {
  if (need.match == EntryMatch::Flag) {
    auto it = e.flags.find(manifest_key(need.capability));
    return it != e.flags.end() && it->second;
  }
  std::vector<std::string> entries = entries_of(m, e, need.capability);
  if (entries.empty() && need.fallback) entries = entries_of(m, e, *need.fallback);
  return grants(entries, need.match, need.level);
}

// Whether the grant the need asks for is written, as a placeholder still to
// be filled in: the placeholder's unfilled-placeholder is then the finding,
// at the line to edit (the line to add is there already).
bool placeholder_for(const ComponentManifest& m, const Effective& e, ComponentCapability cap) {
  switch (cap) {
    case ComponentCapability::Publish:
      return std::any_of(m.publish.begin(), m.publish.end(), [](const TopicAcl& a) { return is_placeholder(a.pattern); });
    case ComponentCapability::Subscribe:
      return std::any_of(m.subscribe.begin(), m.subscribe.end(), [](const TopicAcl& a) { return is_placeholder(a.pattern); });
    default: return e.placeholders.count(manifest_key(cap)) > 0;
  }
}

bool placeholder_for(const ComponentManifest& m, const Effective& e, const GateNeed& need) {
  return placeholder_for(m, e, need.capability) || (need.fallback && placeholder_for(m, e, *need.fallback));
}

// "fs_read", "net_connect with a host:* entry", "identity level 'link'".
std::string describe_need(const GateNeed& need) {
  const std::string key(manifest_key(need.capability));
  switch (need.match) {
    case EntryMatch::Flag: return fmt::format("{} = true", key);
    case EntryMatch::HostPort: return fmt::format("a {} entry 'host:port' or 'host:*'", key);
    case EntryMatch::HostAnyPort: return fmt::format("a {} entry 'host:*'", key);
    case EntryMatch::UnixEntry: return fmt::format("a {} entry beginning 'unix:'", key);
    case EntryMatch::IdentityLevel: return fmt::format("identity level '{}'", to_string(need.level));
    case EntryMatch::TopicPattern: return fmt::format("a {} key matching its topic", key);
    default: return fmt::format("'{}'", key);
  }
}

ComponentCapability capability_of_key(std::string_view key, bool& found) {
  found = true;
  if (key == "ipc_publish") return ComponentCapability::Publish;
  if (key == "ipc_subscribe") return ComponentCapability::Subscribe;
  for (int c = 0; c <= static_cast<int>(ComponentCapability::IpcSubscribe); ++c)
    if (manifest_key(static_cast<ComponentCapability>(c)) == key) return static_cast<ComponentCapability>(c);
  found = false;
  return ComponentCapability::FsRead;
}

bool valid_segments(std::string_view pattern) {
  if (pattern.empty()) return false;
  if (pattern.front() == '.' || pattern.back() == '.') return false;
  return pattern.find("..") == std::string_view::npos;
}

bool valid_identifier(std::string_view s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::vector<Finding> manifest_keys_uncapped(const ComponentManifest& m, const std::string& path,
                                            const std::vector<const KernelRelease*>& releases);

// A manifest of a megabyte can hold forty thousand bad keys: past
// kMaxFindingsPerRule findings of one rule, the rest are counted in one
// finding, as the module checks count theirs.
void cap_per_rule(std::vector<Finding>& findings, const std::string& path) {
  std::map<std::string_view, size_t> seen;
  std::vector<Finding> kept;
  std::vector<std::pair<const Rule*, size_t>> dropped;
  for (Finding& f : findings) {
    if (++seen[f.rule->id] <= kMaxFindingsPerRule) {
      kept.push_back(std::move(f));
      continue;
    }
    auto it = std::find_if(dropped.begin(), dropped.end(), [&](const auto& d) { return d.first == f.rule; });
    if (it == dropped.end()) dropped.push_back({f.rule, 1});
    else ++it->second;
  }
  for (const auto& [rule, count] : dropped) {
    Finding f = make_finding(rule->id, "{count} more {rule} findings, not listed: fix the ones above first",
                             {{"count", std::to_string(count), ArgRole::Description}, {"rule", std::string(rule->id)}});
    f.file = path;
    kept.push_back(std::move(f));
  }
  findings = std::move(kept);
}

class ManifestChecker {
 public:
  ManifestChecker(const ComponentManifest& m, const std::string& path, const Report& report,
                  const std::vector<const KernelRelease*>& releases)
      : m_(m), path_(path), report_(report) {
    for (const KernelRelease* r : releases)
      if (r->era == Era::Component) releases_.push_back(r);
  }

  // The findings are assembled here under one invariant (README,
  // "Findings"; tests/finding_invariants.py holds every fixture to it):
  // one root cause, one finding, one fix. No two findings on one manifest
  // key or one import give fixes that contradict each other (a denial a
  // misspelt, removed or placeholder grant explains is that grant's
  // finding, not also the import's; an unused key is unused-capability
  // only); no fix names a release the module cannot run on; a fix is right
  // in the file's current state (no rename onto a key that is there, no
  // "add" of a key that is written).
  ComponentManifestFindings run() {
    if (releases_.empty() || !report_.component) return {};
    check_needs();
    check_unused();
    check_refusals();
    check_handlers();
    check_run_loop_handlers();
    out_.manifest = manifest_keys_uncapped(m_, path_, releases_);
    escalate_ignored_grants();
    drop_explained_denials();
    for (Finding& f : refusals_) out_.manifest.push_back(std::move(f));
    for (Finding& f : unused_) out_.manifest.push_back(std::move(f));
    drop_ignored_where_unused(out_.manifest);
    order_findings(out_.manifest);
    order_findings(out_.module);
    cap_per_rule(out_.manifest, path_);
    cap_per_rule(out_.module, "");
    return std::move(out_);
  }

 private:
  // --- undeclared-capability, at the import

  // What the imports need makes a grant used, and a misspelt or removed
  // key that would grant it an ignored grant. A JavaScript capsule imports
  // whole interfaces: what it imports is an upper bound of what it calls,
  // so a grant for any of it is used, but no single call is known to be
  // denied, and no undeclared-capability is reported at its imports.
  void check_needs() {
    const ComponentSummary& s = *report_.component;
    struct Denied {
      const HostFunctionUse* use;
      GateNeed need;
      ReleaseSet releases = 0;
    };
    std::vector<Denied> denied;
    for (const KernelRelease* r : releases_) {
      const Effective e = effective(m_, *r);
      for (const HostFunctionUse& use : s.functions) {
        const auto registered = resolve_instance_name(*r->component, use.instance);
        if (!registered) continue;  // does not link there: the link check says so
        const HostGate& gate = host_gate(*r->component, *registered, use.function);
        if (gate.kind != GateKind::Capabilities) continue;
        for (const GateNeed& need : gate.needs) {
          used_ |= ReleaseSet{1} << static_cast<int>(need.capability);
          if (need.fallback) used_ |= ReleaseSet{1} << static_cast<int>(*need.fallback);
          if (need.capability == ComponentCapability::Identity) identity_need_ = std::max(identity_need_, need.level);
          if (granted(m_, e, need) || placeholder_for(m_, e, need)) continue;
          denied_caps_[need.capability] |= bit(*r);
          auto it = std::find_if(denied.begin(), denied.end(), [&](const Denied& d) {
            return d.use == &use && d.need.capability == need.capability && d.need.match == need.match &&
                   d.need.level == need.level;
          });
          if (it == denied.end()) denied.push_back({&use, need, bit(*r)});
          else it->releases |= bit(*r);
        }
      }
    }
    if (s.javascript) return;
    for (const Denied& d : denied) {
      Finding f = make_finding("undeclared-capability",
                               "'{name}' needs {need}, which Capsule.toml does not grant on {kernels}: every call "
                               "returns capability-denied",
                               {{"name", d.use->function}, {"need", describe_need(d.need)}});
      f.module = d.use->instance;
      f.name = d.use->function;
      f.offset = d.use->offset;
      f.releases = d.releases;
      const std::string_view table = grant_table(d.need);
      // A key written already, with entries that do not serve the need, is
      // changed: adding it again would be a duplicate key (invalid TOML).
      const std::string_view key = manifest_key(d.need.capability);
      const bool written = table == "capabilities" &&
                           (m_.capabilities.find(key) ||
                            (!m_.components.empty() && m_.components.front().capabilities.find(key)));
      f.notes.push_back(written ? fmt::format("change the {} line in {} to {}", key, path_, grant_line(d.need))
                                : fmt::format("add {} under [{}] in {}", grant_line(d.need), table, path_));
      const TextPosition where = table == "publish"     ? m_.publish_position
                                 : table == "subscribe" ? m_.subscribe_position
                                                        : m_.capabilities.position;
      f.fix_at = Finding::Place{path_, std::max<uint32_t>(where.line, 1), where.line ? where.column : 1};
      out_.module.push_back(std::move(f));
      undeclared_keys_.emplace_back(manifest_key(d.need.capability));
    }
  }

  bool uses(ComponentCapability c) const { return used_ >> static_cast<int>(c) & 1; }

  // --- unused-capability, at the grant

  void check_unused() {
    // A table is judged where [capabilities] and the component's own are read.
    auto judge = [&](const CapabilityTable& t, std::string_view who) {
      for (const CapabilityEntry& c : t.entries) {
        bool gate = false;
        const ComponentCapability cap = capability_of_key(c.key, gate);
        if (!gate || cap == ComponentCapability::Uplink) continue;  // uplink = true also makes a daemon
        if (c.is_flag ? !c.flag : c.values.empty()) continue;
        if (!uses(cap)) {
          Finding f = make_finding("unused-capability", "{who} grants '{key}', but no host function the capsule imports "
                                                        "needs it on {kernels}",
                                   {{"who", std::string(who)}, {"key", c.key}});
          f.releases = all_;
          f.notes.push_back(fmt::format("remove '{}': a capsule should hold only what it uses", c.key));
          unused_.push_back(at(std::move(f), path_, c.position));
        } else if (cap == ComponentCapability::Identity) {
          IdentityLevel granted_level = IdentityLevel::None;
          for (const std::string& v : c.values) granted_level = std::max(granted_level, parse_identity_level(v).value_or(IdentityLevel::None));
          if (granted_level <= identity_need_) continue;
          Finding f = make_finding("unused-capability", "{who} grants identity level '{granted}', but the capsule needs "
                                                        "at most '{need}'",
                                   {{"who", std::string(who)},
                                    {"granted", std::string(to_string(granted_level))},
                                    {"need", std::string(to_string(identity_need_))}});
          f.notes.push_back(fmt::format("lower it to identity = [\"{}\"]", to_string(identity_need_)));
          unused_.push_back(at(std::move(f), path_, c.position));
        }
      }
    };
    for (const KernelRelease* r : releases_) all_ |= bit(*r);
    judge(m_.capabilities, "the capsule");
    if (!m_.components.empty()) judge(m_.components.front().capabilities, "its [[component]]");
    const bool publishes = uses(ComponentCapability::Publish) || uses(ComponentCapability::IpcPublish);
    if (!m_.publish.empty() && !publishes) {
      Finding f = make_finding("unused-capability", "[publish] lets the capsule publish, but it imports neither publish "
                                                    "nor publish-as");
      f.notes.push_back("remove [publish], or its keys the capsule never publishes to");
      unused_.push_back(at(std::move(f), path_, m_.publish_position));
    }
    const bool subscribes = uses(ComponentCapability::Subscribe) || uses(ComponentCapability::IpcSubscribe);
    if (!subscribes)
      for (const TopicAcl& a : m_.subscribe) {
        if (a.handler) continue;  // an interceptor binding, delivered through astrid-hook-trigger
        Finding f = make_finding("unused-capability", "[subscribe] \"{pattern}\" has no handler, and the capsule never "
                                                      "imports subscribe",
                                 {{"pattern", a.pattern}});
        f.notes.push_back("give it a handler = \"<action>\" (an interceptor), or remove it");
        unused_.push_back(at(std::move(f), path_, a.position));
      }
  }

  // --- manifest-refused, where the kernel would refuse to load

  // `pattern` is a literal: findings keep it as a view.
  void refuse(TextPosition where, ReleaseSet releases, std::string_view pattern, std::vector<MessageArg> args,
              std::string fix) {
    if (!releases) return;
    Finding f = make_finding("manifest-refused", pattern, std::move(args));
    f.releases = releases;
    f.notes.push_back(std::move(fix));
    refusals_.push_back(at(std::move(f), path_, where));
  }

  ReleaseSet where(bool (*pred)(const KernelRelease&)) const {
    ReleaseSet s = 0;
    for (const KernelRelease* r : releases_)
      if (pred(*r)) s |= bit(*r);
    return s;
  }

  void check_refusals() {
    if (!m_.has_package) {
      refuse({1, 1}, all_, "Capsule.toml has no [package] table: {kernels} refuse{s} the manifest", {},
             "add [package] with name = \"<capsule id>\" and version = \"0.1.0\"");
    } else if (!m_.version) {
      refuse({1, 1}, all_, "[package] has no 'version': {kernels} refuse{s} the manifest", {},
             "add version = \"0.1.0\" under [package]");
    }
    if (m_.version)
      if (auto v = parse_semver(*m_.version); auto* why = std::get_if<std::string>(&v))
        refuse(m_.version_position, all_, "package.version \"{version}\" is not a semantic version ({why}): {kernels} "
                                          "refuse{s} the manifest",
               {{"version", *m_.version}, {"why", *why}}, "write MAJOR.MINOR.PATCH, e.g. version = \"1.2.0\"");
    if (m_.astrid_version) {
      auto req = parse_version_req(*m_.astrid_version);
      if (auto* why = std::get_if<std::string>(&req)) {
        refuse(m_.astrid_version_position, all_,
               "astrid-version \"{req}\" is not a version requirement ({why}): {kernels} refuse{s} the manifest",
               {{"req", *m_.astrid_version}, {"why", *why}}, "write a requirement such as astrid-version = \">=0.9.1\"");
      } else {
        ReleaseSet unmet = 0;
        for (const KernelRelease* r : releases_)
          if (!matches(std::get<VersionReq>(req), std::get<SemVer>(parse_semver(kernel_version(*r))))) unmet |= bit(*r);
        refuse(m_.astrid_version_position, unmet,
               "astrid-version \"{req}\" is not met by {kernels}, which refuse{s} the capsule",
               {{"req", *m_.astrid_version}},
               "widen the requirement, or do not support those kernels (check with --abi naming the ones you support)");
      }
    }
    for (const NamedEntry& t : m_.tools)
      if (!t.described)
        refuse(t.position, all_, "[[tool]] '{name}' has no description_for_llm: {kernels} refuse{s} the manifest",
               {{"name", t.name}}, "add description_for_llm = \"...\" (the Extism era's 'description' is ignored)");
    const ReleaseSet acl_checked = where([](const KernelRelease& r) { return read_on("", "subscribe", r) && !read_on("capabilities", "ipc_publish", r); });
    for (const auto* acl : {&m_.publish, &m_.subscribe})
      for (const TopicAcl& a : *acl)
        if (!valid_segments(a.pattern))
          refuse(a.position, acl_checked, "topic pattern \"{pattern}\" has an empty segment: {kernels} refuse{s} the "
                                          "manifest",
                 {{"pattern", a.pattern}}, "remove the leading, trailing or doubled '.'");
    const ReleaseSet legacy = where([](const KernelRelease& r) { return read_on("capabilities", "ipc_publish", r); });
    if (const CapabilityEntry* c = m_.capabilities.find("ipc_publish"))
      for (size_t i = 0; i < c->values.size(); ++i)
        if (!valid_segments(c->values[i]))
          refuse(c->value_positions[i], legacy, "ipc_publish pattern \"{pattern}\" has an empty segment: {kernels} "
                                                "refuse{s} the manifest",
                 {{"pattern", c->values[i]}}, "remove the leading, trailing or doubled '.'");
    for (const NamedEntry& i : m_.interceptors)
      if (!valid_segments(i.name))
        refuse(i.position, legacy, "[[interceptor]] event \"{event}\" has an empty segment: {kernels} refuse{s} the "
                                   "manifest",
               {{"event", i.name}}, "remove the leading, trailing or doubled '.'");
    for (const auto* list : {&m_.imports, &m_.exports})
      for (const ContractName& c : *list)
        if (!valid_identifier(c.ns) || !valid_identifier(c.iface))
          refuse(c.position, all_, "\"{ns}:{iface}\" is not a valid contract name (each part must match "
                                   "[a-z][a-z0-9-]*): {kernels} refuse{s} the manifest",
                 {{"ns", c.ns}, {"iface", c.iface}}, "use lowercase letters, digits and '-', starting with a letter");
    if (const CapabilityEntry* u = m_.capabilities.find("uplink"); u && u->flag && !m_.imports.empty())
      refuse(u->position, all_, "uplink = true with a non-empty [imports]: {kernels} refuse{s} the manifest", {},
             "an uplink capsule cannot import other capsules' interfaces: remove one of them");
    const ReleaseSet kinds = where([](const KernelRelease& r) { return read_on("command", "kind", r); });
    for (const NamedEntry& c : m_.commands) {
      if (c.kind != "slash" && c.kind != "cli") {
        refuse(c.position, kinds, "[[command]] '{name}' has kind \"{kind}\", which is neither \"slash\" nor \"cli\": "
                                  "{kernels} refuse{s} the manifest",
               {{"name", c.name}, {"kind", c.kind}}, "write kind = \"slash\" or kind = \"cli\"");
        continue;
      }
      if (c.kind == "cli" && (!valid_identifier(c.name) || c.name.size() > 32))
        refuse(c.position, kinds, "cli command name '{name}' must match [a-z][a-z0-9-]* and be 1 to 32 characters: "
                                  "{kernels} refuse{s} the manifest",
               {{"name", c.name}}, "rename the command");
    }
  }

  // --- handlers need astrid-hook-trigger

  void check_handlers() {
    const auto& roles = report_.component->roles;
    if (std::find(roles.begin(), roles.end(), "interceptor") != roles.end()) return;
    for (const TopicAcl& a : m_.subscribe) {
      if (!a.handler) continue;
      Finding f = make_finding("missing-entry-point",
                               "[subscribe] \"{pattern}\" binds the handler '{handler}', but the capsule does not "
                               "export astrid-hook-trigger, through which {kernels} deliver{s} it",
                               {{"pattern", a.pattern}, {"handler", *a.handler}});
      f.releases = all_;
      f.notes.push_back("export astrid-hook-trigger (the interceptor world of astrid:guest@1.0.0), or remove the handler");
      unused_.push_back(at(std::move(f), path_, a.position));
    }
  }

  // --- handlers of a JavaScript capsule the kernel runs as a run loop
  //
  // The JS SDK's builder (sdk-js c2a63c4, packages/astrid-build/src/
  // index.mjs:152) gives every capsule a `run` export, its own function, so
  // the kernel's stub test takes it for a real run and the capsule for a run
  // loop. A run-loop capsule has no instance pool, so invoke_interceptor
  // answers NotSupported ("plugin handles interceptors internally via IPC
  // auto-subscribe": crates/astrid-capsule/src/engine/wasm/mod.rs:2475 at
  // v0.10.4, :3379 at main 010d22d3), and the dispatcher skips the capsule
  // ("Interceptor skipped (NotSupported)", dispatcher.rs:474 at v0.10.4,
  // :450 at main), tool discovery too (tool_discovery.rs: NotSupported is
  // "no tools"). The bindings are only recorded, not subscribed. The SDK's
  // run returns at once without a @run method (packages/astrid-sdk/src/
  // runtime/bridge.ts:294-297), and the kernel's health check then reports
  // "WASM run loop exited unexpectedly" (mod.rs:2831 at v0.10.4, :3791 at
  // main). Every component-era release has the same two branches.
  void check_run_loop_handlers() {
    const ComponentSummary& s = *report_.component;
    if (!s.javascript || std::find(s.roles.begin(), s.roles.end(), "run-loop") == s.roles.end()) return;
    std::vector<std::string> handlers;
    for (const TopicAcl& a : m_.subscribe)
      if (a.handler) handlers.push_back(fmt::format("'{}'", *a.handler));
    if (handlers.empty()) return;
    Finding f = make_finding("handlers-in-run-loop",
                             "[subscribe] binds {handlers}, but the JavaScript capsule exports a real run, so {kernels} "
                             "run{s} it as a run loop and never call{s} astrid-hook-trigger for them: only a run loop "
                             "that subscribes to their topics itself receives them",
                             {{"handlers", fmt::format("{}", fmt::join(handlers, ", "))}});
    f.name = "run";
    f.releases = all_;
    f.notes.push_back("the JS SDK's run returns at once when the script has no @run method: then nothing receives "
                      "these events, tool_describe lists no tools, and the kernel reports the capsule failed");
    f.notes.push_back("build the component against a world without astrid:guest/background, so that it exports no "
                      "run; or give the script a @run loop that subscribes to these topics and handles them");
    unused_.push_back(at(std::move(f), path_, m_.subscribe_position));
  }

  void escalate_ignored_grants() {
    std::map<std::string, ReleaseSet, std::less<>> denied;
    for (const auto& [cap, releases] : denied_caps_) denied[std::string(manifest_key(cap))] |= releases;
    escalate_ignored(out_.manifest, denied);
  }

  // A call denied because its grant is written under a key the release
  // ignores has one cause, that key: its ignored-grant, at the line to
  // edit, is the finding; the import's undeclared-capability ("add ...")
  // would ask for a line the author wrote already, so it keeps only the
  // releases the ignored key does not explain.
  void drop_explained_denials() {
    const auto explained = ignored_grants(out_.manifest);
    std::vector<Finding> kept;
    for (size_t i = 0; i < out_.module.size(); ++i) {
      Finding& f = out_.module[i];
      if (auto it = explained.find(undeclared_keys_[i]); it != explained.end()) f.releases &= ~it->second;
      if (f.releases) kept.push_back(std::move(f));
    }
    out_.module = std::move(kept);
    undeclared_keys_.clear();
  }

  const ComponentManifest& m_;
  const std::string& path_;
  const Report& report_;
  std::vector<const KernelRelease*> releases_;
  ReleaseSet all_ = 0;
  ReleaseSet used_ = 0;  // one bit per ComponentCapability some import needs on some release
  IdentityLevel identity_need_ = IdentityLevel::None;
  std::map<ComponentCapability, ReleaseSet> denied_caps_;
  std::vector<Finding> refusals_, unused_;
  std::vector<std::string> undeclared_keys_;  // the manifest key of each of out_.module's findings
  ComponentManifestFindings out_;
};

}  // namespace

namespace {

// The grant an ignored key was meant as: "fs_write" for fs_wirte,
// "[publish]" for ipc_publish.
std::string meant_grant(const Finding& f) {
  std::string key(f.arg("meant"));
  if (key.empty()) key = f.name;
  if (key == "ipc_publish") key = "[publish]";
  if (key == "ipc_subscribe") key = "[subscribe]";
  return key;
}

}  // namespace

std::map<std::string, ReleaseSet, std::less<>> ignored_grants(const std::vector<Finding>& findings) {
  std::map<std::string, ReleaseSet, std::less<>> out;
  for (const Finding& f : findings)
    if (f.rule->id == "ignored-grant") out[meant_grant(f)] |= f.releases;
  return out;
}

void drop_ignored_where_unused(std::vector<Finding>& findings) {
  std::set<std::tuple<std::string, uint32_t, uint32_t>> unused;
  for (const Finding& f : findings)
    if (f.rule->id == "unused-capability" && f.line) unused.emplace(f.file, f.line, f.column);
  std::erase_if(findings, [&](const Finding& f) {
    return f.rule->id == "ignored-manifest-key" && unused.count({f.file, f.line, f.column});
  });
}

void escalate_ignored(std::vector<Finding>& findings, const std::map<std::string, ReleaseSet, std::less<>>& denied) {
  for (Finding& f : findings) {
    if (f.rule->id != "ignored-manifest-key") continue;
    const std::string key = meant_grant(f);
    auto it = denied.find(key);
    if (it == denied.end() || !(it->second & f.releases)) continue;
    Finding e = make_finding("ignored-grant", f.pattern, f.args);
    e.file = f.file, e.line = f.line, e.column = f.column, e.name = f.name, e.releases = f.releases;
    e.notes = f.notes;
    e.notes.insert(e.notes.begin(),
                   fmt::format("the capsule needs {} and is denied it on {}", key, describe_releases(it->second & f.releases)));
    f = std::move(e);
  }
}

std::string kernel_version(const KernelRelease& release) {
  if (!release.tagged || release.name.size() < 2) return "0.10.4";
  return std::string(release.name.substr(1));
}

std::string_view grant_table(const GateNeed& need) {
  if (need.capability == ComponentCapability::Publish) return "publish";
  if (need.capability == ComponentCapability::Subscribe) return "subscribe";
  return "capabilities";
}

std::string grant_line(const GateNeed& need) {
  const std::string_view key = manifest_key(need.capability);
  switch (need.capability) {
    case ComponentCapability::FsRead:
    case ComponentCapability::FsWrite: return fmt::format("{} = [\"<path, e.g. cwd://data>\"]", key);
    case ComponentCapability::Net: return fmt::format("net = [\"<host, e.g. api.example.com>\"]");
    case ComponentCapability::NetConnect:
      return need.match == EntryMatch::HostAnyPort ? "net_connect = [\"<host:*, e.g. db.example.com:*>\"]"
                                                   : "net_connect = [\"<host:port, e.g. db.example.com:5432>\"]";
    case ComponentCapability::NetBind:
      return need.match == EntryMatch::UnixEntry || need.match == EntryMatch::AnyEntry ||
                     need.match == EntryMatch::Unspecified
                 ? "net_bind = [\"<unix:path, e.g. unix:/tmp/app.sock>\"]"
                 : "net_bind = [\"<host:port, e.g. 127.0.0.1:8080>\"]";
    case ComponentCapability::HostProcess: return "host_process = [\"<command, e.g. git>\"]";
    case ComponentCapability::AllowPersistent: return "allow_persistent = true";
    case ComponentCapability::Uplink: return "uplink = true";
    case ComponentCapability::Identity: return fmt::format("identity = [\"{}\"]", to_string(need.level));
    case ComponentCapability::Publish: return "\"<topic, e.g. myapp.events.*>\" = \"opaque\"";
    case ComponentCapability::Subscribe: return "\"<topic pattern, e.g. agent.v1.*>\" = \"opaque\"";
    case ComponentCapability::IpcPublish: return "ipc_publish = [\"<topic, e.g. myapp.events.*>\"]";
    case ComponentCapability::IpcSubscribe: return "ipc_subscribe = [\"<topic pattern, e.g. agent.v1.*>\"]";
  }
  return std::string(key);
}

namespace {

std::vector<Finding> manifest_keys_uncapped(const ComponentManifest& m, const std::string& path,
                                            const std::vector<const KernelRelease*>& releases) {
  std::vector<Finding> out;
  // One finding per key written, with the releases that ignore it, by why.
  struct Ignored {
    ReleaseSet unknown = 0, removed = 0, early = 0, unmerged = 0, unloaded = 0;
  };
  ReleaseSet component_era = 0;
  for (const KernelRelease* r : releases)
    if (r->era == Era::Component) component_era |= bit(*r);
  for (size_t i = 1; i < m.components.size() && component_era; ++i) {
    Finding f = make_finding("ignored-manifest-key",
                             "a second [[component]] ('{file}'): {kernels} load{s} only the first, and ignore{s} this one",
                             {{"file", m.components[i].file}});
    f.name = "component";
    f.releases = component_era;
    f.notes.push_back("a component-era capsule is one component: move what this one does into the first, or make it "
                      "its own capsule");
    out.push_back(at(std::move(f), path, m.components[i].position));
  }
  // The keys written, by table and entry, to tell a rename from a removal
  // in one look-up each (a megabyte of manifest holds forty thousand keys).
  std::set<std::tuple<std::string_view, size_t, std::string_view>> written;
  for (const ManifestKeyUse& use : m.keys) written.emplace(use.table, use.entry, use.key);
  for (const ManifestKeyUse& use : m.keys) {
    const bool second_component = use.table.starts_with("component") && use.entry > 0;
    Ignored why;
    const ManifestKey* key = find_manifest_key(use.table, use.key);
    // The keys of a table a release ignores are ignored with it: the
    // table's finding says so once.
    const std::string_view root_table = std::string_view(use.table).substr(0, use.table.find('.'));
    const ManifestKey* parent = root_table.empty() ? nullptr : find_manifest_key("", root_table);
    for (const KernelRelease* r : releases) {
      if (!schema_covers(use.table, *r)) continue;
      if (second_component && r->era == Era::Component) continue;  // reported once, above
      if (parent && r->era == Era::Component && !reads(*parent, *r)) continue;
      if (!key) why.unknown |= bit(*r);
      else if (!reads(*key, *r)) (find_kernel_release(key->since)->index > r->index ? why.early : why.removed) |= bit(*r);
      else if (use.table == "component.capabilities" && r->era == Era::Component && !merged_from_component(use.key, *r))
        why.unmerged |= bit(*r);
    }
    const std::string where = use.table.empty() ? "the manifest" : fmt::format("[{}]", use.table);
    auto add = [&](Finding f, ReleaseSet releases, std::string note) {
      f.name = use.key;
      f.releases = releases;
      if (!note.empty()) f.notes.push_back(std::move(note));
      out.push_back(at(std::move(f), path, use.position));
    };
    if (why.unknown) {
      const auto near = meant_manifest_key(use.table, use.key);
      // The fix must be right in the file as it is: renaming to a key the
      // table holds already would write a duplicate key (invalid TOML).
      // Then this line is only a leftover, and not the grant (no "meant":
      // the written key decides what is granted).
      const bool meant_written = near && written.count({use.table, use.entry, *near});
      Finding f = make_finding("ignored-manifest-key",
                               "'{key}' is not a key of {where}: {kernels} ignore{s} it{meant_text}",
                               {{"key", use.key}, {"where", where},
                                {"meant", near && !meant_written ? std::string(*near) : std::string()},
                                {"meant_text", near ? fmt::format(" (did you mean '{}'?)", *near) : std::string()}});
      add(std::move(f), why.unknown,
          !near           ? "remove it, or check the key against `astrid-abi rules ignored-manifest-key`"
          : meant_written ? fmt::format("remove it: '{}' is in {} already", *near, where)
                          : fmt::format("rename it to '{}'", *near));
    }
    if (why.removed) {
      Finding f = make_finding("ignored-manifest-key", "'{key}' in {where} is ignored from {until} on: {kernels} "
                                                       "ignore{s} it",
                               {{"key", use.key}, {"where", where}, {"until", std::string(key->until)}});
      add(std::move(f), why.removed,
          key->replacement.empty() ? "remove it" : fmt::format("use {} instead", key->replacement));
    }
    if (why.early) {
      Finding f = make_finding("ignored-manifest-key", "'{key}' in {where} is read only from {since} on: {kernels} "
                                                       "ignore{s} it",
                               {{"key", use.key}, {"where", where}, {"since", std::string(key->since)}});
      // A core module runs on no component-era kernel: requiring one is
      // no fix for it.
      const bool core_only = !component_era && find_kernel_release(key->since)->era == Era::Component;
      add(std::move(f), why.early,
          core_only ? "remove it: no kernel that loads a core module reads it"
                    : fmt::format("require kernel {} or later (astrid-version), or do without it", key->since));
    }
    if (why.unmerged) {
      Finding f = make_finding("ignored-manifest-key",
                               "'{key}' in a [[component]]'s capabilities: {kernels} merge{s} only fs_read, fs_write, "
                               "host_process, net and net_bind from there",
                               {{"key", use.key}});
      add(std::move(f), why.unmerged, "move it to [capabilities]");
    }
  }
  // Placeholders caps --emit-manifest writes, never replaced.
  auto placeholder = [&](std::string_view value, TextPosition position, std::string_view key) {
    Finding f = make_finding("unfilled-placeholder",
                             "'{key}' holds the placeholder \"{value}\", which grants nothing that works",
                             {{"key", std::string(key)}, {"value", std::string(value)}});
    f.name = std::string(key);
    f.notes.push_back("replace it with the real host, path, topic or command, as the example in it shows");
    out.push_back(at(std::move(f), path, position));
  };
  auto table_placeholders = [&](const CapabilityTable& t) {
    for (const CapabilityEntry& c : t.entries)
      for (size_t i = 0; i < c.values.size(); ++i)
        if (is_placeholder(c.values[i])) placeholder(c.values[i], c.value_positions[i], c.key);
  };
  table_placeholders(m.capabilities);
  for (const ComponentEntry& c : m.components) table_placeholders(c.capabilities);
  for (const auto* acl : {&m.publish, &m.subscribe})
    for (const TopicAcl& a : *acl)
      if (is_placeholder(a.pattern)) placeholder(a.pattern, a.position, acl == &m.publish ? "[publish]" : "[subscribe]");
  order_findings(out);
  return out;
}

}  // namespace

std::vector<Finding> check_manifest_keys(const ComponentManifest& m, const std::string& path,
                                         const std::vector<const KernelRelease*>& releases) {
  std::vector<Finding> out = manifest_keys_uncapped(m, path, releases);
  cap_per_rule(out, path);
  return out;
}

ComponentManifestFindings check_component_manifest(const ComponentManifest& manifest, const std::string& manifest_path,
                                                   const Report& component,
                                                   const std::vector<const KernelRelease*>& releases) {
  return ManifestChecker(manifest, manifest_path, component, releases).run();
}

}  // namespace astrid
