#include "check/component_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "check/rules.h"
#include "check/type_match.h"
#include "support/suggest.h"

namespace astrid {
namespace {

constexpr std::string_view kWasiPrefix = "wasi:";

// Proposals no release's engine enables (reference section 5), and the one
// only main's does.
constexpr uint32_t kNeverEnabled =
    static_cast<uint32_t>(Proposal::Gc) | static_cast<uint32_t>(Proposal::Exceptions) |
    static_cast<uint32_t>(Proposal::ExnRef) | static_cast<uint32_t>(Proposal::StackSwitching) |
    static_cast<uint32_t>(Proposal::CustomPageSizes) | static_cast<uint32_t>(Proposal::CustomDescriptors);
constexpr uint32_t kMainOnly = static_cast<uint32_t>(Proposal::FunctionReferences);

ReleaseSet bit(const ComponentRelease& r) { return ReleaseSet{1} << kernel_release(r).index; }

ReleaseSet bits(const std::vector<const ComponentRelease*>& releases) {
  ReleaseSet set = 0;
  for (const ComponentRelease* r : releases) set |= bit(*r);
  return set;
}

std::string_view base_name(std::string_view instance) {
  const size_t at = instance.rfind('@');
  return at == std::string_view::npos || at < instance.find('/') ? instance : instance.substr(0, at);
}

// What ComponentizeJS writes in the producers section (processed-by
// "ComponentizeJS" 0.14.0; "componentize-js" elsewhere; the StarlingMonkey
// engine it embeds), or a component whose language is JavaScript.
bool made_by_componentize_js(const Component& component) {
  for (const Producer& p : component.producers) {
    std::string name = p.name;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (name.find("componentizejs") != std::string::npos || name.find("componentize-js") != std::string::npos ||
        name.find("starlingmonkey") != std::string::npos || (p.field == "language" && name == "javascript"))
      return true;
  }
  return false;
}

class ComponentChecker {
 public:
  ComponentChecker(const Component& component, const std::vector<CoreModule>& core,
                   const std::vector<const KernelRelease*>& checked)
      : c_(component), core_(core), checked_(checked), javascript_(made_by_componentize_js(component)) {
    for (const ComponentRelease* r : link_releases()) all_ |= bit(*r);
    for (const KernelRelease* k : checked) checked_set_ |= ReleaseSet{1} << k->index;
  }

  Report run() {
    for (const ComponentImport& import : c_.imports) check_import(import);
    sum_up_futile_imports();
    check_core_modules();
    check_exports();
    check_extism_releases();
    sum_up_overflow();
    Report report;
    report.component = summarize();
    report.findings = keep_checked();
    order_findings(report.findings);
    if (checked_.size() > 1)
      for (const KernelRelease* k : checked_)
        report.kernels.push_back({k, !(blocked_ >> k->index & 1)});
    return report;
  }

 private:
  // --- findings

  // One finding per problem: the same rule, place and message arguments
  // on several releases are one finding with those releases. Past
  // kMaxFindingsPerRule distinct findings of a rule, they are only
  // counted; which releases they block is recorded all the same.
  void add(Finding f) {
    if (f.rule->blocks_load) blocked_ |= f.releases;
    std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}", f.rule->id, f.module, f.name, f.offset.value_or(~0ull),
                                  f.pattern);
    for (const MessageArg& a : f.args) key += "\x1f" + a.value;
    auto it = index_.find(key);
    if (it != index_.end()) {
      findings_[it->second].releases |= f.releases;
      return;
    }
    if (++per_rule_[f.rule->id] > kMaxFindingsPerRule) return;
    index_.emplace(std::move(key), findings_.size());
    findings_.push_back(std::move(f));
  }

  // Past the cap a rule's findings are only counted, and their callers
  // skip what the message and notes would cost (a did-you-mean over every
  // known name, a type written out): a component of a million bad imports
  // is checked in time linear in them. Which releases they block still
  // counts.
  bool saturated(std::string_view rule_id) const {
    auto it = per_rule_.find(rule_id);
    return it != per_rule_.end() && it->second >= kMaxFindingsPerRule;
  }
  void count_only(std::string_view rule_id, ReleaseSet releases) {
    const Rule& r = rule(rule_id);
    if (r.blocks_load) blocked_ |= releases;
    ++per_rule_[r.id];
  }

  Finding at(std::string_view rule_id, const ComponentImport& import, const InstanceExportDecl* decl,
             std::string_view pattern, std::vector<MessageArg> args, ReleaseSet releases) {
    Finding f = make_finding(rule_id, pattern, std::move(args));
    f.module = import.name;
    f.name = decl ? decl->name : std::string();
    f.offset = decl ? decl->offset : import.offset;
    f.releases = releases;
    return f;
  }

  void sum_up_overflow() {
    for (const auto& [id, count] : per_rule_) {
      if (count <= kMaxFindingsPerRule) continue;
      Finding f = make_finding(id, "{more} more {rule} findings in this component are not listed",
                               {{"more", std::to_string(count - kMaxFindingsPerRule), ArgRole::Description}, {"rule", std::string(id)}});
      findings_.push_back(std::move(f));
    }
  }

  // Only what concerns the releases being checked is reported; the rest
  // served to find where the component links.
  std::vector<Finding> keep_checked() {
    std::vector<Finding> out;
    for (Finding& f : findings_) {
      if (f.releases != 0) {
        f.releases &= checked_set_;
        if (f.releases == 0) continue;
      }
      out.push_back(std::move(f));
    }
    return out;
  }

  // --- imports (reference sections 3.4, 3.7)

  void check_import(const ComponentImport& import) {
    switch (import.kind) {
      case Sort::Instance: check_instance(import); return;
      case Sort::Type:
        if (import.fresh_resource) unsupported(import, "a resource type", "resource implementation is missing");
        return;  // a plain type (a world-level `use`): wasmtime ignores it
      case Sort::Func: unsupported(import, "a function", "function implementation is missing"); return;
      case Sort::Module: unsupported(import, "a core module", "module implementation is missing"); return;
      case Sort::Component: unsupported(import, "a component", "component implementation is missing"); return;
      case Sort::Value:
        unsupported(import, "a value", "wasmtime never enables the component-model values feature");
        return;
    }
  }

  void unsupported(const ComponentImport& import, std::string_view what, std::string_view why) {
    Finding f = at("unsupported-import", import, nullptr,
                   "the capsule imports {what} '{name}' at its top level, which no kernel provides ({why}): it will "
                   "not load",
                   {{"what", std::string(what)}, {"name", import.name}, {"why", std::string(why)}}, all_);
    f.name = import.name;
    f.module.clear();
    f.notes.push_back("the kernel serves host functions only as interfaces: import them through the astrid:* "
                      "interfaces of your WIT world");
    add(std::move(f));
  }

  static bool needs_host(const ComponentImport& import) {
    return std::any_of(import.exports.begin(), import.exports.end(), [](const InstanceExportDecl& d) {
      return d.kind != Sort::Type || d.fresh_resource;
    });
  }

  void check_instance(const ComponentImport& import) {
    // An instance of nothing but plain types links whether the kernel
    // serves it or not (reference 3.3).
    if (!needs_host(import)) return;
    const bool wasi = import.name.starts_with(kWasiPrefix);
    if (wasi) wasi_ = true;
    ReleaseSet unresolved = 0, unchecked = 0;
    // Releases that serve the same ABI give the same answers: each import
    // is compared once per distinct ABI.
    std::map<std::string_view, ReleaseSet> by_abi;
    std::map<std::string_view, std::pair<const ComponentRelease*, const HostInterface*>> first_of_abi;
    for (const ComponentRelease* r : link_releases()) {
      const HostInterface* host = resolve_instance(*r, import.name);
      if (!host)
        unresolved |= bit(*r);
      else if (!host->wit)
        unchecked |= bit(*r);
      else {
        by_abi[r->abi] |= bit(*r);
        first_of_abi.try_emplace(r->abi, r, host);
      }
    }
    if (unresolved) not_served(import, wasi, unresolved);
    if (unchecked)
      add(at("unchecked-import", import, nullptr,
             "'{instance}' is linked by {kernels} from WASI 0.2.6, whose types astrid-abi does not know: its "
             "functions are not type-checked",
             {{"instance", import.name}}, unchecked));
    for (const auto& [abi, releases] : by_abi) {
      const auto [release, host] = first_of_abi.at(abi);
      check_against(import, *release, *host, releases);
    }
  }

  void not_served(const ComponentImport& import, bool wasi, ReleaseSet releases) {
    if (const char* id = wasi ? "wasi-import" : "unknown-interface"; saturated(id)) return count_only(id, releases);
    if (wasi) {
      Finding f = at("wasi-import", import, nullptr,
                     "'{instance}' is a WASI interface, and {kernels} link{s} no WASI: the capsule will not load there",
                     {{"instance", import.name}}, releases);
      if (javascript_)
        f.notes.push_back("ComponentizeJS leaves WASI imports in its output even with every WASI feature disabled "
                          "(-d all): build with the JS SDK's pinned toolchain, which imports none");
      else
        f.notes.push_back("build for wasm32-unknown-unknown, as `astrid build` does by default: a wasm32-wasip2 "
                          "build imports WASI through the Rust standard library");
      if (!(releases & bit(component_releases().front())))
        f.notes.push_back("only kernel v0.6.0 linked WASI 0.2; from v0.7.0 on, host functions are astrid:* "
                          "interfaces only");
      add(std::move(f));
      return;
    }
    Finding f = at("unknown-interface", import, nullptr,
                   "interface '{instance}' is not served by {kernels}, so the capsule will not load there",
                   {{"instance", import.name}}, releases);
    const std::vector<const ComponentRelease*> serving = resolving_releases(import.name);
    if (!serving.empty()) {
      Finding probe;
      probe.releases = bits(serving);
      f.notes.push_back(fmt::format("it is served by {}", describe_releases(probe.releases)));
    } else {
      const std::string_view base = base_name(import.name);
      std::vector<std::string_view> versions;
      for (std::string_view name : all_instance_names())
        if (base_name(name) == base) versions.push_back(name.substr(base.size()));
      if (!versions.empty()) {
        const std::string_view version =
            import.name.size() > base.size() ? std::string_view(import.name).substr(base.size() + 1) : "";
        if (version.empty())
          f.notes.push_back(fmt::format("import it with its version: kernels serve {}{}", base, fmt::join(versions, ", ")));
        else if (version.find('-') != std::string_view::npos)
          f.notes.push_back(fmt::format("a pre-release version resolves only to that exact name; kernels serve {}{}",
                                        base, fmt::join(versions, ", ")));
        else
          f.notes.push_back(fmt::format("kernels serve {} only as {}: build against a WIT the kernel has", base,
                                        fmt::join(versions, ", ")));
      } else if (auto near = suggest_instance(import.name)) {
        f.notes.push_back(fmt::format("did you mean '{}'?", *near));
      } else {
        f.notes.push_back("no kernel release serves this interface: the kernel's interfaces are astrid:*@1.0.0 "
                          "(`astrid-abi table --abi v0.10.4` lists them)");
      }
    }
    add(std::move(f));
  }

  // The import against the interface one ABI resolves it to; `releases`
  // are the releases of that ABI that resolve it so.
  void check_against(const ComponentImport& import, const ComponentRelease& release, const HostInterface& host,
                     ReleaseSet releases) {
    const std::string resolved = import.name == host.name ? std::string() : std::string(host.name);
    const std::vector<std::string_view> resources = host.resources();
    const TypeGraph& host_graph = host_types(release);
    const TypeSides sides{c_.types, host_graph,
                          [&release](std::string_view owner) { return resolve_instance_name(release, owner); }};
    // Resources first, as wasmtime checks them (reference addendum 5).
    for (const InstanceExportDecl& decl : import.exports) {
      if (decl.kind != Sort::Type || !decl.fresh_resource) continue;
      if (std::find(resources.begin(), resources.end(), decl.name) != resources.end()) continue;
      Finding f = at("missing-resource", import, &decl, "'{instance}' defines no resource '{name}' on {kernels}{via}",
                     {{"instance", import.name}, {"name", decl.name}, {"via", resolved_via(resolved)}}, releases);
      add(std::move(f));
    }
    for (const InstanceExportDecl& decl : import.exports) {
      if (decl.kind == Sort::Type) continue;
      if (decl.kind != Sort::Func || !decl.func) {
        add(at("missing-function", import, &decl,
               "'{instance}' has no {what} '{name}' on {kernels}: kernel interfaces hold functions and resources only",
               {{"instance", import.name}, {"what", std::string(to_string(decl.kind))}, {"name", decl.name}},
               releases));
        continue;
      }
      const WitFunction* fn = host.find_function(decl.name);
      if (!fn) {
        missing_function(import, decl, host, resolved, releases);
        continue;
      }
      if (auto diff = compare_func(sides, *decl.func, fn->type)) {
        if (saturated("mistyped-function")) {
          count_only("mistyped-function", releases);
          continue;
        }
        Finding f = at("mistyped-function", import, &decl,
                       "'{name}' of '{instance}' does not have the type {kernels} register{s}{via}: {difference}",
                       {{"name", decl.name},
                        {"instance", import.name},
                        {"via", resolved_via(resolved)},
                        {"difference", diff->path}},
                       releases);
        f.expected = format_func(host_graph, fn->type);
        f.actual = format_func(c_.types, *decl.func);
        f.notes.push_back(fmt::format("the kernel's: {}: {}", fn->name, std::get<std::string>(*f.expected)));
        f.notes.push_back("rebuild the capsule against the WIT of the kernel release it runs on");
        add(std::move(f));
        continue;
      }
      check_runtime(import, decl, release, host, releases);
    }
  }

  static std::string resolved_via(const std::string& resolved) {
    return resolved.empty() ? std::string() : fmt::format(" (it resolves to {} there)", resolved);
  }

  void missing_function(const ComponentImport& import, const InstanceExportDecl& decl, const HostInterface& host,
                        const std::string& resolved, ReleaseSet releases) {
    if (saturated("missing-function")) return count_only("missing-function", releases);
    Finding f = at("missing-function", import, &decl, "'{instance}' has no function '{name}' on {kernels}{via}",
                   {{"instance", import.name}, {"name", decl.name}, {"via", resolved_via(resolved)}}, releases);
    const ReleaseSet having = bits(releases_with_function(import.name, decl.name));
    if (having) {
      f.notes.push_back(fmt::format("{} {} it", describe_releases(having), std::popcount(having) == 1 ? "has" : "have"));
    } else if (host.wit) {
      std::vector<std::string_view> names;
      for (const WitFunction& fn : host.wit->functions) names.push_back(fn.name);
      if (auto near = closest_name(decl.name, names)) f.notes.push_back(fmt::format("did you mean '{}'?", *near));
    }
    add(std::move(f));
  }

  // Links, but what the kernel does with it (reference sections 6, 10).
  void check_runtime(const ComponentImport& import, const InstanceExportDecl& decl, const ComponentRelease& release,
                     const HostInterface& host, ReleaseSet releases) {
    if (!cannot_succeed(release, host.name, decl.name)) return;
    // A call always denied says so whatever the note calls it: the grant an
    // author would add for it cannot help.
    std::string why = "the kernel always answers capability-denied, whatever Capsule.toml grants";
    if (auto note = runtime_note(release, host.name, decl.name);
        note && host_gate(release, host.name, decl.name).kind != GateKind::AlwaysDenied)
      why = std::string(note->text);
    if (javascript_) {
      futile_.push_back({&import, decl.name, std::move(why), releases});
      return;
    }
    Finding f = at("cannot-succeed", import, &decl, "'{name}' of '{instance}' links on {kernels} but cannot succeed there: {why}",
                   {{"name", decl.name}, {"instance", import.name}, {"why", why}}, releases);
    add(std::move(f));
  }

  // A JavaScript capsule imports whole interfaces, so the functions that
  // cannot succeed are those of its world, not of its script: one finding
  // per interface, each function with its reason a detail (-v, JSON).
  struct Futile {
    const ComponentImport* import;
    std::string function, why;
    ReleaseSet releases;
  };

  void sum_up_futile_imports() {
    for (size_t i = 0; i < futile_.size();) {
      const ComponentImport& import = *futile_[i].import;
      // Each function once, with the releases checked where it cannot
      // succeed for that reason.
      std::vector<Futile> functions;
      ReleaseSet releases = 0;
      for (; i < futile_.size() && futile_[i].import == &import; ++i) {
        Futile x = futile_[i];
        x.releases &= checked_set_;
        if (!x.releases) continue;
        releases |= x.releases;
        auto same = std::find_if(functions.begin(), functions.end(),
                                 [&](const Futile& y) { return y.function == x.function && y.why == x.why; });
        if (same == functions.end()) functions.push_back(std::move(x));
        else same->releases |= x.releases;
      }
      if (!releases) continue;
      std::vector<std::string_view> names;
      for (const Futile& x : functions)
        if (std::find(names.begin(), names.end(), x.function) == names.end()) names.push_back(x.function);
      Finding f = at("cannot-succeed", import, nullptr,
                     "{count} of the functions the JavaScript capsule imports with '{instance}' cannot succeed on "
                     "{kernels}, where they link: the script must not call them (-v lists them)",
                     {{"count", std::to_string(names.size())}, {"instance", import.name}}, releases);
      for (const Futile& x : functions)
        f.details.push_back(x.releases == releases ? fmt::format("'{}': {}", x.function, x.why)
                                                   : fmt::format("'{}' on {}: {}", x.function,
                                                                 describe_releases(x.releases), x.why));
      add(std::move(f));
    }
    futile_.clear();
  }

  // --- core modules (reference section 5)

  void check_core_modules() {
    for (const CoreModule& m : core_) {
      for (const Memory& mem : m.module->memories) {
        if (mem.limits.initial <= kComponentMaxMemoryPages) continue;
        Finding f = make_finding("memory-limit",
                                 "a core module's memory starts at {pages} pages, above the kernel's cap of {cap} "
                                 "pages (64 MiB): instantiation fails",
                                 {{"pages", std::to_string(mem.limits.initial), ArgRole::Description},
                                  {"cap", std::to_string(kComponentMaxMemoryPages)}});
        f.offset = m.base + mem.offset;
        f.releases = all_;
        f.notes.push_back("lower the initial memory (wasm-ld --initial-memory, or the Rust target's default)");
        add(std::move(f));
      }
      disabled_features(m, kNeverEnabled, all_);
      ReleaseSet before_main = 0;
      for (const ComponentRelease* r : link_releases())
        if (!r->engine.function_references) before_main |= bit(*r);
      disabled_features(m, kMainOnly, before_main);
    }
  }

  void disabled_features(const CoreModule& m, uint32_t mask, ReleaseSet releases) {
    if (!(m.module->proposals & mask) || !releases) return;
    Finding f = make_finding("disabled-feature",
                             "a core module uses {features}, which {kernels} disable{s}: the component does not compile "
                             "there",
                             {{"features", m.module->describe_proposals(mask)}});
    f.offset = m.base;
    f.releases = releases;
    f.notes.push_back("build without them (for Rust: panic=abort, no wasm exception handling; no GC language "
                      "runtime)");
    add(std::move(f));
  }

  // --- exports (reference section 4)

  const ComponentExport* find_export(std::string_view name) const {
    for (const ComponentExport& e : c_.exports)
      if (e.name == name) return &e;
    return nullptr;
  }

  // Whether the kernel takes `name` for a real export, not the SDK's
  // shared no-op stub (reference 4.3): the first export section, core or
  // component, in file order, that exports it decides; there it is real
  // unless another of the trio has the same function index.
  struct ExportSection {
    uint64_t offset;
    std::vector<std::pair<std::string_view, uint32_t>> funcs;
  };

  std::vector<ExportSection> export_sections() const {
    std::vector<ExportSection> out;
    for (const ExportSectionRecord& s : c_.export_sections) {
      ExportSection e{s.offset, {}};
      for (const auto& [name, index] : s.funcs) e.funcs.emplace_back(name, index);
      out.push_back(std::move(e));
    }
    for (const CoreModule& m : core_) {
      ExportSection e{~0ull, {}};
      for (const Export& x : m.module->exports) {
        if (x.kind != ExternKind::Func) continue;
        e.offset = std::min(e.offset, m.base + x.offset);
        e.funcs.emplace_back(x.name, x.index);
      }
      if (!e.funcs.empty()) out.push_back(std::move(e));
    }
    std::stable_sort(out.begin(), out.end(), [](const ExportSection& a, const ExportSection& b) { return a.offset < b.offset; });
    return out;
  }

  static constexpr std::string_view kTrio[] = {"run", "astrid-install", "astrid-upgrade"};

  // Real, a stub (and which trio member it shares a body with), or absent.
  struct Presence {
    bool present = false;
    bool real = false;
    std::string shares;  // the other trio member of the same index
  };

  Presence presence(std::string_view name, const std::vector<ExportSection>& sections) const {
    for (const ExportSection& s : sections) {
      auto it = std::find_if(s.funcs.begin(), s.funcs.end(), [&](const auto& f) { return f.first == name; });
      if (it == s.funcs.end()) continue;
      for (const auto& [other, index] : s.funcs)
        if (other != name && index == it->second && std::find(std::begin(kTrio), std::end(kTrio), other) != std::end(kTrio))
          return {true, false, std::string(other)};
      return {true, true, {}};
    }
    return {};
  }

  void check_exports() {
    const std::vector<ExportSection> sections = export_sections();
    ReleaseSet v060 = 0, later = 0;
    for (const ComponentRelease* r : link_releases()) (r->index == 0 ? v060 : later) |= bit(*r);
    // v0.6.0 instantiates through a bindgen world that needs all four.
    for (const GuestExport& g : guest_exports(component_releases().front())) {
      const ComponentExport* e = find_export(g.name);
      const std::string type = format_func(component_abi_types(), g.type);
      std::string why;
      if (!e)
        why = "the capsule does not export it";
      else if (e->kind != Sort::Func || !e->func)
        why = fmt::format("the capsule exports a {} under that name", to_string(e->kind));
      else if (auto d = compare_func(no_resources(), *e->func, g.type))
        why = "the capsule's type differs: " + d->path;
      if (why.empty()) continue;
      Finding f = make_finding("missing-export",
                               "{kernels} instantiate{s} a capsule only with the export '{name}: {type}': {why}",
                               {{"name", std::string(g.name)}, {"type", type}, {"why", why}});
      f.name = g.name;
      if (e) f.offset = e->offset;
      f.releases = v060;
      f.notes.push_back("capsules for v0.6.0 implement the astrid:capsule@0.1.0 world, which exports "
                        "astrid-hook-trigger, run, astrid-install and astrid-upgrade");
      add(std::move(f));
    }
    // Later releases look each export up when they call it.
    for (const GuestExport& g : guest_exports(component_releases()[1])) {
      const ComponentExport* e = find_export(g.name);
      if (!e) continue;
      std::string why;
      if (e->kind != Sort::Func || !e->func)
        why = fmt::format("it is a {}, not a function", to_string(e->kind));
      else if (auto d = compare_func(no_resources(), *e->func, g.type))
        why = d->path;
      if (why.empty()) {
        well_typed_.push_back(g.role);
        continue;
      }
      Finding f = make_finding("mistyped-export",
                               "export '{name}' does not have the type {kernels} call{s} it with ({role}): {why}",
                               {{"name", std::string(g.name)}, {"role", std::string(to_string(g.role))}, {"why", why}});
      f.name = g.name;
      f.offset = e->offset;
      f.releases = later;
      f.expected = format_func(component_abi_types(), g.type);
      if (e->func) f.actual = format_func(c_.types, *e->func);
      f.notes.push_back(fmt::format("export it as {}: {}, as the world {} declares it", g.name,
                                    std::get<std::string>(*f.expected), g.world));
      add(std::move(f));
    }
    for (std::string_view name : kTrio) {
      const Presence p = presence(name, sections);
      trio_[name] = p;
      if (!p.present || p.real) continue;
      stubs_.emplace_back(name);
    }
    // One note per group of trio exports that share a body.
    if (!stubs_.empty()) {
      Finding f = make_finding("stub-export",
                               "{names} share one function: the kernel takes {them} for the SDK's no-op stub and "
                               "never calls {them}",
                               {{"names", fmt::format("'{}'", fmt::join(stubs_, "' and '"))},
                                {"them", stubs_.size() == 1 ? "it" : "them"}});
      f.name = stubs_.front();
      if (const ComponentExport* e = find_export(stubs_.front())) f.offset = e->offset;
      f.notes.push_back("if a hook does real work, give each hook its own body: the kernel's stub test compares "
                        "function indices, so two identical bodies the compiler merged look like stubs too");
      add(std::move(f));
    }
    check_roles();
  }

  TypeSides no_resources() const {
    return TypeSides{c_.types, component_abi_types(), [](std::string_view) { return std::nullopt; }};
  }

  bool is_real(std::string_view name) const {
    auto it = trio_.find(name);
    return it != trio_.end() && it->second.present && it->second.real;
  }

  bool well_typed(GuestRole role) const {
    return std::find(well_typed_.begin(), well_typed_.end(), role) != well_typed_.end();
  }

  bool imports_function(std::initializer_list<std::string_view> instances, std::string_view function) const {
    for (const ComponentImport& i : c_.imports) {
      if (i.kind != Sort::Instance ||
          std::find(instances.begin(), instances.end(), base_name(i.name)) == instances.end())
        continue;
      for (const InstanceExportDecl& d : i.exports)
        if (d.kind == Sort::Func && d.name == function) return true;
    }
    return false;
  }

  void check_roles() {
    if (well_typed(GuestRole::HookTrigger)) roles_.push_back("interceptor");
    if (is_real("run") && well_typed(GuestRole::RunLoop)) roles_.push_back("run-loop");
    if (is_real("astrid-install") && well_typed(GuestRole::Install)) roles_.push_back("installable");
    if (is_real("astrid-upgrade") && well_typed(GuestRole::Upgrade)) roles_.push_back("upgradable");
    if (javascript_) {
      Finding f = make_finding("javascript-capsule",
                               "a JavaScript capsule (ComponentizeJS): it imports host functions by the interfaces its "
                               "world names, whether the script calls them or not, so what it uses is an upper bound");
      f.notes.push_back("its verdicts still hold: the kernel links every import, called or not");
      add(std::move(f));
    }
    if (roles_.empty() && !javascript_) {
      Finding f = make_finding("no-entry-point",
                               "the capsule exports none of the functions the kernel calls (astrid-hook-trigger, run, "
                               "astrid-install, astrid-upgrade)");
      f.notes.push_back("include the world you implement from astrid:guest@1.0.0 (interceptor, background, "
                        "installable, upgradable) and export its function");
      add(std::move(f));
    }
    if (std::find(roles_.begin(), roles_.end(), "run-loop") != roles_.end() &&
        !imports_function({"astrid:sys/host", "astrid:capsule/sys"}, "signal-ready")) {
      Finding f = make_finding("missing-signal-ready",
                               "a run-loop capsule that never imports signal-ready: the kernel waits for it once the "
                               "run loop's subscriptions exist");
      f.notes.push_back("call astrid:sys/host@1.0.0 signal-ready from run once subscribed");
      if (const ComponentExport* e = find_export("run")) f.offset = e->offset;
      f.name = "run";
      add(std::move(f));
    }
    const bool lifecycle = is_real("astrid-install") || is_real("astrid-upgrade");
    if (!lifecycle) {
      for (const ComponentImport& i : c_.imports) {
        if (i.kind != Sort::Instance) continue;
        for (const InstanceExportDecl& d : i.exports) {
          if (d.kind != Sort::Func || d.name != "elicit") continue;
          ReleaseSet only_in_hooks = 0;
          for (const ComponentRelease* r : link_releases()) {
            const auto registered = resolve_instance_name(*r, i.name);
            if (registered && host_gate(*r, *registered, d.name).kind == GateKind::LifecycleOnly)
              only_in_hooks |= bit(*r);
          }
          if (!only_in_hooks) continue;
          Finding f = at("elicit-outside-install", i, &d,
                         "'elicit' works on {kernels} only inside astrid-install and astrid-upgrade, which the capsule "
                         "does not implement: every call returns not-in-lifecycle",
                         {}, only_in_hooks);
          f.notes.push_back("implement the installable world (astrid-install) and elicit there, or require kernel "
                            "v0.9.0 or later");
          add(std::move(f));
        }
      }
    }
  }

  // --- Extism releases

  void check_extism_releases() {
    ReleaseSet extism = 0;
    for (const KernelRelease* k : checked_)
      if (k->era == Era::Extism) extism |= ReleaseSet{1} << k->index;
    if (!extism) return;
    Finding f = make_finding("wrong-era",
                             "a WebAssembly component, which {kernels} cannot load: Extism-era kernels run core "
                             "modules importing extism:host/user");
    f.releases = extism;
    f.notes.push_back("components load on kernels v0.6.0 and later: check against those (--abi all)");
    add(std::move(f));
  }

  // --- the summary

  ComponentSummary summarize() const {
    ComponentSummary s;
    // The newest checked component release that links, else the newest
    // checked, else the newest there is.
    const KernelRelease* summary = nullptr;
    for (const KernelRelease* k : checked_)
      if (k->era == Era::Component && (!summary || !(blocked_ >> k->index & 1) || (blocked_ >> summary->index & 1)))
        summary = k;
    if (!summary) summary = &default_release(Era::Component);
    s.release = summary;
    const ComponentRelease& r = *summary->component;
    std::map<ComponentCapability, ComponentNeed> needs;
    for (const ComponentImport& i : c_.imports) {
      if (i.kind != Sort::Instance) continue;
      const auto registered = resolve_instance_name(r, i.name);
      for (const InstanceExportDecl& d : i.exports) {
        if (d.kind != Sort::Func) continue;
        HostFunctionUse use{i.name, d.name, registered ? std::string(*registered) : std::string(),
                            host_gate(r, registered ? *registered : std::string_view(i.name), d.name), d.offset};
        if (use.gate.kind == GateKind::Capabilities)
          for (const GateNeed& n : use.gate.needs) {
            ComponentNeed& need = needs[n.capability];
            need.capability = n.capability;
            need.level = std::max(need.level, n.level);
            need.functions.push_back(fmt::format("{} {}", i.name, d.name));
          }
        s.functions.push_back(std::move(use));
      }
    }
    for (auto& [cap, need] : needs) s.needs.push_back(std::move(need));
    for (const ComponentImport& i : c_.imports) s.imports.push_back({i.name, to_string(i.kind), i.offset});
    for (const ComponentExport& e : c_.exports) s.exports.push_back({e.name, to_string(e.kind), e.offset});
    s.roles = roles_;
    s.stubs = stubs_;
    s.javascript = javascript_;
    s.wasi = wasi_;
    s.links_on = all_ & ~blocked_;
    return s;
  }

  const Component& c_;
  const std::vector<CoreModule>& core_;
  const std::vector<const KernelRelease*>& checked_;
  const bool javascript_;  // made by ComponentizeJS
  ReleaseSet all_ = 0, checked_set_ = 0, blocked_ = 0;
  std::vector<Finding> findings_;
  std::unordered_map<std::string, size_t> index_;
  std::map<std::string_view, size_t> per_rule_;
  std::map<std::string_view, Presence> trio_;
  std::vector<GuestRole> well_typed_;
  std::vector<std::string_view> roles_;
  std::vector<std::string> stubs_;
  std::vector<Futile> futile_;  // a JavaScript capsule's cannot-succeed functions, by import
  bool wasi_ = false;
};

}  // namespace

std::string describe(const ComponentNeed& need) {
  if (need.capability == ComponentCapability::Identity) return fmt::format("identity: {}", to_string(need.level));
  return std::string(manifest_key(need.capability));
}

Report check_component(const Component& component, const std::vector<CoreModule>& core,
                       const std::vector<const KernelRelease*>& releases) {
  return ComponentChecker(component, core, releases).run();
}

Finding core_module_on_component_kernels(ReleaseSet releases, std::string_view module, bool extism) {
  Finding f = make_finding("wrong-era",
                           "a core WebAssembly module, which {kernels} cannot load: from v0.6.0 on, every capsule is a "
                           "WebAssembly component");
  f.releases = releases;
  if (!extism) {
    f.notes.push_back("build it with `astrid build`, which wraps the core module into a component with wit-component");
    return f;
  }
  // Wrapping the module with wit-component is no fix: the component would
  // still import extism:host/user, which no component-era kernel serves.
  f.notes.push_back(fmt::format("port it: `astrid-abi caps --port {}` lists the component-era host function that "
                                "replaces each syscall it imports; as it is, it runs only on kernels v0.2.0 – v0.5.1",
                                module));
  return f;
}

}  // namespace astrid
