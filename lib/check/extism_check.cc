#include "check/extism_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "check/rules.h"
#include "support/suggest.h"

namespace astrid {
namespace {

std::string quoted(std::string_view s) { return fmt::format("'{}'", s); }

std::string define_instead(ExternKind kind) {
  return fmt::format("define the {} in the module instead of importing it", to_string(kind));
}

std::string import_declaration(std::string_view module, std::string_view name, const FuncSig& sig) {
  const std::string wat = format_wat(sig);
  return fmt::format("(import \"{}\" \"{}\" (func{}{}))", module, name, wat.empty() ? "" : " ", wat);
}

class Checker {
 public:
  Checker(const Module& module, const CheckOptions& options, const Release& release)
      : module_(module), options_(options), release_(release) {
    report_.release = &release;
  }

  Report run() {
    for (const Import& import : module_.imports) check_import(import);
    check_required();
    check_memories();
    check_exports();
    check_lifecycle();
    summarize_capabilities();
    sum_up_overflow();
    order_findings(report_.findings);
    return std::move(report_);
  }

 private:
  // Adds a finding of this release, or, past kMaxFindingsPerRule of its
  // rule, only counts it; the returned finding is then a scratch one.
  Finding& add(std::string_view rule_id, const Import* import, std::string_view pattern,
               std::vector<MessageArg> args = {}) {
    Finding f = make_finding(rule_id, pattern, std::move(args));
    f.releases = ReleaseSet{1} << release_.index;
    if (import) {
      f.module = import->module;
      f.name = import->name;
      f.offset = import->offset;
    }
    if (++per_rule_[f.rule->id] > kMaxFindingsPerRule) {
      scratch_ = std::move(f);
      return scratch_;
    }
    report_.findings.push_back(std::move(f));
    return report_.findings.back();
  }

  void sum_up_overflow() {
    for (const auto& [id, count] : per_rule_) {
      if (count <= kMaxFindingsPerRule) continue;
      Finding& f = add(id, nullptr, "{more} more {rule} findings in this module are not listed",
                       {{"more", std::to_string(count - kMaxFindingsPerRule), ArgRole::Description}, {"rule", std::string(id)}});
      report_.findings.push_back(std::move(f));
    }
  }

  // The actual type of an imported function, or what stands instead.
  Signature actual_signature(const Import& import) const {
    if (const std::optional<FuncSig> sig = module_.type(import.type_index)) return *sig;
    return fmt::format("<type {} is not a function type>", import.type_index);
  }

  // Where else a name unknown to its module is provided, as a note.
  void note_other_home(Finding& f, const Import& import) const {
    if (import.module != kSyscallModule && release_.find(import.name)) {
      f.notes.push_back(fmt::format("{} is a syscall: import it from '{}'", quoted(import.name), kSyscallModule));
      return;
    }
    for (std::string_view m : host_modules()) {
      if (m == import.module) continue;
      for (const HostFunction& fn : host_module_functions(m))
        if (fn.name == import.name) {
          f.notes.push_back(fmt::format("{} is provided by '{}'", quoted(import.name), m));
          return;
        }
    }
  }

  void check_import(const Import& import) {
    if (!is_host_module(import.module)) {
      Finding& f = add("unknown-import-module", &import,
                       "import '{name}' from '{module}', a module the Astrid kernel does not provide",
                       {{"name", import.name}, {"module", import.module}});
      const std::vector<std::string_view> modules(host_modules().begin(), host_modules().end());
      if (auto near = closest_name(import.module, modules)) f.notes.push_back(fmt::format("did you mean '{}'?", *near));
      note_other_home(f, import);
      if (f.notes.empty()) {
        std::vector<std::string> quoted_modules;
        for (std::string_view m : modules) quoted_modules.push_back(quoted(m));
        const std::string last = quoted_modules.back();
        quoted_modules.pop_back();
        f.notes.push_back(import.kind == ExternKind::Func
                              ? fmt::format("the kernel links only {} and {}", fmt::join(quoted_modules, ", "), last)
                              : define_instead(import.kind));
      }
      return;
    }
    if (import.module == kWasiUnstableModule) {
      ++unchecked_;
      if (unchecked_ == 1)
        add("unchecked-import", &import,
            "'{name}' is imported from '{module}', which the kernel links but whose types astrid-abi does not "
            "know: imports from it are not type-checked",
            {{"name", import.name}, {"module", import.module}})
            .notes.push_back(fmt::format("build against '{}' to have them checked", kWasiModule));
      return;
    }
    if (import.kind == ExternKind::Memory && import.module == kExtismEnvModule && import.name == kExtismMemory) return;
    if (import.kind != ExternKind::Func) {
      add("non-function-import", &import, "{kind} '{name}' imported from '{module}': the kernel provides only {what}",
          {{"kind", std::string(to_string(import.kind))},
           {"name", import.name},
           {"module", import.module},
           {"what", import.module == kExtismEnvModule ? "functions and its memory there" : "functions there"}})
          .notes.push_back(define_instead(import.kind));
      return;
    }
    if (import.module == kSyscallModule)
      check_syscall_import(import);
    else
      check_host_function_import(import);
  }

  void check_syscall_import(const Import& import) {
    const Syscall* syscall = release_.find(import.name);
    if (!syscall) {
      Finding& f = add("unknown-syscall", &import,
                       "unknown syscall '{name}': not registered by {kernels}, so the capsule will not load",
                       {{"name", import.name}});
      if (auto hint = unknown_syscall_hint(import.name, release_)) f.notes.push_back(*hint);
      else note_other_home(f, import);
      return;
    }
    use_syscall(*syscall, import.offset);
    const FuncSig expected = syscall->signature();
    const std::optional<FuncSig> actual = module_.type(import.type_index);
    if (actual && *actual == expected) return;
    Finding& f = add("mistyped-syscall", &import,
                     "syscall '{name}' is imported as {actual}, but registered by {kernels} as {expected}",
                     {{"name", import.name}, {"actual", to_text(actual_signature(import))}, {"expected", format_arrow(expected)}});
    f.expected = expected;
    f.actual = actual_signature(import);
    f.notes.push_back("declare it as " + import_declaration(kSyscallModule, syscall->name, expected));
    f.notes.push_back("in C: " + syscall->c_prototype() +
                      ", imported from extism:host/user (astrid-abi table --format c prints the header)");
  }

  void check_host_function_import(const Import& import) {
    const auto functions = host_module_functions(import.module);
    auto it = std::find_if(functions.begin(), functions.end(),
                           [&](const HostFunction& fn) { return fn.name == import.name; });
    if (it == functions.end()) {
      Finding& f = add("unknown-host-function", &import, "'{module}' does not provide '{name}', so the capsule will not load",
                       {{"module", import.module}, {"name", import.name}});
      std::vector<std::string_view> names;
      for (const HostFunction& fn : functions) names.push_back(fn.name);
      if (auto near = closest_name(import.name, names)) f.notes.push_back(fmt::format("did you mean '{}'?", *near));
      note_other_home(f, import);
      return;
    }
    const std::optional<FuncSig> actual = module_.type(import.type_index);
    if (actual && *actual == it->signature) {
      if (import.module == kShimModule) note_javascript(import);
      return;
    }
    Finding& f = add("mistyped-host-function", &import,
                     "{module}.{name} is imported as {actual}, but the kernel provides it as {expected}",
                     {{"module", import.module},
                      {"name", import.name},
                      {"actual", to_text(actual_signature(import))},
                      {"expected", format_arrow(it->signature)}});
    f.expected = it->signature;
    f.actual = actual_signature(import);
    f.notes.push_back("declare it as " + import_declaration(import.module, import.name, it->signature));
  }

  void note_javascript(const Import& import) {
    if (report_.javascript) return;
    report_.javascript = true;
    Finding& f = add("javascript-capsule", &import,
                     "JavaScript capsule: it calls syscalls by number through the shim, so which syscalls it uses is "
                     "decided at run time and cannot be checked here");
    if (const auto renumbered = first_renumbering())
      f.notes.push_back(fmt::format("syscall numbers differ between kernel releases ({} renumbered every syscall "
                                    "from {} on): build the capsule for the release it will run on",
                                    renumbered->release->name, renumbered->first));
  }

  void use_syscall(const Syscall& syscall, uint64_t offset) {
    for (const SyscallUse& use : report_.syscalls)
      if (use.syscall == &syscall) return;
    report_.syscalls.push_back({&syscall, *release_.number_of(syscall.name), offset});
  }

  bool imports_syscall(std::string_view name) const {
    return std::any_of(report_.syscalls.begin(), report_.syscalls.end(),
                       [&](const SyscallUse& use) { return use.syscall->name == name; });
  }

  void check_required() {
    std::vector<std::string_view> required;
    if (options_.require_all)
      for (const Syscall* s : release_.syscalls) required.push_back(s->name);
    for (const std::string& name : options_.require)
      if (std::find(required.begin(), required.end(), name) == required.end()) required.push_back(name);
    for (std::string_view name : required) {
      const Syscall* syscall = release_.find(name);
      if (!syscall || imports_syscall(name)) continue;
      Finding& f = add("missing-syscall", nullptr, "required syscall '{name}' is not imported",
                       {{"name", std::string(name)}});
      f.module = kSyscallModule;
      f.name = name;
      f.notes.push_back("add " + import_declaration(kSyscallModule, name, syscall->signature()));
    }
  }

  void check_memories() {
    for (size_t i = 0; i < module_.memories.size(); ++i) {
      const Memory& memory = module_.memories[i];
      if (memory.limits.initial <= kMaxMemoryPages) continue;
      Finding& f = add("memory-limit", nullptr,
                       "memory {index} has a minimum of {pages} pages; the kernel instantiates at most {max} pages "
                       "({mib} MiB)",
                       {{"index", std::to_string(i)},
                        {"pages", std::to_string(memory.limits.initial), ArgRole::Description},
                        {"max", std::to_string(kMaxMemoryPages)},
                        {"mib", std::to_string(kMaxMemoryMiB)}});
      f.offset = memory.offset;
      f.notes.push_back(fmt::format("lower the initial memory to {} pages or fewer", kMaxMemoryPages));
    }
  }

  void check_exports() {
    const FuncSig expected = entry_point_signature();
    for (const Export& e : module_.exports) {
      const EntryPoint* entry = find_entry_point(e.name);
      if (!entry) continue;
      const std::optional<FuncSig> actual =
          e.kind == ExternKind::Func ? module_.function_type(e.index) : std::nullopt;
      if (actual && *actual == expected) continue;
      std::string actual_text = e.kind != ExternKind::Func ? std::string(to_string(e.kind))
                                : actual                   ? format_arrow(*actual)
                                                           : "<invalid function type>";
      Finding& f = add("mistyped-entry-point", nullptr,
                       "entry point '{name}' is exported as {actual}, but must be a function of type {expected}: it "
                       "is called by {caller}",
                       {{"name", e.name},
                        {"actual", e.kind == ExternKind::Func ? actual_text : "a " + actual_text},
                        {"expected", format_arrow(expected)},
                        {"caller", std::string(entry->caller)}});
      f.name = e.name;
      f.offset = e.offset;
      f.expected = expected;
      f.actual = actual ? Signature(*actual) : Signature(actual_text);
      f.notes.push_back(fmt::format("export a function of type {}: (func (export \"{}\") (result i32) ...)",
                                    format_arrow(expected), e.name));
    }
    // Roles in the catalogue's order, whatever the export order; a role
    // only where this release calls its entry point (no "tool" on v0.5).
    for (const EntryPoint& entry : entry_points()) {
      if (!find_export(entry.name)) continue;
      report_.entry_points.push_back(entry.name);
      if (!entry.role.empty() && entry.called_by(release_) &&
          std::find(report_.roles.begin(), report_.roles.end(), entry.role) == report_.roles.end())
        report_.roles.push_back(entry.role);
    }
  }

  const Export* find_export(std::string_view name) const {
    for (const Export& e : module_.exports)
      if (e.name == name) return &e;
    return nullptr;
  }

  void check_lifecycle() {
    // Only what the kernel calls makes a capsule something: the SDK's
    // build-time exports (astrid_export_schemas, ...) do not.
    const bool any_entry = std::any_of(module_.exports.begin(), module_.exports.end(), [&](const Export& e) {
      const EntryPoint* entry = find_entry_point(e.name);
      return entry && entry->called_by(release_);
    });
    if (!any_entry)
      add("no-entry-point", nullptr, "the capsule exports no entry point that {kernels} call{s} ({names})",
          {{"names", kernel_entry_points(release_)}})
          .notes.push_back("fine for a library component; otherwise export the entry point of its kind");

    // A JavaScript capsule's syscalls are not visible here, so neither
    // lifecycle rule can be judged for one.
    if (report_.javascript) return;
    const EntryPoint& loop = run_loop_entry();
    if (const Export* run = find_export(loop.name); run && !imports_syscall(kReadySyscall)) {
      Finding& f = add("missing-signal-ready", nullptr,
                       "run-loop capsule (exports '{run}') never imports {ready}: the kernel waits for that signal",
                       {{"run", std::string(loop.name)}, {"ready", std::string(kReadySyscall)}});
      f.name = run->name;
      f.offset = run->offset;
      f.notes.push_back("add " + import_declaration(kSyscallModule, kReadySyscall, release_.find(kReadySyscall)->signature()) +
                        " and call it once the subscriptions are active");
    }
    const std::vector<std::string_view> hooks = install_hooks();
    const bool has_install = std::any_of(hooks.begin(), hooks.end(), [&](std::string_view h) { return find_export(h); });
    for (const SyscallUse& use : report_.syscalls) {
      if (use.syscall->gate.capability != Capability::InstallHooks || has_install) continue;
      Finding& f = add("elicit-outside-install", nullptr,
                       "'{name}' works only inside the install and upgrade hooks, and the capsule exports neither "
                       "{hooks}",
                       {{"name", std::string(use.syscall->name)}, {"hooks", fmt::format("{}", fmt::join(hooks, " nor "))}});
      f.module = kSyscallModule;
      f.name = use.syscall->name;
      f.offset = use.offset;
      f.notes.push_back(fmt::format("export {} (or {}) and call it from there", hooks.front(),
                                    fmt::join(hooks.begin() + 1, hooks.end(), ", ")));
    }
  }

  void summarize_capabilities() {
    std::sort(report_.syscalls.begin(), report_.syscalls.end(),
              [](const SyscallUse& a, const SyscallUse& b) { return a.number < b.number; });
    std::map<Capability, CapabilityNeed> needs;
    for (const SyscallUse& use : report_.syscalls) {
      const Gate& gate = use.syscall->gate;
      if (manifest_key(gate.capability).empty()) continue;
      CapabilityNeed& need = needs.try_emplace(gate.capability, CapabilityNeed{gate.capability, IdentityLevel::None, {}}).first->second;
      need.identity = std::max(need.identity, gate.identity);
      need.syscalls.push_back(use.syscall->name);
    }
    for (auto& [cap, need] : needs) report_.capabilities.push_back(std::move(need));
  }

  const Module& module_;
  const CheckOptions& options_;
  const Release& release_;
  Report report_;
  std::map<std::string_view, size_t> per_rule_;
  Finding scratch_;
  size_t unchecked_ = 0;
};

}  // namespace

std::optional<std::string> unknown_syscall_hint(std::string_view name, const Release& release) {
  if (const Syscall* elsewhere = find_any_syscall(name)) {
    if (elsewhere->added_in > release.index)
      return fmt::format("{} was added in {}; check against that release with --abi {}", quoted(name),
                         releases()[elsewhere->added_in].name, releases()[elsewhere->added_in].name);
    if (elsewhere->removed_in && *elsewhere->removed_in <= release.index)
      return fmt::format("{} was removed in {}; the last release with it is {}", quoted(name),
                         releases()[*elsewhere->removed_in].name, releases()[*elsewhere->removed_in - 1].name);
    return std::nullopt;
  }
  std::vector<std::string_view> names;
  for (const Syscall* s : release.syscalls) names.push_back(s->name);
  if (auto near = closest_name(name, names)) return fmt::format("did you mean '{}'?", *near);
  return std::nullopt;
}

std::optional<UnknownRequired> unknown_required_syscall(const CheckOptions& options) {
  for (const std::string& name : options.require)
    for (const Release* release : options.releases)
      if (!release->find(name)) return UnknownRequired{name, release};
  return std::nullopt;
}

void order_findings(std::vector<Finding>& findings) {
  // Manifest findings (with a file of their own) after the module's.
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    auto key = [](const Finding& f) {
      return std::tuple(!f.file.empty(), !f.offset.has_value(), f.offset.value_or(0), f.line, f.column);
    };
    return key(a) < key(b);
  });
}

std::string describe(const CapabilityNeed& need) {
  if (need.capability == Capability::Identity) return fmt::format("identity: {}", to_string(need.identity));
  return std::string(manifest_key(need.capability));
}

size_t Report::count(Severity severity) const { return count_findings(findings, severity); }

bool Report::reaches(Severity fail_on) const {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.severity >= fail_on; });
}

std::vector<const Finding*> blockers(const Report& report, const KernelRelease& release) {
  std::vector<const Finding*> out;
  for (const Finding& f : report.findings)
    if (f.rule->blocks_load && (f.releases == 0 || (f.releases >> release.index & 1))) out.push_back(&f);
  return out;
}

Report check_module(const Module& module, const CheckOptions& options) {
  if (options.releases.size() == 1) return Checker(module, options, *options.releases.front()).run();
  std::vector<Report> reports;
  for (const Release* release : options.releases) reports.push_back(Checker(module, options, *release).run());
  std::vector<KernelVerdict> kernels;
  for (const Report& r : reports) {
    const bool blocked = std::any_of(r.findings.begin(), r.findings.end(), [](const Finding& f) { return f.rule->blocks_load; });
    kernels.push_back({&kernel_release(*r.release), !blocked});
  }
  size_t primary = reports.size() - 1;
  for (size_t i = reports.size(); i-- > 0;)
    if (kernels[i].links) {
      primary = i;
      break;
    }
  // One finding per problem: the same rule at the same import, export or
  // place, whichever releases it occurs on. Keyed, so linear in findings.
  Report merged = std::move(reports[primary]);
  std::unordered_map<std::string, size_t> index;
  auto key = [](const Finding& f) {
    return fmt::format("{}\x1f{}\x1f{}\x1f{}", f.rule->id, f.module, f.name,
                       f.offset ? std::to_string(*f.offset) : std::string("-"));
  };
  for (size_t i = 0; i < merged.findings.size(); ++i) index.emplace(key(merged.findings[i]), i);
  for (size_t r = 0; r < reports.size(); ++r) {
    if (r == primary) continue;
    for (Finding& f : reports[r].findings) {
      auto [it, fresh] = index.emplace(key(f), merged.findings.size());
      if (fresh) merged.findings.push_back(std::move(f));
      else merged.findings[it->second].releases |= f.releases;
    }
  }
  order_findings(merged.findings);
  merged.kernels = std::move(kernels);
  return merged;
}

}  // namespace astrid
