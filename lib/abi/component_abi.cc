// Queries over the component-era ABI: name resolution needs only the
// tables; anything with types reads the WIT, once, on first use.
#include "abi/component_abi.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include "abi/component_abi_data.h"
#include "abi/component_abi_wit.h"
#include "abi/wit_reader.h"
#include "support/suggest.h"

namespace astrid {
namespace {

bool serves(const ServedInstance& s, const ComponentRelease& r) { return r.index >= s.since && r.index < s.until; }

// "astrid:http/host@1.1.0" -> "astrid:http/host", "1.1.0".
std::pair<std::string_view, std::string_view> split_version(std::string_view name) {
  const size_t at = name.rfind('@');
  if (at == std::string_view::npos || name.find('/') == std::string_view::npos || at < name.find('/'))
    return {name, {}};
  return {name.substr(0, at), name.substr(at + 1)};
}

struct Version {
  uint64_t major = 0, minor = 0, patch = 0;
  bool pre_release = false;
  auto key() const { return std::make_tuple(major, minor, patch); }
};

std::optional<Version> parse_version(std::string_view text) {
  text = text.substr(0, text.find('+'));  // build metadata: not part of the track
  Version v;
  const size_t minus = text.find('-');
  v.pre_release = minus != std::string_view::npos;
  text = text.substr(0, minus);
  uint64_t* parts[] = {&v.major, &v.minor, &v.patch};
  for (int i = 0; i < 3; ++i) {
    const size_t dot = text.find('.');
    if ((i < 2) == (dot == std::string_view::npos)) return std::nullopt;
    const std::string_view n = text.substr(0, dot);
    const auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), *parts[i]);
    if (n.empty() || ec != std::errc() || p != n.data() + n.size()) return std::nullopt;
    text = i < 2 ? text.substr(dot + 1) : std::string_view();
  }
  return v;
}

// wasmtime's alternate lookup key (reference 3.2): `name@MAJOR` for major
// >= 1, `name@0.MINOR` for 0.x with x >= 1; none for 0.0.x, pre-releases,
// unversioned names, or what does not parse as a version.
std::optional<std::string> track(std::string_view name) {
  const auto [base, text] = split_version(name);
  if (text.empty()) return std::nullopt;
  const auto v = parse_version(text);
  if (!v || v->pre_release) return std::nullopt;
  if (v->major >= 1) return fmt::format("{}@{}", base, v->major);
  if (v->minor >= 1) return fmt::format("{}@0.{}", base, v->minor);
  return std::nullopt;
}

// What a linker resolves import names against: registered names, exactly
// and by semver track (the highest version on each), as wasmtime forms
// them (reference 3.2). One per release, and one for --wit's WIT: a
// capsule may import a million names, each resolved on every release.
template <typename T>
class NameIndex {
 public:
  void add(std::string_view name, const T* item) {
    exact_.emplace(name, item);
    const auto key = track(name);
    if (!key) return;
    auto [it, fresh] = tracks_.emplace(*key, item);
    if (!fresh && parse_version(split_version(name).second)->key() >
                      parse_version(split_version(it->second->name).second)->key())
      it->second = item;
  }
  const T* exact(std::string_view name) const {
    auto it = exact_.find(name);
    return it == exact_.end() ? nullptr : it->second;
  }
  const T* resolve(std::string_view import) const {
    if (const T* item = exact(import)) return item;
    const auto key = track(import);
    if (!key) return nullptr;
    auto it = tracks_.find(*key);
    return it == tracks_.end() ? nullptr : it->second;
  }

 private:
  std::unordered_map<std::string_view, const T*> exact_;
  std::unordered_map<std::string, const T*> tracks_;
};

const std::vector<NameIndex<ServedInstance>>& release_names_index() {
  static const std::vector<NameIndex<ServedInstance>> index = [] {
    std::vector<NameIndex<ServedInstance>> out(component_releases().size());
    for (const ComponentRelease& r : component_releases())
      for (const ServedInstance& s : served_instances())
        if (serves(s, r)) out[r.index].add(s.name, &s);
    return out;
  }();
  return index;
}

const ServedInstance* resolve_row(const ComponentRelease& release, std::string_view import) {
  return release_names_index()[release.index].resolve(import);
}

// --- the WIT, read once

struct Loaded {
  WitModel model;
  // One per served (name, shape); rows of served_instances() point here.
  std::vector<std::unique_ptr<HostInterface>> interfaces;
  std::map<const ServedInstance*, const HostInterface*> by_row;
  std::vector<GuestExport> c0_exports, guest_exports;
};

const AbiWitText& text_of(std::string_view package, std::string_view version) {
  for (const AbiWitText& t : abi_wit_texts())
    if (t.package == package && (t.version.empty() || t.version == version)) return t;
  throw std::logic_error(fmt::format("no WIT text for {}@{}", package, version));
}

// "astrid:process/host@1.1.0" -> its package "astrid:process", interface
// "host", version "1.1.0".
struct InstanceName {
  std::string_view package, interface, version;
};
InstanceName parse_instance(std::string_view name) {
  const auto [base, version] = split_version(name);
  const size_t slash = base.find('/');
  return {base.substr(0, slash), base.substr(slash + 1), version};
}

// The texts to read: one per (text, version, shape) some row serves.
struct Part {
  const AbiWitText* text;
  std::string_view version, shape;
  bool operator==(const Part&) const = default;
};

WitPackageFiles files_of(const Part& p) {
  // The `package` line goes on the text's first line, which the raw
  // literal leaves empty: line numbers in errors stay the text's own.
  std::string source = fmt::format("package {}@{};", p.text->package, p.version) + select_shape(*p.text, p.shape);
  std::string name = p.shape.empty() ? std::string(p.text->file) : fmt::format("{} ({})", p.text->file, p.shape);
  return WitPackageFiles{{WitFile{std::move(name), std::move(source)}}};
}

std::vector<Part> parts() {
  std::vector<Part> out;
  for (const ServedInstance& s : served_instances()) {
    if (!s.typed) continue;
    const InstanceName n = parse_instance(s.name);
    const Part p{&text_of(n.package, n.version), n.version, s.shape};
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  }
  return out;
}

std::optional<WitError> read_parts(WitModel& model, std::vector<std::pair<Part, const WitPackage*>>* read) {
  // Texts of one shape read together; each shaped text alone, against the
  // io package only, since several shapes share a package name.
  const std::vector<Part> all = parts();
  std::vector<WitPackageFiles> plain;
  std::vector<Part> plain_parts;
  for (const Part& p : all)
    if (p.text->shapes.empty()) {
      plain.push_back(files_of(p));
      plain_parts.push_back(p);
    }
  if (auto error = read_wit(model, plain)) return error;
  if (read)
    for (const Part& p : plain_parts)
      read->push_back({p, model.find_package(fmt::format("{}@{}", p.text->package, p.version))});
  const WitPackage* io = model.find_package("astrid:io@1.0.0");
  for (const Part& p : all) {
    if (p.text->shapes.empty()) continue;
    WitReadOptions options;
    options.deps = std::vector<const WitPackage*>{io};
    const WitPackageFiles files = files_of(p);
    if (auto error = read_wit(model, std::span(&files, 1), options)) return error;
    if (read) read->push_back({p, model.packages.back().get()});
  }
  return std::nullopt;
}

std::vector<GuestExport> exports_of(const WitModel& model, std::initializer_list<std::string_view> worlds,
                                    bool required) {
  std::vector<GuestExport> out;
  for (std::string_view world : worlds) {
    const WitWorld* w = model.find_world(world);
    if (!w) throw std::logic_error(fmt::format("no world {}", world));
    for (const WitWorldItem& e : w->exports) {
      GuestExport g;
      if (e.name == "astrid-hook-trigger")
        g.role = GuestRole::HookTrigger;
      else if (e.name == "run")
        g.role = GuestRole::RunLoop;
      else if (e.name == "astrid-install")
        g.role = GuestRole::Install;
      else if (e.name == "astrid-upgrade")
        g.role = GuestRole::Upgrade;
      else
        throw std::logic_error(fmt::format("unknown guest export {}", e.name));
      g.name = e.name;
      g.type = e.func;
      g.required = required;
      g.stub_detected = g.role != GuestRole::HookTrigger;
      g.world = w->full_name;
      out.push_back(std::move(g));
    }
  }
  return out;
}

Loaded load() {
  Loaded l;
  std::vector<std::pair<Part, const WitPackage*>> read;
  if (auto error = read_parts(l.model, &read))
    throw std::logic_error("the component ABI's WIT does not read: " + error->to_string());
  std::map<std::pair<std::string_view, std::string_view>, const HostInterface*> made;
  for (const ServedInstance& s : served_instances()) {
    auto [it, fresh] = made.try_emplace({s.name, s.shape}, nullptr);
    if (fresh) {
      auto h = std::make_unique<HostInterface>();
      h->name = s.name;
      h->shape = s.shape;
      if (s.typed) {
        const InstanceName n = parse_instance(s.name);
        const Part want{&text_of(n.package, n.version), n.version, s.shape};
        for (const auto& [part, package] : read)
          if (part == want) h->wit = package->find_interface(n.interface);
        if (!h->wit) throw std::logic_error(fmt::format("{}: no interface {} in its text", s.name, n.interface));
      }
      it->second = h.get();
      l.interfaces.push_back(std::move(h));
    }
    l.by_row[&s] = it->second;
  }
  l.c0_exports = exports_of(l.model, {"astrid:capsule/capsule@0.1.0"}, true);
  l.guest_exports = exports_of(l.model,
                               {"astrid:guest/interceptor@1.0.0", "astrid:guest/background@1.0.0",
                                "astrid:guest/installable@1.0.0", "astrid:guest/upgradable@1.0.0"},
                               false);
  return l;
}

const Loaded& loaded() {
  static const Loaded l = load();
  return l;
}

bool same_interface(std::string_view rule, std::string_view instance) { return split_version(instance).first == rule; }

// --- the WIT of --wit, as one more release

struct WitRelease {
  ComponentRelease release;
  std::string name = "wit";
  std::string date;  // the directory, for the release's description
  WitModel model;
  std::vector<std::unique_ptr<HostInterface>> interfaces;
  NameIndex<HostInterface> names;
};

std::unique_ptr<WitRelease>& wit_slot() {
  static std::unique_ptr<WitRelease> slot;
  return slot;
}

bool is_wit(const ComponentRelease& release) {
  const auto& w = wit_slot();
  return w && &release == &w->release;
}

// Gates, notes and exports of the WIT release are main's.
const ComponentRelease& behaviour(const ComponentRelease& release) {
  return is_wit(release) ? component_releases()[kMain] : release;
}

const HostInterface* wit_resolve(std::string_view import) { return wit_slot()->names.resolve(import); }

}  // namespace

std::optional<WitError> load_wit_release(const std::string& dir) {
  auto read = read_wit_dir(dir);
  if (auto* error = std::get_if<WitError>(&read)) return *error;
  auto w = std::make_unique<WitRelease>();
  w->model = std::move(std::get<WitModel>(read));
  w->date = dir;
  for (const auto& package : w->model.packages)
    for (const auto& iface : package->interfaces) {
      auto h = std::make_unique<HostInterface>();
      h->wit = iface.get();
      h->name = iface->full_name;
      w->names.add(h->name, h.get());
      w->interfaces.push_back(std::move(h));
    }
  ComponentRelease& r = w->release;
  const ComponentRelease& main = component_releases()[kMain];
  r.name = w->name;
  r.commit = "";
  r.date = w->date;
  r.tagged = false;
  r.abi = "wit";
  r.engine = main.engine;
  r.index = component_releases().size();
  wit_slot() = std::move(w);
  return std::nullopt;
}

const ComponentRelease* wit_release() { return wit_slot() ? &wit_slot()->release : nullptr; }

std::vector<const ComponentRelease*> link_releases() {
  std::vector<const ComponentRelease*> out;
  for (const ComponentRelease& r : component_releases()) out.push_back(&r);
  if (const ComponentRelease* w = wit_release()) out.push_back(w);
  return out;
}

const TypeGraph& host_types(const ComponentRelease& release) {
  return is_wit(release) ? wit_slot()->model.types : component_abi_types();
}

std::optional<WitError> load_component_abi_wit(WitModel& into) { return read_parts(into, nullptr); }

const ComponentRelease* find_component_release(std::string_view name) {
  for (const ComponentRelease& r : component_releases())
    if (r.name == name || (r.tagged && r.name.substr(1) == name)) return &r;
  if (const ComponentRelease* w = wit_release(); w && w->name == name) return w;
  return nullptr;
}

std::string describe_releases(const std::vector<const ComponentRelease*>& releases) {
  std::string out;
  for (size_t i = 0; i < releases.size();) {
    size_t j = i;
    while (j + 1 < releases.size() && releases[j + 1]->index == releases[j]->index + 1) ++j;
    if (!out.empty()) out += ",";
    out += releases[i]->name;
    if (j > i) out += fmt::format("..{}", releases[j]->name);
    i = j + 1;
  }
  return out.empty() ? "-" : out;
}

const WitFunction* HostInterface::find_function(std::string_view component_name) const {
  return wit ? wit->find_function(component_name) : nullptr;
}

std::vector<std::string_view> HostInterface::resources() const {
  std::vector<std::string_view> out;
  if (wit)
    for (const WitTypeDef& t : wit->types)
      if (t.kind == WitTypeDefKind::Resource) out.push_back(t.name);
  return out;
}

std::vector<std::string_view> registered_instances(const ComponentRelease& release) {
  std::vector<std::string_view> out;
  if (is_wit(release)) {
    for (const auto& h : wit_slot()->interfaces) out.push_back(h->name);
    return out;
  }
  for (const ServedInstance& s : served_instances())
    if (serves(s, release)) out.push_back(s.name);
  return out;
}

std::optional<std::string_view> resolve_instance_name(const ComponentRelease& release, std::string_view import) {
  if (is_wit(release)) {
    const HostInterface* h = wit_resolve(import);
    return h ? std::optional<std::string_view>(h->name) : std::nullopt;
  }
  if (const ServedInstance* s = resolve_row(release, import)) return s->name;
  return std::nullopt;
}

const HostInterface* resolve_instance(const ComponentRelease& release, std::string_view import) {
  if (is_wit(release)) return wit_resolve(import);
  const ServedInstance* s = resolve_row(release, import);
  return s ? loaded().by_row.at(s) : nullptr;
}

const HostInterface* host_interface(const ComponentRelease& release, std::string_view registered) {
  if (is_wit(release)) {
    return wit_slot()->names.exact(registered);
  }
  for (const ServedInstance& s : served_instances())
    if (serves(s, release) && s.name == registered) return loaded().by_row.at(&s);
  return nullptr;
}

std::vector<std::string_view> all_instance_names() {
  std::vector<std::string_view> out;
  for (const ServedInstance& s : served_instances())
    if (std::find(out.begin(), out.end(), s.name) == out.end()) out.push_back(s.name);
  return out;
}

std::optional<std::string_view> suggest_instance(std::string_view import) {
  return closest_name(import, all_instance_names());
}

std::vector<ReleaseRun> served_runs(std::string_view instance) {
  std::vector<ReleaseRun> out;
  for (const ComponentRelease& r : component_releases()) {
    bool served = false;
    for (const ServedInstance& s : served_instances()) served = served || (serves(s, r) && s.name == instance);
    if (!served) continue;
    if (!out.empty() && out.back().last->index + 1 == r.index)
      out.back().last = &r;
    else
      out.push_back({&r, &r});
  }
  return out;
}

std::vector<const ComponentRelease*> resolving_releases(std::string_view import) {
  std::vector<const ComponentRelease*> out;
  for (const ComponentRelease& r : component_releases())
    if (resolve_row(r, import)) out.push_back(&r);
  return out;
}

std::vector<const ComponentRelease*> releases_with_function(std::string_view import, std::string_view function) {
  std::vector<const ComponentRelease*> out;
  for (const ComponentRelease& r : component_releases())
    if (const HostInterface* h = resolve_instance(r, import); h && h->find_function(function)) out.push_back(&r);
  return out;
}

const TypeGraph& component_abi_types() { return loaded().model.types; }
const WitModel& component_abi_model() { return loaded().model; }

std::string_view manifest_key(ComponentCapability capability) {
  switch (capability) {
    case ComponentCapability::FsRead: return "fs_read";
    case ComponentCapability::FsWrite: return "fs_write";
    case ComponentCapability::Net: return "net";
    case ComponentCapability::NetConnect: return "net_connect";
    case ComponentCapability::NetBind: return "net_bind";
    case ComponentCapability::HostProcess: return "host_process";
    case ComponentCapability::AllowPersistent: return "allow_persistent";
    case ComponentCapability::Identity: return "identity";
    case ComponentCapability::Uplink: return "uplink";
    case ComponentCapability::Publish: return "[publish]";
    case ComponentCapability::Subscribe: return "[subscribe]";
    case ComponentCapability::IpcPublish: return "ipc_publish";
    case ComponentCapability::IpcSubscribe: return "ipc_subscribe";
  }
  return "?";
}

std::string describe(const HostGate& gate) {
  switch (gate.kind) {
    case GateKind::None: return "-";
    case GateKind::AlwaysDenied: return "always capability-denied";
    case GateKind::LifecycleOnly: return "only inside astrid-install/astrid-upgrade (else not-in-lifecycle)";
    case GateKind::Capabilities: break;
  }
  std::vector<std::string> parts;
  for (const GateNeed& n : gate.needs) {
    const std::string_view key = manifest_key(n.capability);
    std::string text;
    switch (n.match) {
      case EntryMatch::Unspecified:
      case EntryMatch::FsPath: text = key; break;
      case EntryMatch::Flag: text = fmt::format("{}=true", key); break;
      case EntryMatch::HostAllowlist: text = fmt::format("{} (host allowlist: exact, subdomain, or *)", key); break;
      case EntryMatch::HostPort: text = fmt::format("{} host:port or host:*", key); break;
      case EntryMatch::HostAnyPort: text = fmt::format("{} with port 0 (host:* or host:0)", key); break;
      case EntryMatch::AnyEntry: text = fmt::format("{}: any non-empty entry", key); break;
      case EntryMatch::UnixEntry: text = fmt::format("{}: an entry starting unix:", key); break;
      case EntryMatch::Command:
        text = fmt::format("{} (cmd equals an entry, or starts with entry plus a space)", key);
        break;
      case EntryMatch::TopicPattern: text = fmt::format("{} keys", key); break;
      case EntryMatch::IdentityLevel: {
        std::vector<std::string_view> levels;
        for (IdentityLevel l : {IdentityLevel::Resolve, IdentityLevel::Link, IdentityLevel::Admin})
          if (l >= n.level) levels.push_back(to_string(l));
        text = fmt::format("{}: {}", key, fmt::join(levels, "|"));
        break;
      }
    }
    if (n.fallback) text += fmt::format(" (fallback capabilities.{} when {} empty)", manifest_key(*n.fallback), key);
    parts.push_back(std::move(text));
  }
  if (gate.checks & kSsrfAirlock) parts.emplace_back("SSRF airlock");
  if (gate.checks & kHttpSchemes) parts.emplace_back("scheme http/https");
  if (gate.checks & kLoopbackOnly) parts.emplace_back("loopback-only");
  return fmt::format("{}", fmt::join(parts, " + "));
}

const HostGate& host_gate(const ComponentRelease& given, std::string_view instance, std::string_view function) {
  static const HostGate kUngated;
  const ComponentRelease& release = behaviour(given);
  for (const GateRule& g : gate_rules())
    if (g.function == function && release.index >= g.since && release.index < g.until &&
        same_interface(g.interface, instance))
      return g.gate;
  return kUngated;
}

std::optional<RuntimeNote> runtime_note(const ComponentRelease& given, std::string_view instance,
                                        std::string_view function) {
  const ComponentRelease& release = behaviour(given);
  for (const NoteRule& n : note_rules())
    if (n.function == function && release.index >= n.since && release.index < n.until &&
        same_interface(n.interface, instance))
      return n.note;
  return std::nullopt;
}

bool cannot_succeed(const ComponentRelease& release, std::string_view instance, std::string_view function) {
  if (host_gate(release, instance, function).kind == GateKind::AlwaysDenied) return true;
  const auto note = runtime_note(release, instance, function);
  return note && note->kind != RuntimeKind::Restricted;
}

std::string_view to_string(GuestRole role) {
  switch (role) {
    case GuestRole::HookTrigger: return "interceptor and tool dispatch";
    case GuestRole::RunLoop: return "run loop";
    case GuestRole::Install: return "install hook";
    case GuestRole::Upgrade: return "upgrade hook";
  }
  return "?";
}

const std::vector<GuestExport>& guest_exports(const ComponentRelease& given) {
  const ComponentRelease& release = behaviour(given);
  return release.index == kV060 ? loaded().c0_exports : loaded().guest_exports;
}

}  // namespace astrid
