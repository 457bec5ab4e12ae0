#include "driver/check_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "capsule/capsule.h"
#include <nlohmann/json.hpp>

#include "check/archive_check.h"
#include "check/component_check.h"
#include "check/component_manifest_check.h"
#include "check/inline_ignore.h"
#include "check/manifest_check.h"
#include "check/rules.h"
#include "report/escape.h"
#include "support/output.h"
#include "support/paths.h"
#include "wasm/component_reader.h"
#include "wasm/module_reader.h"
#include "wasm/validate.h"

namespace astrid {
namespace {

// What Debian's wabt 1.0.32 cannot decode, which this reader can: a module
// using it cannot be validated here (not an invalid module).
constexpr uint32_t kBeyondWabt =
    static_cast<uint32_t>(Proposal::Table64) | static_cast<uint32_t>(Proposal::TableInitializer) |
    static_cast<uint32_t>(Proposal::ExnRef) | static_cast<uint32_t>(Proposal::CustomPageSizes) |
    static_cast<uint32_t>(Proposal::Gc) | static_cast<uint32_t>(Proposal::CustomDescriptors) |
    static_cast<uint32_t>(Proposal::StackSwitching) | static_cast<uint32_t>(Proposal::CompactImports);

void add_validation(const ValidationProblem& problem, const CheckOptions& options, Report& report) {
  Finding f = make_finding("invalid-module", "invalid module: {problem}", {{"problem", problem.message, ArgRole::Description}});
  f.offset = problem.offset;
  f.notes.push_back("the kernel validates the whole module before instantiating it: rebuild the capsule");
  // Invalid on every release alike.
  for (const Release* r : options.releases) f.releases |= ReleaseSet{1} << r->index;
  for (KernelVerdict& k : report.kernels) k.links = false;
  report.findings.push_back(std::move(f));
  order_findings(report.findings);
}

// A core module: against the Extism-era releases chosen, and a wrong-era
// finding for the component-era ones.
Report check_core_module(const Module& module, const std::string& display, const CheckCommand& command) {
  Report report;
  if (!command.options.releases.empty()) report = check_module(module, command.options);
  ReleaseSet component = 0;
  for (const KernelRelease* k : command.core_releases)
    if (k->era == Era::Component) component |= ReleaseSet{1} << k->index;
  if (!component) return report;
  const bool extism = std::any_of(module.imports.begin(), module.imports.end(),
                                  [](const Import& i) { return i.module == "extism:host/user"; });
  report.findings.push_back(core_module_on_component_kernels(component, display, extism));
  order_findings(report.findings);
  if (command.core_releases.size() > 1) {
    std::vector<KernelVerdict> kernels;
    for (const KernelRelease* k : command.core_releases) {
      bool links = false;
      if (k->era == Era::Extism) {
        links = blockers(report, *k).empty();
      }
      kernels.push_back({k, links});
    }
    report.kernels = std::move(kernels);
  }
  return report;
}

// A component and its core modules, each read by the core reader (a core
// module that does not read makes the component malformed).
std::variant<Report, InputError> check_component_source(ByteSource& source, const CheckCommand& command) {
  auto read = read_component(source);
  if (!read) return read.error();
  const Component& component = *read;
  auto read_modules = read_core_modules(source, component);
  if (!read_modules) return read_modules.error();
  const std::vector<Module>& modules = *read_modules;
  std::vector<CoreModule> core;
  for (size_t i = 0; i < modules.size(); ++i) core.push_back({&modules[i], component.core_modules[i].offset});
  return check_component(component, core, command.component_releases);
}

// Whether a module checked with a report is a component (or a core module).
bool has_module_of_era(const InputResult& result, bool component) {
  return std::any_of(result.modules.begin(), result.modules.end(), [&](const FileResult& m) {
    const auto* r = std::get_if<Report>(&m.outcome);
    return r && r->component.has_value() == component;
  });
}

// The findings about `path` (a file of the input `input`, or a member of
// it when `input` is an archive) that the configuration or the baseline
// turns off, moved to `out`.
void suppress(const CheckCommand& command, const std::string& input, const std::string& path,
              std::vector<Finding>& findings, std::vector<Suppressed>& out) {
  const Config& config = command.config;
  const std::string archive = archive_member(input, path).empty() ? std::string() : input;
  std::vector<Finding> off;
  apply_rule_settings(config, path, findings, off, archive);
  for (Finding& f : off) {
    const RuleSetting& setting = *rule_setting(config, path, f.rule->id, archive);
    std::string source = setting.source, reason = setting.reason;
    out.push_back({std::move(f), path, std::move(source), std::move(reason)});
  }
  if (command.baseline.empty()) return;
  std::vector<Finding> kept;
  for (Finding& f : findings) {
    if (command.baseline.count(f.fingerprint))
      out.push_back({std::move(f), path, command.baseline_source, "in the baseline", SuppressionKind::Baseline});
    else
      kept.push_back(std::move(f));
  }
  findings = std::move(kept);
}

// The file a finding is about as fingerprints and baselines name it: as
// the repository spells it (support/paths.h), and an archive's member as
// "dist/app.capsule(Capsule.toml)" with the archive so spelt.
std::string finding_artifact(const std::string& input, const std::string& file, const std::string& root) {
  const std::string member = archive_member(input, file);
  if (member.empty()) return repository_path(file, root);
  return in_archive(repository_path(input, root), member);
}

// Every finding of the input, with the file it is about: a module's, or
// the manifest's and the archive's (each finding names its file).
std::vector<std::pair<std::string, Finding*>> findings_by_file(InputResult& result) {
  std::vector<std::pair<std::string, Finding*>> out;
  for (FileResult& m : result.modules)
    if (auto* r = std::get_if<Report>(&m.outcome))
      for (Finding& f : r->findings) out.emplace_back(m.path, &f);
  for (Finding& f : result.findings) out.emplace_back(f.file.empty() ? result.manifest : f.file, &f);
  return out;
}

// The manifest as the component era reads it (under the invariant stated
// at ManifestChecker::run, check/component_manifest_check.cc: one root
// cause, one finding, one fix): for a component, every check
// of check/component_manifest_check.h; for core modules, the keys their
// releases ignore and the placeholders left in it. A manifest the
// component era cannot read (a type the Extism era allowed) is left to the
// Extism-era check when no component needs it.
void check_component_era_manifest(const Capsule& capsule, const CheckCommand& command, Report* component,
                                  InputResult& result) {
  auto parsed = parse_component_manifest(capsule.manifest->text);
  if (!parsed) {
    if (component && !result.manifest_error) result.manifest_error = InputFailure{capsule.manifest_display, parsed.error()};
    return;
  }
  std::vector<Finding> manifest;
  if (component) {
    auto grants = [&](const CapabilityTable& t) {
      for (const CapabilityEntry& c : t.entries) {
        if (c.is_flag && c.flag) result.component_grants.emplace_back(c.key, "true");
        for (const std::string& v : c.values) result.component_grants.emplace_back(c.key, v);
      }
    };
    grants(parsed->capabilities);
    if (!parsed->components.empty()) grants(parsed->components.front().capabilities);
    for (const TopicAcl& a : parsed->publish) result.component_grants.emplace_back("[publish]", a.pattern);
    for (const TopicAcl& a : parsed->subscribe) result.component_grants.emplace_back("[subscribe]", a.pattern);
    ComponentManifestFindings found =
        check_component_manifest(*parsed, capsule.manifest_display, *component, command.component_releases);
    manifest = std::move(found.manifest);
    for (Finding& f : found.module) component->findings.push_back(std::move(f));
    order_findings(component->findings);
  }
  const bool core = has_module_of_era(result, /*component=*/false);
  // A core module's manifest is judged on the releases that can load the
  // module: on the component era's, wrong-era is its one finding.
  std::vector<const KernelRelease*> releases;
  ReleaseSet extism = 0;
  for (const KernelRelease* k : command.core_releases)
    if (k->era == Era::Extism || !core) releases.push_back(k);
  for (const KernelRelease* k : command.core_releases)
    if (k->era == Era::Extism) extism |= ReleaseSet{1} << k->index;
  if ((core || !component) && !releases.empty()) {
    std::vector<Finding> keys = check_manifest_keys(*parsed, capsule.manifest_display, releases);
    // What the core modules are denied, by manifest key, for ignored-grant.
    std::map<std::string, ReleaseSet, std::less<>> denied;
    for (const FileResult& m : result.modules)
      if (const auto* r = std::get_if<Report>(&m.outcome); r && !r->component)
        for (const Finding& f : r->findings)
          if (f.rule->id == "undeclared-capability")
            if (const Syscall* s = find_any_syscall(f.name))
              denied[std::string(manifest_key(s->gate.capability))] |= f.releases ? f.releases : extism;
    escalate_ignored(keys, denied);
    // The fix of a syscall's missing grant goes in [capabilities], unless
    // the grant is there under a key the release ignores (a typo): that
    // line's ignored-grant is then the one finding.
    const auto explained = ignored_grants(keys);
    const TextPosition table = parsed->capabilities.position;
    for (FileResult& m : result.modules)
      if (auto* r = std::get_if<Report>(&m.outcome); r && !r->component) {
        std::erase_if(r->findings, [&](Finding& f) {
          if (f.rule->id != "undeclared-capability") return false;
          const Syscall* s = find_any_syscall(f.name);
          auto it = s ? explained.find(manifest_key(s->gate.capability)) : explained.end();
          if (it == explained.end()) return false;
          f.releases = (f.releases ? f.releases : extism) & ~it->second;
          return f.releases == 0;
        });
        for (Finding& f : r->findings) {
          if (f.rule->id != "undeclared-capability") continue;
          f.fix_at = Finding::Place{capsule.manifest_display, std::max<uint32_t>(table.line, 1), table.line ? table.column : 1};
          // A key written already (net = [], identity = ["resolve"]) is
          // changed, not added again: a second one is invalid TOML.
          const Syscall* s = find_any_syscall(f.name);
          const std::string_view key = s ? manifest_key(s->gate.capability) : std::string_view();
          if (!key.empty() && parsed->capabilities.find(key) && !f.notes.empty())
            f.notes.front() = fmt::format("change the {} line under [capabilities] to {}", key,
                                          extism_grant_line(s->gate.capability, s->gate.identity));
        }
      }
    for (Finding& f : keys) manifest.push_back(std::move(f));
  }
  for (Finding& f : manifest) result.findings.push_back(std::move(f));
  drop_ignored_where_unused(result.findings);
  order_findings(result.findings);
}

}  // namespace

void CheckCommand::set_releases(const ReleaseChoice& choice) {
  core_releases = releases_for(choice, Era::Extism);
  component_releases = releases_for(choice, Era::Component);
  options.releases.clear();
  for (const KernelRelease* k : core_releases)
    if (k->extism) options.releases.push_back(k->extism);
}

InputResult check_input(const InputSpec& input, const CheckCommand& command) {
  // --validate's budget for all the modules of this input together.
  const Deadline validate_deadline = std::chrono::steady_clock::now() + kValidateInputTime;
  InputResult result;
  result.path = input.path;
  auto opened = open_capsule(input, command.manifest);
  if (auto* failure = std::get_if<InputFailure>(&opened)) {
    result.failure = std::move(*failure);
    return result;
  }
  Capsule& capsule = std::get<Capsule>(opened);
  result.manifest_error = std::move(capsule.manifest_error);
  result.no_manifest = capsule.no_manifest;
  // Each module, in the manifest's order; a missing one has no result.
  std::vector<std::optional<size_t>> result_of;
  for (CapsuleModuleSource& m : capsule.modules) {
    if (m.missing) {
      result_of.push_back(std::nullopt);
      continue;
    }
    FileResult file{m.display, InputError{}, m.member};
    auto opened_module = open_module_source(m);
    if (!opened_module) {
      file.outcome = opened_module.error();
    } else {
      FileSource& source = *opened_module;
      if (is_component(source)) {
        file.outcome = check_component_source(source, command);
      } else if (auto read = read_module(source); !read) {
        file.outcome = read.error();
      } else {
        Report report = check_core_module(*read, m.display, command);
        file.outcome = std::move(report);
        if (command.validate) {
          auto validated = validate_module(source, validate_deadline);
          if (!validated) file.outcome = validated.error();
          else if (auto& problem = *validated) {
            const Module& module = *read;
            const auto newer = newer_proposal_of(problem->message);
            if (problem->unreadable && (module.proposals & kBeyondWabt || newer))
              file.outcome = InputError{newer ? problem->offset : std::nullopt,
                                        fmt::format("--validate: the module uses {}, which this build's validator "
                                                    "(wabt 1.0.32) cannot decode: validate it with a newer "
                                                    "wasm-validate or wasm-tools",
                                                    newer ? std::string(*newer) : module.describe_proposals(kBeyondWabt))};
            else
              add_validation(*problem, command.options, std::get<Report>(file.outcome));
          }
        }
      }
    }
    result_of.push_back(result.modules.size());
    result.modules.push_back(std::move(file));
  }
  if (capsule.manifest) {
    std::vector<CapsuleModule> modules;
    // The component the manifest is for: the kernel loads only the first
    // [[component]], so the first component among the modules.
    Report* component = nullptr;
    for (size_t i = 0; i < capsule.modules.size(); ++i)
    {
      // A component's manifest is read as the component era reads it
      // (section 6 and 7 of the reference), not with astrid-sys's gates.
      Report* report = result_of[i] ? std::get_if<Report>(&result.modules[*result_of[i]].outcome) : nullptr;
      if (report && report->component && !component) component = report;
      // A core module is checked against grants only when an Extism-era
      // release is (else its report lists no syscalls, and every grant
      // would look unused).
      const bool checked_core = report && !report->component && !command.options.releases.empty();
      modules.push_back({capsule.modules[i].name, checked_core ? report : nullptr, !result_of[i]});
    }
    result.manifest = capsule.manifest_display;
    if (!capsule.modules.empty() && !capsule.modules.front().member.empty()) result.manifest_member = "Capsule.toml";
    result.manifest_grants = capsule.manifest->grants;
    for (const ManifestComponent& c : capsule.manifest->components)
      result.manifest_grants->insert(result.manifest_grants->end(), c.grants.begin(), c.grants.end());
    ManifestFindings found = check_manifest(*capsule.manifest, capsule.manifest_display, command.options.releases, modules);
    result.findings = std::move(found.manifest);
    for (size_t i = 0; i < capsule.modules.size(); ++i) {
      if (!result_of[i] || found.modules[i].empty()) continue;
      Report& report = std::get<Report>(result.modules[*result_of[i]].outcome);
      for (Finding& f : found.modules[i]) report.findings.push_back(std::move(f));
      order_findings(report.findings);
    }
    check_component_era_manifest(capsule, command, component, result);
  }
  // Comments in Capsule.toml that turn a manifest finding off where it is,
  // and those that do nothing (findings themselves).
  std::vector<CoveredFinding> covered;
  std::vector<InlineIgnore> ignores;
  if (capsule.manifest) {
    ignores = find_inline_ignores(capsule.manifest->text);
    for (Finding& f : apply_inline_ignores(ignores, result.manifest, result.findings, covered))
      result.findings.push_back(std::move(f));
    order_findings(result.findings);
  }
  if (capsule.archive) {
    const bool has_component = has_module_of_era(result, /*component=*/true);
    for (Finding& f : check_archive(*capsule.archive, input.path, has_component)) result.findings.push_back(std::move(f));
    result.archive = std::move(capsule.archive);
  }
  // Every finding has its fingerprint before any is suppressed, so that a
  // suppressed one is named as it would be reported.
  auto named = findings_by_file(result);
  for (CoveredFinding& c : covered) named.emplace_back(result.manifest, &c.finding);
  for (auto& [file, f] : named) file = finding_artifact(input.path, file, command.root);
  assign_fingerprints(named);
  for (CoveredFinding& c : covered) {
    std::string source = fmt::format("{}:{}", result.manifest, c.by->comment_line);
    result.suppressed.push_back({std::move(c.finding), result.manifest, std::move(source), c.by->reason,
                                 SuppressionKind::Inline});
  }
  for (FileResult& m : result.modules)
    if (auto* report = std::get_if<Report>(&m.outcome)) suppress(command, input.path, m.path, report->findings, result.suppressed);
  // The manifest's and the archive's, each by the file it is on.
  std::vector<Finding> whole;
  std::map<std::string, std::vector<Finding>> by_file;
  std::vector<std::string> files;
  for (Finding& f : result.findings) {
    std::string file = f.file.empty() ? result.manifest : f.file;
    if (!by_file.count(file)) files.push_back(file);
    by_file[file].push_back(std::move(f));
  }
  for (const std::string& file : files) {
    suppress(command, input.path, file, by_file[file], result.suppressed);
    for (Finding& f : by_file[file]) whole.push_back(std::move(f));
  }
  result.findings = std::move(whole);
  return result;
}

namespace {

// No exception may leave a worker (it would end the whole run): whatever
// goes wrong with one input, running out of memory included, is that
// input's exit-2 line.
InputResult check_input_contained(const InputSpec& input, const CheckCommand& command) {
  try {
    return check_input(input, command);
  } catch (const std::bad_alloc&) {
    InputResult result;
    result.path = input.path;
    result.failure = InputFailure{input.path, {std::nullopt, "out of memory while checking this input"}};
    return result;
  } catch (const std::exception& e) {
    InputResult result;
    result.path = input.path;
    result.failure = InputFailure{input.path, {std::nullopt, std::string("internal error: ") + e.what()}};
    return result;
  }
}

}  // namespace

// Whether the run checked every file the configuration governs: one of
// its inputs is the configuration's directory, or a directory above it.
// Only then is a setting that changed no finding known to be dead.
static bool covers_configuration(const CheckCommand& command) {
  const Config& config = command.config;
  if (config.path.empty() || (config.rules.empty() && config.overrides.empty())) return false;
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path parent = fs::path(config.path).parent_path();
  const fs::path dir = fs::weakly_canonical(fs::absolute(parent.empty() ? fs::path(".") : parent, ec), ec);
  if (ec) return false;
  for (const std::string& input : command.inputs) {
    if (input == "-" || !fs::is_directory(input, ec)) continue;
    const fs::path at = fs::weakly_canonical(fs::absolute(input, ec), ec);
    if (ec) continue;
    const fs::path rel = dir.lexically_relative(at);
    if (!rel.empty() && rel.is_relative() && *rel.begin() != "..") return true;
  }
  return false;
}

int exit_status(const InputResult& result, Severity fail_on) {
  if (result.unreadable()) return kExitInput;
  for (Severity s : {Severity::Note, Severity::Warning, Severity::Error})
    if (s >= fail_on && result.count(s) > 0) return kExitFindings;
  return kExitClean;
}

int run_check(const CheckCommand& command, Reporter& reporter) {
  std::vector<std::string> excludes = command.config.exclude;
  excludes.insert(excludes.end(), command.excludes.begin(), command.excludes.end());
  const std::vector<InputSpec> inputs = expand_inputs(command.inputs, excludes);
  unsigned jobs = command.jobs ? command.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>({jobs, inputs.size(), kMaxJobs}));
  int status = kExitClean;
  // --write-baseline: every finding of the run, by file (as fingerprinted).
  std::vector<std::pair<std::string, Finding>> recorded;
  // The configuration's settings that applied to a finding of the run.
  std::set<const RuleSetting*> used_settings;
  auto mark_used = [&](const InputResult& result) {
    const Config& config = command.config;
    if (config.rules.empty() && config.overrides.empty()) return;
    auto mark = [&](const std::string& file, const Finding& f) {
      const std::string archive = archive_member(result.path, file).empty() ? std::string() : result.path;
      if (const RuleSetting* s = rule_setting(config, file, f.rule->id, archive)) used_settings.insert(s);
    };
    for (const FileResult& m : result.modules)
      if (const auto* r = std::get_if<Report>(&m.outcome))
        for (const Finding& f : r->findings) mark(m.path, f);
    for (const Finding& f : result.findings) mark(f.file.empty() ? result.manifest : f.file, f);
    for (const Suppressed& s : result.suppressed)
      if (s.kind != SuppressionKind::Inline) mark(s.finding.file.empty() ? s.path : s.finding.file, s.finding);
  };
  auto report = [&](const InputResult& result) {
    mark_used(result);
    if (command.format != ReportFormat::Text && result.unreadable()) write_stderr(render_failures(result));
    reporter.input(result);
    if (!command.write_baseline.empty()) {
      for (const FileResult& m : result.modules)
        if (const auto* r = std::get_if<Report>(&m.outcome))
          for (const Finding& f : r->findings) recorded.emplace_back(finding_artifact(result.path, m.path, command.root), f);
      for (const Finding& f : result.findings)
        recorded.emplace_back(finding_artifact(result.path, f.file.empty() ? result.manifest : f.file, command.root), f);
      status = std::max(status, result.unreadable() ? kExitInput : kExitClean);
      return;
    }
    status = std::max(status, exit_status(result, command.fail_on));
  };
  auto finish = [&] {
    // The configuration's own findings: settings that changed nothing, when
    // the run checked the whole tree it governs.
    if (covers_configuration(command)) {
      InputResult settings;
      settings.path = command.config.path;
      settings.manifest = command.config.path;
      settings.findings = unused_rule_settings(command.config, used_settings);
      if (!settings.findings.empty()) {
        std::vector<std::pair<std::string, Finding*>> named;
        for (Finding& f : settings.findings) named.emplace_back(repository_path(f.file, command.root), &f);
        assign_fingerprints(named);
        suppress(command, settings.path, settings.path, settings.findings, settings.suppressed);
        report(settings);
      }
    }
    reporter.finish();
    if (command.write_baseline.empty()) return;
    std::vector<std::pair<std::string, const Finding*>> list;
    for (const auto& [path, f] : recorded) list.emplace_back(path, &f);
    if (!write_file_atomically(command.write_baseline, render_baseline(list))) {
      write_stderr(fmt::format("astrid-abi: error: cannot write the baseline {}\n", escape_untrusted(command.write_baseline)));
      status = kExitInput;
    }
  };
  if (jobs <= 1) {
    for (const InputSpec& input : inputs) report(check_input_contained(input, command));
    finish();
    return status;
  }

  // Workers take the next unchecked input; this thread reports the results
  // in input order as they become ready, and frees each once reported.
  std::vector<std::optional<InputResult>> results(inputs.size());
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < inputs.size();) {
      InputResult r = check_input_contained(inputs[i], command);
      std::lock_guard lock(mutex);
      results[i] = std::move(r);
      ready.notify_all();
    }
  };
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < jobs; ++w) {
    try {
      workers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // the system gives no more threads: those there are will do
    }
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::unique_lock lock(mutex);
    if (workers.empty() && !results[i]) {
      // Not even one thread: check the rest here.
      lock.unlock();
      work();
      lock.lock();
    }
    ready.wait(lock, [&] { return results[i].has_value(); });
    InputResult result = std::move(*results[i]);
    results[i].reset();
    lock.unlock();
    report(result);
  }
  for (std::thread& t : workers) t.join();
  finish();
  return status;
}

Expected<std::set<std::string, std::less<>>> parse_baseline(std::string_view text) {
  // Each defect its own line: a baseline is edited by hand and merged by
  // git, and "not a baseline" would not say where.
  const auto bad = [](std::string what) {
    return InputError{std::nullopt, what + " (--write-baseline FILE writes one)"};
  };
  const auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return bad("not JSON");
  if (!doc.is_object()) return bad("not a JSON object");
  const auto version = doc.find("version");
  if (version == doc.end()) return bad("no \"version\"");
  if (!version->is_number_integer())
    return bad(fmt::format("\"version\" is {}, not the number {}", version->type_name(), kBaselineVersion));
  if (*version == 1)
    return bad("a version 1 baseline, whose fingerprints could name several findings at once: write it again");
  if (*version != kBaselineVersion)
    return bad(fmt::format("version {} is not one this astrid-abi reads ({})", version->dump(), kBaselineVersion));
  const auto list = doc.find("findings");
  if (list == doc.end() || !list->is_array()) return bad("no \"findings\" array");
  std::set<std::string, std::less<>> fingerprints;
  size_t index = 0;
  for (const auto& f : *list) {
    const auto fp = f.is_object() ? f.find("fingerprint") : f.end();
    if (!f.is_object() || fp == f.end() || !fp->is_string())
      return bad(fmt::format("findings[{}] has no \"fingerprint\" string", index));
    fingerprints.insert(fp->get<std::string>());
    ++index;
  }
  return fingerprints;
}

Expected<std::set<std::string, std::less<>>> read_baseline(const std::string& path) {
  auto text = read_text_file(path, kMaxBaselineBytes);
  if (!text) return text.error();
  return parse_baseline(*text);
}

std::string render_baseline(const std::vector<std::pair<std::string, const Finding*>>& findings) {
  using Json = nlohmann::ordered_json;
  Json list = Json::array();
  for (const auto& [path, f] : findings)
    list.push_back({{"fingerprint", f->fingerprint}, {"rule", f->rule->id}, {"file", path}, {"message", message(*f)}});
  return Json{{"version", kBaselineVersion}, {"tool", "astrid-abi"}, {"findings", std::move(list)}}.dump(
             2, ' ', true, Json::error_handler_t::replace) +
         "\n";
}

}  // namespace astrid
